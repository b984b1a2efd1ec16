import pytest
from django.urls import reverse

from claims.views.actors import PAGE_SIZE
from tests.factories import make_actor, make_claim, make_link

pytestmark = pytest.mark.django_db


def actor_url(actor) -> str:
    return reverse("actor_detail", args=[actor.pk])


def ispr_chain():
    """DG ISPR → ISPR → Pakistan Armed Forces, as in the seed dossier."""
    forces = make_actor(name="Pakistan Armed Forces", kind="military")
    ispr = make_actor(
        name="Inter-Services Public Relations",
        kind="organization",
        parent=forces,
        aliases="ISPR\nMedia wing",
    )
    dg = make_actor(name="Ahmed Sharif Chaudhry", parent=ispr, title="Director General, ISPR")
    return forces, ispr, dg


def test_actor_page_shows_who_the_actor_is_and_its_affiliation(viewer_client):
    forces, ispr, dg = ispr_chain()
    page = viewer_client.get(actor_url(ispr)).content.decode()
    assert "Inter-Services Public Relations" in page
    assert "Organization" in page
    assert "ISPR" in page
    assert "Media wing" in page
    assert f'href="{forces.get_absolute_url()}"' in page  # chain and side
    assert f'href="{dg.get_absolute_url()}"' in page  # member
    assert "Director General, ISPR" in page


def test_actor_at_the_top_of_its_chain_heads_its_own_side(viewer_client):
    forces, *_ = ispr_chain()
    page = viewer_client.get(actor_url(forces)).content.decode()
    assert "this actor heads its own side" in page


def test_actor_page_lists_statements_accusations_received_and_denials(viewer_client):
    _, ispr, dg = ispr_chain()
    accusation = make_claim(summary="Strikes killed civilians")
    accusation.accused.add(ispr)
    denial = make_claim(speaker=ispr, kind="denial", summary="No strikes took place")
    make_link(denial, accusation, facets=["occurrence"])
    make_claim(speaker=ispr, kind="assertion", summary="We respond as a state")
    make_claim(speaker=dg, summary="A member's statement")
    response = viewer_client.get(actor_url(ispr))
    assert [c.summary for c in response.context["statements"]] == [
        "We respond as a state",
        "No strikes took place",
    ]
    assert list(response.context["accusations"]) == [accusation]
    assert list(response.context["denials"]) == [denial]
    page = response.content.decode()
    assert "denies (occurrence)" in page
    assert "2 statements" in page
    assert "1 accusation received" in page
    assert "1 denial issued" in page
    assert f'href="{reverse("claim_list")}?speaker={ispr.pk}"' in page


def test_actor_statements_are_paginated_newest_first(viewer_client):
    actor = make_actor()
    claims = [make_claim(speaker=actor, summary=f"Statement {n}") for n in range(PAGE_SIZE + 3)]
    first = viewer_client.get(actor_url(actor))
    assert len(first.context["statements"]) == PAGE_SIZE
    assert first.context["statements"][0] == claims[-1]
    assert 'href="?list=statements&amp;page=2"' in first.content.decode()
    second = viewer_client.get(actor_url(actor), {"list": "statements", "page": 2})
    assert list(second.context["statements"]) == claims[2::-1]


def test_actor_list_pages_through_htmx_with_links_that_work_without_it(viewer_client, htmx_headers):
    actor = make_actor()
    for n in range(PAGE_SIZE + 1):
        make_claim(speaker=actor, summary=f"Statement {n}")
    response = viewer_client.get(
        actor_url(actor), {"list": "statements", "page": 2}, headers=htmx_headers
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Statement 0" in page
    assert "Statement 1<" not in page
    assert 'href="?list=statements&amp;page=1" hx-get="?list=statements&amp;page=1"' in page
    assert 'hx-target="#statements"' in page


def test_actor_list_htmx_request_renders_only_that_list(viewer_client, htmx_headers):
    actor = make_actor()
    accusation = make_claim(summary="Accused of shelling")
    accusation.accused.add(actor)
    make_claim(speaker=actor, summary="Own statement")
    response = viewer_client.get(actor_url(actor), {"list": "accusations"}, headers=htmx_headers)
    page = response.content.decode()
    assert 'id="accusations"' in page
    assert "Accused of shelling" in page
    assert "Own statement" not in page
    assert "<html" not in page
    assert response["Vary"].count("HX-Request") == 1


def test_actor_htmx_request_without_a_list_renders_the_statements(viewer_client, htmx_headers):
    actor = make_actor()
    make_claim(speaker=actor, summary="Own statement")
    page = viewer_client.get(actor_url(actor), headers=htmx_headers).content.decode()
    assert 'id="statements"' in page
    assert "Own statement" in page
    assert "<html" not in page


def test_actor_page_past_the_last_page_shows_the_last_page(viewer_client):
    actor = make_actor()
    make_claim(speaker=actor, summary="Only statement")
    response = viewer_client.get(actor_url(actor), {"list": "statements", "page": "99"})
    assert response.status_code == 200
    assert "Only statement" in response.content.decode()


def test_actor_page_rejects_an_unknown_list(viewer_client):
    assert viewer_client.get(actor_url(make_actor()), {"list": "secrets"}).status_code == 400


def test_actor_page_of_an_unknown_actor_is_404(viewer_client):
    assert viewer_client.get(reverse("actor_detail", args=[999999])).status_code == 404


def test_actor_page_requires_sign_in(client):
    response = client.get(actor_url(make_actor()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_actor_page_escapes_names_and_aliases(viewer_client):
    actor = make_actor(name="<i>Bold</i> & Co", aliases="<script>x</script>")
    page = viewer_client.get(actor_url(actor)).content.decode()
    assert "<i>Bold</i>" not in page
    assert "&lt;i&gt;Bold&lt;/i&gt; &amp; Co" in page
    assert "<script>x" not in page


@pytest.mark.parametrize("rows", [5, 50])
def test_actor_query_count_does_not_grow_with_claims(
    viewer_client, django_assert_num_queries, rows
):
    _, ispr, _ = ispr_chain()
    for _ in range(rows):
        accusation = make_claim(speaker=make_actor(parent=make_actor()))
        accusation.accused.add(ispr)
        denial = make_claim(speaker=ispr, kind="denial")
        make_link(denial, accusation)
    # session, user, actor with its parents, sides (actors), then a count and a page for each
    # of statements, accusations received and denials (plus the denials' links), members,
    # role groups, two permission lookups
    with django_assert_num_queries(15):
        viewer_client.get(actor_url(ispr))


def test_actor_counts_stop_at_the_cap(viewer_client, monkeypatch):
    monkeypatch.setattr("claims.paging.COUNT_CAP", 3)
    actor = make_actor()
    for _ in range(5):
        make_claim(speaker=actor)
    html = viewer_client.get(actor_url(actor)).content.decode()
    assert "3+ statements" in html


def test_actor_with_many_members_names_the_first_ones(viewer_client, monkeypatch):
    monkeypatch.setattr("claims.views.actors.MEMBERS_SHOWN", 2)
    side = make_actor(name="Pakistan Armed Forces")
    for name in ("ISPR", "Army", "Navy"):
        make_actor(name=name, parent=side)
    response = viewer_client.get(actor_url(side))
    assert [member.name for member in response.context["members"]] == ["Army", "ISPR"]
    assert "And more: the first 2 by name are shown." in response.content.decode()
