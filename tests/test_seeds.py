"""The seed dossier loads whole, loads once, and refuses a broken file without leaving a trace."""

import re
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import (
    Actor,
    Claim,
    ClaimLink,
    EvidenceLink,
    Figure,
    Incident,
    Place,
    Source,
)
from claims.seeds import SeedError, load_seed_dossier
from claims.sides import SideMap

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR) / "seeds"
MODELS = (Actor, Place, Incident, Source, Claim, Figure, ClaimLink, EvidenceLink)
MUJAHID_QUOTE = "Taliban spokesperson Zabihullah Mujahid accused Pakistan of airstrikes"


def snapshot() -> dict[str, list[dict]]:
    """Every row of every seeded model, field by field."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def claim_quoting(start: str) -> Claim:
    return Claim.objects.get(quote__startswith=start)


def seed_entry(dossier: dict, key: str) -> dict:
    return next(claim for claim in dossier["claims"] if claim["key"] == key)


def broken_dossier(tmp_path: Path, break_it: Callable[[dict], None]) -> Path:
    """A copy of the seed dossier, with its article beside it, changed by `break_it`."""
    dossier = yaml.safe_load((SEEDS / "dossier.yaml").read_text(encoding="utf-8"))
    break_it(dossier)
    for source in dossier["sources"]:
        if source.get("text_file"):
            shutil.copy(SEEDS / source["text_file"], tmp_path)
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(dossier, allow_unicode=True), encoding="utf-8")
    return path


def test_seed_dossier_loads_every_section():
    report = load_seed_dossier()

    assert report.created[Claim] == Claim.objects.count() == 12
    assert report.created[ClaimLink] == ClaimLink.objects.count() == 5
    assert Actor.objects.count() == 11
    assert Place.objects.count() == 4
    assert set(Incident.objects.values_list("slug", flat=True)) == {
        "khost-kunar-paktika-airstrikes",
        "peshawar-federal-constabulary-attack",
        "october-2025-border-clashes",
    }
    assert Source.objects.count() == 2
    assert not report.existing
    assert set(Claim.objects.values_list("status", "credibility")) == {("in_review", 6)}


def test_second_load_creates_nothing_and_changes_nothing():
    load_seed_dossier()
    before = snapshot()

    report = load_seed_dossier()

    assert report.new == 0
    assert report.existing[Claim] == 12
    assert snapshot() == before  # updated_at included: no row was saved again


def test_reload_keeps_what_an_editor_changed():
    load_seed_dossier()
    claim = claim_quoting(MUJAHID_QUOTE)
    claim.summary = "Edited by the desk"
    claim.save()
    incident = Incident.objects.get(slug="khost-kunar-paktika-airstrikes")
    incident.places.remove(Place.objects.get(name="Khost"))

    report = load_seed_dossier()

    assert report.new == 0
    assert Claim.objects.get(pk=claim.pk).summary == "Edited by the desk"
    assert set(incident.places.values_list("name", flat=True)) == {"Kunar", "Paktika"}


def test_every_seed_claim_has_a_quote_anchored_in_its_source():
    load_seed_dossier()

    for claim in Claim.objects.select_related("source"):
        assert claim.quote, claim.summary
        assert claim.source.text[claim.quote_start : claim.quote_end] == claim.quote


def test_seed_article_text_is_the_file_as_captured():
    load_seed_dossier()

    article = Source.objects.get(kind="article")
    assert article.text == (SEEDS / "geo-news-asif-writes-off-taliban.txt").read_text("utf-8")
    assert article.outlet.name == "Geo News"
    assert article.url == ""


def test_ispr_and_asif_denials_both_deny_mujahids_accusation():
    load_seed_dossier()
    accusation = claim_quoting(MUJAHID_QUOTE)

    denials = {link.from_claim.speaker.name: link for link in accusation.responses()}

    assert set(denials) >= {"Ahmed Sharif Chaudhry", "Khawaja Asif"}
    for speaker in ("Ahmed Sharif Chaudhry", "Khawaja Asif"):
        assert denials[speaker].relation == "denies"
        assert denials[speaker].facets == ["occurrence", "civilian_status"]
        assert denials[speaker].from_claim.kind == "denial"


def test_sides_derive_from_affiliations():
    load_seed_dossier()
    actor = {a.name: a for a in Actor.objects.all()}
    roots = SideMap.for_actors(a.pk for a in actor.values()).roots

    assert actor["Ahmed Sharif Chaudhry"].side == actor["Government of Pakistan"]
    assert actor["Khawaja Asif"].side == actor["Government of Pakistan"]
    assert actor["Zabihullah Mujahid"].side == actor["Afghan Taliban"]
    assert actor["Noor Wali Mehsud"].side == actor["Tehreek-e-Taliban Pakistan"]
    for name in ("Ahmed Sharif Chaudhry", "Zabihullah Mujahid", "Noor Wali Mehsud"):
        assert roots[actor[name].pk] == actor[name].side.pk
    assert actor["Inter-Services Public Relations"].alias_list() == ["ISPR"]


def test_mujahids_accusation_is_answered_but_the_ttp_blame_is_not():
    load_seed_dossier()
    unanswered = Claim.objects.unanswered_accusations()

    assert claim_quoting(MUJAHID_QUOTE) not in unanswered
    ttp_blame = claim_quoting("a suicide attack in Peshawar")
    assert ttp_blame in unanswered
    assert ttp_blame.speaker.name == "Government of Pakistan"
    assert set(ttp_blame.accused.values_list("name", flat=True)) == {
        "Tehreek-e-Taliban Pakistan",
        "Noor Wali Mehsud",
    }


def test_seed_figures_are_recorded_on_their_claims():
    load_seed_dossier()

    mujahid = claim_quoting(MUJAHID_QUOTE)
    assert [str(figure) for figure in mujahid.figures.all()] == ["10 civilians killed"]
    assert set(mujahid.places.values_list("name", flat=True)) == {"Khost", "Kunar", "Paktika"}
    assert list(mujahid.accused.values_list("name", flat=True)) == ["Pakistan Armed Forces"]
    peshawar = claim_quoting("a suicide attack in Peshawar")
    assert {str(figure) for figure in peshawar.figures.all()} == {"3 police killed", "11 injured"}
    october = claim_quoting("Tensions worsened after clashes in October")
    assert october.figures.get().low == 20
    assert october.figures.get().high == 23


def test_seed_evidence_cites_sources_without_urls():
    load_seed_dossier()

    assert not EvidenceLink.objects.exclude(url="").exists()
    mujahid_evidence = claim_quoting(MUJAHID_QUOTE).evidence.get()
    assert (mujahid_evidence.source.kind, mujahid_evidence.kind) == ("article", "document")
    dismissal = claim_quoting("Asif dismissed Taliban allegations").evidence.get()
    assert (dismissal.source.kind, dismissal.kind, dismissal.stance) == (
        "broadcast",
        "video",
        "context",
    )


def misquote(dossier: dict) -> None:
    seed_entry(dossier, "mujahid-airstrikes")["quote"] = "claiming 12 civilians were killed."


def ambiguous_quote(dossier: dict) -> None:
    seed_entry(dossier, "ispr-responds-as-a-state")["quote"] = "Afghan Taliban"


def unknown_speaker(dossier: dict) -> None:
    seed_entry(dossier, "ispr-responds-as-a-state")["speaker"] = "Ahmad Sharif Choudhry"


def misspelt_field(dossier: dict) -> None:
    seed_entry(dossier, "mujahid-airstrikes")["acused"] = ["Pakistan Armed Forces"]


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (
            misquote,
            "claims[8] “mujahid-airstrikes”: quote: This quote does not appear in the source text",
        ),
        (ambiguous_quote, "claims[11] “ispr-responds-as-a-state”: quote: This quote appears"),
        (unknown_speaker, "unknown actor “Ahmad Sharif Choudhry”; list it under actors first"),
        (misspelt_field, "claims[8] “mujahid-airstrikes” has unknown field(s) acused"),
    ],
)
def test_broken_seed_fails_naming_the_entry_and_loads_nothing(tmp_path, break_it, message):
    path = broken_dossier(tmp_path, break_it)

    with pytest.raises(SeedError, match=re.escape(message)):
        load_seed_dossier(path)

    assert snapshot() == {model.__name__: [] for model in MODELS}


def test_command_prints_its_summary():
    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert out.getvalue().strip() == "Seed dossier: 12 claims, 5 links (44 new)"

    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert out.getvalue().strip() == "Seed dossier: 12 claims, 5 links (0 new)"


def test_command_turns_a_broken_seed_into_a_command_error(tmp_path):
    path = broken_dossier(tmp_path, misquote)

    with pytest.raises(CommandError, match="does not appear in the source text"):
        call_command("load_seeds", str(path), stdout=StringIO())

    assert not Claim.objects.exists()
