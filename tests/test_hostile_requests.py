"""The requests issue 10's security sweep answered with a 500, and NUL bytes in every URL.

Each request of the sweep is pinned here on both engines (`make test-postgres` runs the same
file on PostgreSQL). A NUL byte in any query-string or form value, on any URL, is refused with
the app's 400 page before a view can hand it to the database: PostgreSQL text cannot hold one
(a `DataError`, a 500), and no field of the app has a use for it.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from claims.intake.models import Intake
from claims.models import Claim, ClaimLink
from tests.factories import make_claim, make_incident, make_intake, make_link, make_user
from tests.test_access_matrix import EXPECTED, SAMPLES, discovered_url_names, ledger  # noqa: F401

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


# The sweep's 500s on ids: "²" passes `str.isdigit()`, 23 digits overflow a 64-bit key.


@pytest.mark.parametrize("q", ["#²", "#" + HUGE, "²", HUGE])
def test_pair_search_with_an_id_that_is_no_id_finds_nothing(editor_client, q):
    claim = make_claim()
    response = editor_client.get(reverse("claim_pair", args=[claim.pk]), {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize("claim", ["²", HUGE, ""])
def test_undoing_a_missing_link_with_a_claim_that_is_no_id_is_a_404(editor_client, claim):
    response = editor_client.post(reverse("link_undo", args=[999999]), {"claim": claim})
    assert response.status_code == 404


@pytest.mark.parametrize("claim", ["²", HUGE])
def test_undoing_a_link_with_a_claim_that_is_no_id_still_undoes_it(editor_client, claim):
    link = make_link(make_claim(), make_claim())
    response = editor_client.post(reverse("link_undo", args=[link.pk]), {"claim": claim})
    assert response.status_code in (200, 302)
    assert not ClaimLink.objects.filter(pk=link.pk).exists()


@pytest.mark.parametrize("field", ["accused", "places", "speaker", "source", "incident"])
@pytest.mark.parametrize("value", [HUGE, "²", "-1"])
def test_claim_create_with_an_id_past_any_key_is_a_form_error(editor_client, field, value):
    response = editor_client.post(reverse("claim_create"), {field: value})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Claim.objects.exists()


# Admin changelists with a date hierarchy: datetime() overflows (OverflowError) on a year of 20
# digits, and year 9999 has no next year to end the range at (ValueError after Django's check).


def date_hierarchy_admins() -> list[str]:
    return sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
    )


def test_the_date_hierarchies_include_the_sweeps_changelists():
    assert {"claims.Claim", "claims.Incident", "claims.Source"} <= set(date_hierarchy_admins())


@pytest.mark.parametrize("label", date_hierarchy_admins())
@pytest.mark.parametrize(
    "dates",
    [
        {"year": HUGE},
        {"year": "2025", "month": HUGE},
        {"year": "2025", "month": "1", "day": HUGE},
        {"year": "9999"},
        {"year": "9999", "month": "12"},
        {"year": "9999", "month": "12", "day": "31"},
        {"year": "-1"},
        {"year": "²"},
    ],
)
def test_an_out_of_range_date_on_a_changelist_is_the_admins_invalid_lookup(
    admin_client, label, dates
):
    make_claim(incident=make_incident())
    make_intake()
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label == label)
    field = model_admin.date_hierarchy
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    response = admin_client.get(url, {f"{field}__{part}": value for part, value in dates.items()})
    # As for any lookup the changelist cannot make sense of: back to the list, flagged `e=1`.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_an_in_range_date_on_a_changelist_still_filters(admin_client):
    make_claim()
    url = reverse("admin:claims_claim_changelist")
    assert admin_client.get(url, {"stated_on__year": "2025"}).status_code == 200
    assert admin_client.get(url, {"stated_on__year": "9998"}).status_code == 200


# NUL bytes: every URL the app routes, GET and POST, signed in as an admin and not at all.

# Every name a view or the admin reads from a query string or a form, and one read by none.
PARAMETERS = (
    "q",
    "page",
    "kind",
    "side",
    "list",
    "before",
    "next",
    "field",
    "status",
    "speaker",
    "accused",
    "incident",
    "source",
    "quote",
    "claim",
    "name",
    "url",
    "o",
    "e",
    "stated_on__year",
    "not_a_parameter",
)


def sample_url(name: str, ledger) -> str:  # noqa: F811
    return reverse(name, kwargs=SAMPLES[EXPECTED[name][0]](ledger))


@pytest.mark.parametrize("signed_in", [True, False], ids=["admin", "anonymous"])
@pytest.mark.parametrize("name", discovered_url_names())
def test_a_nul_byte_in_any_query_parameter_is_a_400(ledger, admin_client, name, signed_in):  # noqa: F811
    client = admin_client if signed_in else Client()
    url = sample_url(name, ledger)
    for parameter in PARAMETERS:
        for value in ("\x00", "khawaja\x00asif"):
            response = client.get(url, {parameter: value})
            assert response.status_code == 400, f"{url}?{parameter}={value!r}"
            assert "NUL" in response.content.decode()
    # In a parameter's name too.
    assert client.get(f"{url}?q%00=1").status_code == 400


@pytest.mark.parametrize("name", discovered_url_names())
def test_a_nul_byte_in_any_form_value_is_a_400_that_writes_nothing(ledger, admin_client, name):  # noqa: F811
    url = sample_url(name, ledger)
    claims, links, intakes = (
        Claim.objects.count(),
        ClaimLink.objects.count(),
        Intake.objects.count(),
    )
    for parameter in PARAMETERS:
        response = admin_client.post(url, {parameter: "a\x00b"})
        assert response.status_code == 400, f"POST {url} {parameter}"
    assert (Claim.objects.count(), ClaimLink.objects.count(), Intake.objects.count()) == (
        claims,
        links,
        intakes,
    )


def admin_changelists() -> list[str]:
    return sorted(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    )


@pytest.mark.parametrize("name", admin_changelists())
def test_a_nul_byte_in_an_admin_search_or_filter_is_a_400(admin_client, name):
    make_claim()
    for parameter in ("q", "status", "kind__exact", "id__gte", "o", "p"):
        response = admin_client.get(reverse(name), {parameter: "a\x00b"})
        assert response.status_code == 400, f"{name}?{parameter}"


@pytest.mark.parametrize("name", ["claim_list", "desk", "claim_export"])
def test_the_400_says_what_was_wrong(viewer_client, name):
    response = viewer_client.get(reverse(name), {"q": "\x00"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in html
    assert "NUL character" in html
