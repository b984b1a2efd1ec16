"""Signed-in editors browsing, searching and pairing, for `make loadtest` (see bin/loadtest).

Each simulated editor signs in, then visits pages drawn from a sample of the ledger (the JSON
file named by LOADTEST_SAMPLE, written by loadtest/prepare.py) with a pause between clicks.
Pairing goes through the page as a browser would: open a claim's pairing page, submit one of
its pairing forms with the CSRF token the page carries, then undo that pairing.

Statistics start afresh once every editor has signed in: sign-in is set-up, and its deliberately
slow password hash would otherwise dominate the first seconds. After a failed sign-in they never
start afresh, so the failure stays in the figures.
"""

import itertools
import json
import os
import random
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.exception import StopUser
from pages import Page

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
HTMX = {"HX-Request": "true"}
SIGN_IN_URL = "/accounts/login/"
# The pages an editor reads: the sample each draws from, and how often it is opened.
READS = [
    ("/claims/{}/", "claims", 4),
    ("/incidents/{}/", "incidents", 2),
    ("/sources/{}/", "sources", 2),
    ("/actors/{}/", "actors", 2),
]

_sample: dict[str, list] = {}
_signed_in = itertools.count(1)


@events.test_start.add_listener
def _refuse_remote_hosts_and_load_sample(environment, **kwargs) -> None:
    """A load test is aimed at this machine only, and needs the ledger's sample."""
    if urlsplit(environment.host or "").hostname not in LOOPBACK:
        raise SystemExit(f"The load test runs against loopback only, not {environment.host!r}.")
    with open(os.environ["LOADTEST_SAMPLE"]) as sample:
        _sample.update(json.load(sample))


@events.test_stop.add_listener
def _write_summary(environment, **kwargs) -> None:
    """The final figures, in all and per page, for bin/loadtest to report and keep."""
    if not os.environ.get("LOADTEST_SUMMARY"):
        return
    stats = environment.stats
    summary = {
        **_figures(stats.total),
        "pages": {
            f"{entry.method} {entry.name}": _figures(entry) for entry in stats.entries.values()
        },
        "errors": [f"{error.occurrences}× {error.to_name()}" for error in stats.errors.values()],
    }
    with open(os.environ["LOADTEST_SUMMARY"], "w") as out:
        json.dump(summary, out, indent=1)


def _figures(entry) -> dict[str, float]:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "requests_per_second": entry.total_rps,
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p99_ms": entry.get_response_time_percentile(0.99),
    }


class Editor(HttpUser):
    """An editor at the desk: reads claims, dossiers, sources and actors, searches, pairs."""

    wait_time = between(0.5, 2.5)

    def on_start(self) -> None:
        username = os.environ.get("LOADTEST_USERNAME") or "loadtest"
        form = self.visit(SIGN_IN_URL, signed_in=False).forms_to(SIGN_IN_URL)[0]
        data = form.data(username=username, password=os.environ["LOADTEST_PASSWORD"])
        # Signed in is a redirect away from the sign-in page; the desk it leads to is a task.
        with self.client.post(
            form.action, data=data, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in as {username!r} refused")
                raise StopUser()
        if next(_signed_in) == self.environment.runner.target_user_count:
            self.environment.stats.clear_all()

    def visit(self, url: str, name: str | None = None, *, signed_in: bool = True, **kwargs) -> Page:
        """GET a page and parse it; landing on the sign-in page instead is a failure."""
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if signed_in and urlsplit(response.url).path == SIGN_IN_URL:
                response.failure("signed out")
            return Page(response.text or "")

    @task(2)
    def desk(self) -> None:
        self.visit("/")

    @task(3)
    def claim_list(self) -> None:
        filters = random.choice(["", "?kind=accusation", "?status=published"])
        page = self.visit(f"/claims/{filters}", "/claims/ (filtered)" if filters else None)
        if page.next_url and random.random() < 0.5:
            self.visit(page.next_url, "/claims/ (next page)")

    @task(3)
    def search(self) -> None:
        if random.random() < 0.25:
            query = f'"{random.choice(_sample["phrases"])}"'
        else:
            query = random.choice(_sample["words"])
        # Half come from the list's active search, which swaps in only the results.
        headers = HTMX if random.random() < 0.5 else {}
        self.client.get("/claims/", params={"q": query}, headers=headers, name="/claims/?q=")

    @task(10)
    def read(self) -> None:
        """A claim, dossier, source or actor page, as often as an editor opens each."""
        url, sample, _ = random.choices(READS, weights=[weight for *_, weight in READS])[0]
        self.visit(url.format(random.choice(_sample[sample])), url.format("[id]"))

    @task(1)
    def pair_and_undo(self) -> None:
        pk = random.choice(_sample["accusations"])
        page = self.visit(f"/claims/{pk}/pair/", "/claims/[id]/pair/")
        pairing_forms = page.forms_to("/pair/link/")
        if not pairing_forms:
            return  # nothing to suggest for this accusation
        undone_before = {form.action for form in page.forms_to("/undo/")}
        form = random.choice(pairing_forms)
        with self.client.post(
            form.action,
            data=form.data(),
            headers=HTMX,
            name="/claims/[id]/pair/link/",
            catch_response=True,
        ) as response:
            new = [
                form
                for form in Page(response.text or "").forms_to("/undo/")
                if form.action not in undone_before
            ]
            if not new:
                response.failure("the pairing was not recorded")
                return
        self.client.post(new[0].action, data=new[0].data(), headers=HTMX, name="/links/[id]/undo/")
