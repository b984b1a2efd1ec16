"""An actor whose name looks like another's is refused, and looked-alike names find the actor
on record (issue 10): "Khаwaja Asif" with a Cyrillic а is "Khawaja Asif" to every reader."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from claims.intake.models import Intake
from claims.lookalike import skeleton
from claims.models import Actor, Claim
from tests.factories import make_actor, make_intake, make_source
from tests.test_admin import admin_url, form_errors, form_on_page
from tests.test_intake import TEXT, accept_url, rows, seed_proposals

pytestmark = pytest.mark.django_db

ASIF = "Khawaja Asif"
CYRILLIC = "Kh\u0430waja Asif"  # а, CYRILLIC SMALL LETTER A

LOOKALIKES = [
    (CYRILLIC, "it uses a Cyrillic letter: \u0430"),
    ("\u041a\u04bbawaja Asif", "it uses a Cyrillic letter: \u041a, \u04bb"),
    ("\uff2bhawaja Asif", "it uses a Fullwidth letter: \uff2b"),
    ("Khawa\u200bja Asif", "it holds an invisible character"),
    ("Khawaja Asıf", "only its look-alike characters, case or spacing differ"),
]


@pytest.mark.parametrize(("name", "_"), LOOKALIKES)
def test_look_alike_names_share_a_skeleton(name, _):
    assert skeleton(name) == skeleton(ASIF)


@pytest.mark.parametrize("name", ["Khawaja Asim", "Khawaja", "Asif Khawaja", "Khwaja Asif"])
def test_names_a_reader_can_tell_apart_do_not(name):
    assert skeleton(name) != skeleton(ASIF)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("name", "why"), LOOKALIKES)
def test_the_actor_page_refuses_a_look_alike_naming_and_linking_the_actor(
    editor_client, htmx_headers, name, why, htmx
):
    asif = make_actor(name=ASIF)
    response = editor_client.post(
        reverse("actor_create"),
        {"name": name, "kind": "person"},
        headers=htmx_headers if htmx else {},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'looks identical to <a href="{asif.get_absolute_url()}">{ASIF}</a>' in html
    assert f"({why})" in html
    assert list(Actor.objects.all()) == [asif]


@pytest.mark.parametrize("name", ["khawaja asif", "KHAWAJA ASIF", "Khawaja  Asif"])
def test_the_same_name_in_another_case_is_on_record_already(editor_client, name):
    asif = make_actor(name=ASIF)
    response = editor_client.post(reverse("actor_create"), {"name": name, "kind": "person"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        f'<a href="{asif.get_absolute_url()}">{ASIF}</a> is already on record: pick that actor '
        "instead."
    ]
    assert Actor.objects.count() == 1


def test_the_admin_refuses_a_new_or_renamed_look_alike(admin_client):
    make_actor(name=ASIF)
    other = make_actor(name="Zabihullah Mujahid")
    form = form_on_page(admin_client, admin_url(Actor, "add"))
    form.update({"name": CYRILLIC, "kind": "person"})
    errors = form_errors(admin_client.post(admin_url(Actor, "add"), form))
    assert "looks identical to" in errors["name"][0]
    assert "Cyrillic" in errors["name"][0]

    form = form_on_page(admin_client, admin_url(Actor, "change", other.pk))
    form["name"] = CYRILLIC
    errors = form_errors(admin_client.post(admin_url(Actor, "change", other.pk), form))
    assert "looks identical to" in errors["name"][0]
    other.refresh_from_db()
    assert other.name == "Zabihullah Mujahid"
    assert Actor.objects.count() == 2


def test_an_actor_keeps_its_own_name_when_edited(admin_client):
    asif = make_actor(name=ASIF)
    form = form_on_page(admin_client, admin_url(Actor, "change", asif.pk))
    form["title"] = "Defence Minister"
    response = admin_client.post(admin_url(Actor, "change", asif.pk), form)
    assert response.status_code == 302
    asif.refresh_from_db()
    assert asif.title == "Defence Minister"


def test_the_database_refuses_a_look_alike_written_past_the_forms():
    make_actor(name=ASIF)
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(name=CYRILLIC)
    assert Actor.objects.count() == 1


def test_renaming_updates_the_skeleton():
    actor = make_actor(name="Khawaja")
    actor.name = ASIF
    actor.save(update_fields=["name"])
    actor.refresh_from_db()
    assert actor.name_skeleton == skeleton(ASIF)


@pytest.mark.parametrize(("name", "_"), LOOKALIKES)
def test_a_pasted_look_alike_name_finds_the_actor_on_record(name, _):
    asif = make_actor(name=ASIF)
    assert Actor.objects.named([name]) == {skeleton(name): asif}


def test_intake_gives_a_look_alike_speaker_the_actor_on_record(editor_client):
    ispr = make_actor(name="Inter-Services Public Relations")
    make_actor(name="Zabihullah Mujahid")
    intake = make_intake(make_source(text=TEXT), seed_proposals())
    lookalike = "Inter-Services Public Rel\u0430tions"
    response = editor_client.post(accept_url(intake), rows(intake, row__1__speaker=lookalike))
    assert response.status_code == 302
    assert Actor.objects.count() == 2
    assert Claim.objects.get(speaker=ispr).quote.startswith("No strikes")
    assert Intake.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_skeletons_and_leaves_old_look_alikes_to_be_renamed(editor_client):
    call_command("migrate", "claims", "0020", verbosity=0)
    try:
        old = MigrationExecutor(connection).loader.project_state(("claims", "0020_text_limits"))
        OldActor = old.apps.get_model("claims", "Actor")
        first = OldActor.objects.create(name=ASIF)
        twin = OldActor.objects.create(name=CYRILLIC)
    finally:
        call_command("migrate", "claims", verbosity=0)
    first, twin = Actor.objects.get(pk=first.pk), Actor.objects.get(pk=twin.pk)
    assert (first.name_skeleton, twin.name_skeleton) == (skeleton(ASIF), None)
    assert Actor.objects.named([ASIF])[skeleton(ASIF)] == first
    # The twin's next edit asks for another name.
    twin.title = "Minister"
    with pytest.raises(Exception, match="looks identical"):
        twin.full_clean()
