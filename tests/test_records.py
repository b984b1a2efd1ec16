"""Editors add the actors, incidents and places that claims are recorded against."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Actor, Incident, Place
from tests.factories import make_actor, make_incident, make_place

pytestmark = pytest.mark.django_db


def test_an_editor_adds_an_actor_and_lands_on_its_page(editor_client, editor):
    response = editor_client.post(
        reverse("actor_create"), {"name": "Ministry of Defence", "kind": "government"}
    )
    actor = Actor.objects.get(name="Ministry of Defence")
    assert response.status_code == 302
    assert response.url == actor.get_absolute_url()
    assert actor.history.get().history_user == editor


def test_an_editor_adds_an_incident_with_a_slug_from_its_title(editor_client, editor):
    place = make_place(name="Khost")
    response = editor_client.post(
        reverse("incident_create"),
        {"title": "Strikes on Khost, March", "occurred_on": "2026-03-02", "places": [place.pk]},
    )
    incident = Incident.objects.get(slug="strikes-on-khost-march")
    assert response.url == incident.get_absolute_url()
    assert list(incident.places.all()) == [place]
    # The places are recorded in a version of their own, after the row's first.
    assert {version.history_user for version in incident.history.all()} == {editor}
    assert editor_client.get(response.url).status_code == 200


def test_an_editor_adds_a_place_and_goes_back_where_they_came_from(editor_client, editor):
    response = editor_client.post(
        reverse("place_create") + "?next=/claims/new/", {"name": "Khost", "country": "AF"}
    )
    assert response.url == "/claims/new/"
    assert Place.objects.get(name="Khost").history.get().history_user == editor


def test_a_place_never_sends_the_editor_off_site(editor_client):
    response = editor_client.post(
        reverse("place_create") + "?next=https://elsewhere.example/", {"name": "Khost"}
    )
    assert response.url == reverse("claim_list")


@pytest.mark.parametrize("name", ["actor_create", "incident_create", "place_create"])
def test_a_viewer_may_not_add_and_nothing_is_written(viewer_client, name):
    before = Actor.objects.count(), Incident.objects.count(), Place.objects.count()
    response = viewer_client.post(reverse(name), {"name": "X", "title": "X", "kind": "person"})
    assert response.status_code == 403
    assert (Actor.objects.count(), Incident.objects.count(), Place.objects.count()) == before


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("actor_create", {"name": "", "kind": "person"}, "name"),
        ("actor_create", {"name": "X", "kind": "nonsense"}, "kind"),
        ("place_create", {"name": "Khost", "latitude": "north"}, "latitude"),
        ("incident_create", {"title": "!!!"}, "title"),
        ("incident_create", {"title": "New"}, "title"),
        ("incident_create", {"title": "x" * 201}, "title"),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(editor_client, name, data, field):
    before = Actor.objects.count(), Incident.objects.count(), Place.objects.count()
    response = editor_client.post(reverse(name), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b'role="alert"' in response.content
    assert (Actor.objects.count(), Incident.objects.count(), Place.objects.count()) == before


def test_an_incident_title_already_taken_is_a_form_error(editor_client):
    make_incident(title="Strikes on Khost", slug="strikes-on-khost")
    response = editor_client.post(reverse("incident_create"), {"title": "Strikes on Khost"})
    assert "already on record" in str(response.context["form"].errors["title"])
    assert Incident.objects.count() == 1


def test_the_desk_offers_the_pages_to_editors_only(editor_client, viewer_client):
    links = [reverse(name) for name in ("actor_create", "incident_create", "place_create")]
    editor_page = editor_client.get(reverse("desk")).content.decode()
    viewer_page = viewer_client.get(reverse("desk")).content.decode()
    assert all(link in editor_page for link in links)
    assert not any(link in viewer_page for link in links)


@pytest.mark.parametrize("name", ["actor_create", "incident_create", "place_create"])
def test_the_form_page_has_a_csrf_token(editor_client, name):
    response = editor_client.get(reverse(name))
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content


@pytest.mark.parametrize("name", ["actor_create", "incident_create", "place_create"])
def test_the_form_pages_query_counts_do_not_grow_with_the_ledger(editor_client, name):
    # The actor and place pickers are autocompletes, never lists of every row.
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(reverse(name)).status_code == 200
        return len(captured)

    queries()  # sessions and permissions cached, as on any later page
    few = queries()
    for n in range(20):
        make_incident(title=f"Incident {n}").places.add(make_place())
        make_actor(name=f"Actor {n}")
    assert queries() == few
