import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing strength is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
