import pytest
from django.test import Client

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing strength is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer(db):
    return make_user("viewer", groups=("viewer",))


@pytest.fixture
def editor(db):
    return make_user("editor", groups=("editor",))


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", groups=("reviewer",))


@pytest.fixture
def viewer_client(viewer) -> Client:
    return _client_for(viewer)


@pytest.fixture
def editor_client(editor) -> Client:
    return _client_for(editor)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return _client_for(reviewer)


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    """Headers that make a test request look like htmx swapping part of a page."""
    return {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}
