"""Ready a ledger for the load test: the editors' account, and a sample of what they visit.

Usage: DATABASE_URL=... LOADTEST_PASSWORD=... python -m loadtest.prepare SAMPLE.json

The account (`LOADTEST_USERNAME`, default `loadtest`) is made an editor with the password in
LOADTEST_PASSWORD: the benchmark's ledger has it already, and a ledger made another way gets it. The sample
is drawn at random from the whole ledger, so the editors' visits reach every part of it rather
than the first page of each list.
"""

import json
import os
import re
import sys

CLAIMS = 300
OTHERS = 150
WORD = re.compile(r"[^\W\d_]+")


def main(sample_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claims.settings")
    import django

    django.setup()
    ensure_editor(
        os.environ.get("LOADTEST_USERNAME") or "loadtest", os.environ["LOADTEST_PASSWORD"]
    )
    with open(sample_path, "w") as out:
        json.dump(draw_sample(), out)


def ensure_editor(username: str, password: str) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from claims.roles import EDITOR

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITOR))


def draw_sample() -> dict[str, list]:
    from claims.models import Actor, Claim, ClaimKind, Incident, Source

    def some(queryset, field: str = "pk", count: int = OTHERS) -> list:
        return list(queryset.order_by("?").values_list(field, flat=True)[:count])

    # Words and two-word phrases as they stand in summaries, so searches find something.
    words = [WORD.findall(summary) for summary in some(Claim.objects.all(), "summary", CLAIMS)]
    sample = {
        "claims": some(Claim.objects.all(), count=CLAIMS),
        "accusations": some(Claim.objects.filter(kind=ClaimKind.ACCUSATION), count=CLAIMS),
        "incidents": some(Incident.objects.all(), "slug"),
        "sources": some(Source.objects.all()),
        "actors": some(Actor.objects.all()),
        "words": sorted({word for found in words for word in found if len(word) >= 5}),
        "phrases": [" ".join(found[1:3]) for found in words if len(found) >= 3],
    }
    empty = [name for name, values in sample.items() if not values]
    if empty:
        sys.exit(f"The ledger has nothing to visit for: {', '.join(empty)}. Is it built?")
    return sample


if __name__ == "__main__":
    main(sys.argv[1])
