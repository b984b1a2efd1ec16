"""Sign-in, sign-out, and the roles every page and write depend on."""

import pytest
from django.urls import reverse

from tests.factories import make_claim, make_user

pytestmark = pytest.mark.django_db

PAGES = [
    ("desk", {}),
    ("claim_list", {}),
    ("claim_create", {}),
    ("claim_detail", {"pk": 1}),
    ("claim_pair", {"pk": 1}),
    ("incident_detail", {"slug": "any"}),
    ("source_detail", {"pk": 1}),
    ("actor_detail", {"pk": 1}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_requires_sign_in(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_sign_in_lands_on_the_desk_and_says_who_you_are(client):
    make_user("maria", groups=("reviewer",))
    response = client.post(
        reverse("login"), {"username": "maria", "password": "correct-horse-battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("desk")
    assert "Signed in as <strong>maria</strong> · reviewer" in response.content.decode()


def test_wrong_password_is_a_clear_error(client):
    make_user("maria")
    response = client.post(reverse("login"), {"username": "maria", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_sign_out_is_a_post(editor_client):
    response = editor_client.post(reverse("logout"))
    assert response.status_code == 302
    assert editor_client.get(reverse("desk")).status_code == 302


def test_pages_carry_a_strict_content_security_policy(viewer_client):
    make_claim()
    response = viewer_client.get(reverse("desk"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert html.count("<script") == html.count(f'nonce="{nonce}"')


def test_htmx_posts_carry_the_csrf_token_through_hx_headers(viewer_client):
    html = viewer_client.get(reverse("desk")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


def test_role_groups_grant_what_each_role_may_do(viewer, editor, reviewer):
    assert viewer.has_perm("claims.view_claim")
    assert not viewer.has_perm("claims.add_claim")
    assert editor.has_perm("claims.add_claimlink")
    assert editor.has_perm("claims.delete_claimlink")
    assert not editor.has_perm("claims.publish_claim")
    assert reviewer.has_perm("claims.publish_claim")
    assert reviewer.has_perm("claims.grade_claim")
