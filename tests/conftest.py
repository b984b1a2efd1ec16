import pytest
from django.conf import settings
from django.test import Client

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing strength is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests use a database file, as the app does, rather than Django's in-memory one.

    An in-memory database makes the live server share the test's single connection, so
    requests never meet each other in the database: the concurrency tests need each request
    thread on its own connection, locking the file as separate processes do in production.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


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
