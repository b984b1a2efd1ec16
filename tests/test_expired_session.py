"""A signed-out htmx request (an expired session mid-edit) is sent to sign in as a whole page.

A 302 to the sign-in page would be followed by the browser inside the XHR and htmx would swap
the whole sign-in page into the card being edited; HX-Redirect makes htmx load it as a page.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_claim

pytestmark = pytest.mark.django_db

CLAIM_PAGE = "http://testserver/claims/1/?from=desk"


def edit_url() -> str:
    return reverse("claim_edit", kwargs={"pk": make_claim().pk})


def test_an_htmx_save_signed_out_is_sent_to_sign_in_with_the_page_to_come_back_to(client):
    url = edit_url()
    response = client.post(
        url,
        {"summary": "Typed before the session ran out"},
        headers={"HX-Request": "true", "HX-Current-URL": CLAIM_PAGE},
    )
    assert response.status_code == 200
    assert "Location" not in response
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/claims/1/%3Ffrom%3Ddesk"
    assert response.content == b""


def test_an_htmx_save_with_an_expired_session_cookie_is_sent_to_sign_in(editor_client):
    url = edit_url()
    editor_client.cookies[settings.SESSION_COOKIE_NAME] = "expired-or-unknown-session"
    response = editor_client.post(
        url, {}, headers={"HX-Request": "true", "HX-Current-URL": CLAIM_PAGE}
    )
    assert response["HX-Redirect"].startswith(f"{reverse('login')}?next=/claims/1/")


@pytest.mark.parametrize(
    "current_url",
    ["https://evil.example/claims/1/", "//evil.example/", "javascript:alert(1)", ""],
)
def test_a_foreign_or_missing_current_page_is_not_where_sign_in_returns(client, current_url):
    response = client.post(
        edit_url(), {}, headers={"HX-Request": "true", "HX-Current-URL": current_url}
    )
    assert response["HX-Redirect"] == reverse("login")


def test_a_plain_save_signed_out_still_redirects_to_sign_in(client):
    url = edit_url()
    response = client.post(url, {"summary": "Typed"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert "HX-Redirect" not in response


def test_an_htmx_get_signed_out_is_sent_to_sign_in_too(client):
    response = client.get(
        reverse("claim_list"), headers={"HX-Request": "true", "HX-Current-URL": CLAIM_PAGE}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
