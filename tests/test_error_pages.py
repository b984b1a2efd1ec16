"""The 400, 403, 404, 405 and 500 pages: in the app's own look, and telling an outsider nothing."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.defaults import server_error

from claims.settings import BASE_DIR
from claims.urls import urlpatterns as app_urls
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

# What a debug page or a careless error page would show.
LEAKS = ("Traceback", "DEBUG", "URLconf", "SECRET_KEY", "DATABASES", "site-packages", str(BASE_DIR))


@login_not_required
def broken(request):
    raise RuntimeError("a bug in a view, with a secret in its message: hunter2")


@login_not_required
def nonsense(request):
    raise BadRequest("the request named a field the secret_field does not have")


# This module doubles as the URLconf of the tests below: the app's URLs plus two that fail.
urlpatterns = [*app_urls, path("broken/", broken), path("nonsense/", nonsense)]


@pytest.fixture(autouse=True)
def _production(settings):
    # As in production: with DEBUG on Django would show its own technical pages instead.
    settings.DEBUG = False


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = __name__


def assert_app_page_without_leaks(html: str, heading: str) -> None:
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html
    assert "Back to the desk" in html
    for leak in LEAKS:
        assert leak not in html


def test_an_unknown_address_is_the_apps_404(viewer_client):
    response = viewer_client.get("/claims/no-such-thing/")
    assert "no-such-thing" not in response.content.decode()
    assert response.status_code == 404
    assert_app_page_without_leaks(response.content.decode(), "Not found")


def test_a_missing_record_is_the_apps_404_without_the_model_name(viewer_client):
    response = viewer_client.get(reverse("claim_detail", args=[987654]))
    assert response.status_code == 404
    html = response.content.decode()
    assert_app_page_without_leaks(html, "Not found")
    assert "Claim matches" not in html


@pytest.mark.parametrize("path", ["/claims/no-such-thing/", "/claims/987654/"])
def test_with_debug_on_a_404_is_still_the_apps_page(viewer_client, settings, path):
    # As under `make run`: Django would show its technical 404, listing every URL pattern.
    settings.DEBUG = True
    response = viewer_client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert_app_page_without_leaks(html, "Not found")
    assert "Signed in as <strong>viewer</strong>" in html


def test_with_debug_on_a_missing_slash_is_still_redirected(viewer_client, settings):
    settings.DEBUG = True
    response = viewer_client.get("/claims")
    assert (response.status_code, response["Location"]) == (301, "/claims/")


def test_a_write_without_the_permission_is_the_apps_403(viewer_client):
    claim = make_claim()
    response = viewer_client.get(reverse("claim_edit", args=[claim.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert_app_page_without_leaks(html, "Not allowed")
    # Rendered with the request: the header still says who is signed in.
    assert "Signed in as <strong>viewer</strong>" in html


def test_a_post_without_the_csrf_token_is_the_apps_403(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert_app_page_without_leaks(response.content.decode(), "Form expired")


def test_a_bad_request_is_the_apps_400(client, failing_urls):
    response = client.get("/nonsense/")
    assert response.status_code == 400
    html = response.content.decode()
    assert_app_page_without_leaks(html, "Bad request")
    assert "secret_field" not in html


def test_a_crash_is_the_apps_500_and_tells_nothing(client, failing_urls):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_app_page_without_leaks(html, "Something went wrong")
    assert "hunter2" not in html
    assert "RuntimeError" not in html


class UnreachableUser:
    """Stands for a user whose lookup would fail: the database is what just broke."""

    def __getattr__(self, name):
        raise AssertionError(f"the 500 page read request.user.{name}")


def test_the_500_page_needs_neither_the_database_nor_the_user(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = UnreachableUser()
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert_app_page_without_leaks(response.content.decode(), "Something went wrong")


def test_a_post_to_a_page_that_only_reads_is_the_apps_405(editor_client):
    # It used to render the pairing page with 200, as if something had happened.
    claim = make_claim()
    response = editor_client.post(reverse("claim_pair", args=[claim.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert_app_page_without_leaks(response.content.decode(), "Not possible here")
    assert "Signed in as <strong>editor</strong>" in response.content.decode()


def test_a_get_to_a_write_is_the_apps_405(editor_client):
    response = editor_client.get(reverse("link_undo", args=[1]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert_app_page_without_leaks(response.content.decode(), "Not possible here")
