"""Every URL field refuses addresses that read as leading elsewhere: a user name or password
before the host, and hidden direction marks or invisible characters (issue 10)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.fields import WebURLFormField
from claims.intake.models import Intake
from claims.models import EvidenceLink, Source
from tests.factories import make_claim
from tests.test_admin import admin_url, form_errors, form_on_page
from tests.test_intake import article

pytestmark = pytest.mark.django_db

CREDENTIALS = "This link has a user name or password before its host"
BIDI = "This link holds a hidden direction mark"
INVISIBLE = "This link holds an invisible character"

REFUSED = [
    ("https://user:secret@example.org/report", CREDENTIALS),
    ("https://example.org@evil.test/report", CREDENTIALS),
    ("http://editor@example.org/", CREDENTIALS),
    ("https://evil.test/\u202egro.elpmaxe", f"{BIDI} (RIGHT-TO-LEFT OVERRIDE, U+202E)"),
    ("https://\u202bexample.org/", f"{BIDI} (RIGHT-TO-LEFT EMBEDDING, U+202B)"),
    ("https://example.org/\u2067report\u2069", f"{BIDI} (RIGHT-TO-LEFT ISOLATE, U+2067)"),
    ("https://example.org/\u200freport", f"{BIDI} (RIGHT-TO-LEFT MARK, U+200F)"),
    ("https://example.org/\u200ereport", f"{BIDI} (LEFT-TO-RIGHT MARK, U+200E)"),
    ("https://example.org/\u061creport", f"{BIDI} (ARABIC LETTER MARK, U+061C)"),
    ("https://exam\u200bple.org/", f"{INVISIBLE} (ZERO WIDTH SPACE, U+200B)"),
    ("https://example.org/re\u00adport", f"{INVISIBLE} (SOFT HYPHEN, U+00AD)"),
    ("https://example.org/\u2060", f"{INVISIBLE} (WORD JOINER, U+2060)"),
    ("https://example.org/\x07", f"{INVISIBLE} (unnamed, U+0007)"),
]
URLS = [url for url, _ in REFUSED]

# An @ after the host is part of a path or a query, as on many social sites.
ACCEPTED = [
    "https://medium.com/@writer/a-post",
    "https://example.org/search?q=a@b",
    "https://example.org/#@top",
    "https://example.org/%E2%80%AE",
    "https://اردو.example/خبر",
]


@pytest.mark.parametrize(("url", "message"), REFUSED)
def test_the_form_field_refuses_it_with_its_own_message(url, message):
    with pytest.raises(ValidationError) as error:
        WebURLFormField(max_length=2000).clean(url)
    assert len(error.value.messages) == 1
    assert error.value.messages[0].startswith(message)


@pytest.mark.parametrize("url", ACCEPTED)
def test_an_at_sign_or_a_letter_of_any_script_after_the_host_is_fine(url):
    assert WebURLFormField(max_length=2000).clean(url) == url


@pytest.mark.parametrize(("url", "message"), REFUSED)
def test_the_models_refuse_it_too(url, message):
    source = Source(title="x", text="", url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert error.value.message_dict["url"][0].startswith(message)


@pytest.mark.parametrize(("url", "message"), REFUSED)
def test_evidence_on_the_claim_page_refuses_it(editor_client, url, message):
    claim = make_claim()
    response = editor_client.post(
        reverse("evidence_add", args=[claim.pk]),
        {"url": url, "stance": "supports", "kind": "document"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["url"][0].startswith(message)
    assert not EvidenceLink.objects.exists()


@pytest.mark.parametrize(("url", "message"), REFUSED[:4])
def test_intake_refuses_it_for_the_article(editor_client, url, message):
    response = editor_client.post(reverse("intake_new"), article(url=url))
    assert response.status_code == 200
    assert response.context["form"].errors["url"][0].startswith(message)
    assert not Source.objects.exists()
    assert not Intake.objects.exists()


@pytest.mark.parametrize("field", ["url", "archive_url"])
@pytest.mark.parametrize(("url", "message"), REFUSED[:4])
def test_the_admin_refuses_it_for_a_source(admin_client, field, url, message):
    form = form_on_page(admin_client, admin_url(Source, "add"))
    form.update({"title": "Suspicious", "text": "Body", field: url})
    errors = form_errors(admin_client.post(admin_url(Source, "add"), form))
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert not Source.objects.exists()
