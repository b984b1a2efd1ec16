"""Who gets in: a role (viewer, editor, reviewer) to read anything, in the app and the admin,
and the admin open to editors without Django's staff flag, which roles cannot grant."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from claims.models import Actor, Claim, Incident, Place, Source
from claims.roles import ensure_roles
from tests.factories import make_claim, make_user
from tests.test_admin import admin_url, form_errors, form_on_page

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.make_user's


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_sign_in(username: str) -> Client:
    client = Client()
    client.post(reverse("admin:login"), {"username": username, "password": PASSWORD})
    return client


# No role ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["desk", "claim_list", "removed_list", "admin:index"])
def test_an_account_in_no_group_reads_nothing_and_is_told_why(page):
    make_claim(summary="Airstrikes in Khost killed civilians")
    client = signed_in(make_user("nobody"))

    response = client.get(reverse(page))

    assert response.status_code == 403
    assert "Your account has no role yet" in response.text
    assert "Airstrikes in Khost" not in response.text


def test_an_account_in_no_group_reads_a_claim_once_given_the_viewer_role():
    claim = make_claim()
    user = make_user("nobody")
    client = signed_in(user)
    assert client.get(claim.get_absolute_url()).status_code == 403

    ensure_roles()
    user.groups.add(Group.objects.get(name="viewer"))

    assert client.get(claim.get_absolute_url()).status_code == 200


def test_an_account_in_no_group_can_still_sign_out():
    client = signed_in(make_user("nobody"))
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("desk")).status_code == 302  # to sign in


def test_an_account_in_no_group_is_refused_at_the_admin_sign_in():
    make_user("nobody")
    response = Client().post(reverse("admin:login"), {"username": "nobody", "password": PASSWORD})
    assert response.status_code == 200
    assert "an account with a desk role" in response.text


def test_an_inactive_editor_is_refused_at_the_admin_sign_in():
    make_user("gone", groups=("editor",), is_active=False)
    client = admin_sign_in("gone")
    assert client.get(reverse("admin:index")).status_code == 302  # back to sign in


# Editors in the admin ------------------------------------------------------------------------


def test_an_editor_without_staff_status_signs_in_to_the_admin():
    make_user("editor", groups=("editor",))

    index = admin_sign_in("editor").get(reverse("admin:index"))

    assert index.status_code == 200
    for model in (Source, Actor, Incident, Place, Claim):
        assert admin_url(model, "add") in index.text
    assert "/admin/auth/user/" not in index.text


RECORDS = {
    Source: {"title": "Dawn report", "kind": "article", "url": "https://www.dawn.com/news/1"},
    Actor: {"name": "Zabihullah Mujahid", "kind": "person"},
    Place: {"name": "Khost", "country": "Afghanistan"},
    Incident: {"title": "Airstrikes in Khost", "slug": "airstrikes-in-khost"},
}


@pytest.mark.parametrize("model", RECORDS, ids=lambda model: model.__name__)
def test_an_editor_records_sources_actors_places_and_incidents_in_the_admin(model):
    client = admin_sign_in(make_user("editor", groups=("editor",)).username)
    form = form_on_page(client, admin_url(model, "add"))
    form.update(RECORDS[model])

    response = client.post(admin_url(model, "add"), form)

    assert response.status_code == 302, form_errors(response)
    assert model.objects.filter(**RECORDS[model]).exists()


def test_a_viewer_reads_the_admin_but_changes_nothing():
    claim = make_claim(summary="As recorded")
    client = admin_sign_in(make_user("viewer", groups=("viewer",)).username)
    assert client.get(admin_url(Claim, "change", claim.pk)).status_code == 200

    response = client.post(admin_url(Claim, "change", claim.pk), {"summary": "Changed"})

    assert response.status_code == 403
    assert client.get(admin_url(Source, "add")).status_code == 403
    assert Claim.objects.get(pk=claim.pk).summary == "As recorded"


def test_an_editor_cannot_grade_or_publish_through_the_admin():
    author = make_user("author", groups=("editor",))
    claim = make_claim(created_by=author, updated_by=author, quote="accused the army")
    claim.submit(by=author)
    client = admin_sign_in(make_user("editor", groups=("editor",)).username)
    form = form_on_page(client, admin_url(Claim, "change", claim.pk))
    assert not {"credibility", "status"} & set(form)
    form.update(credibility="1", status="published")
    client.post(admin_url(Claim, "change", claim.pk), form)

    client.post(
        admin_url(Claim, "changelist"),
        {"action": "publish_claims", "_selected_action": [claim.pk]},
    )

    claim.refresh_from_db()
    assert (claim.status, claim.credibility) == ("in_review", 6)
