"""The same words of the same speaker, quoted from the same span of a source, are one claim.

The constraint is conditional (anchored claims only), so SQLite adds it as a partial unique
index rather than rebuilding claims_claim, which would drop its triggers (0002, 0012, 0014).
A ledger that already holds such a pair is not changed behind the editors' backs: the
migration stops and lists them, to be merged or removed before migrating again.
"""

from django.db import migrations, models
from django.db.models import Count, Min


def refuse_recorded_twice(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    twice = (
        Claim.objects.filter(quote_start__isnull=False)
        .values("speaker", "source", "quote_start", "quote_end")
        .annotate(claims=Count("id"), first=Min("id"))
        .filter(claims__gt=1)
        .order_by("first")
    )
    if twice:
        groups = [
            ", ".join(
                str(pk)
                for pk in Claim.objects.filter(
                    speaker=row["speaker"],
                    source=row["source"],
                    quote_start=row["quote_start"],
                    quote_end=row["quote_end"],
                )
                .order_by("id")
                .values_list("id", flat=True)
            )
            for row in twice
        ]
        raise RuntimeError(
            "These claims quote the same words of the same speaker from the same source: "
            + "; ".join(f"claims {group}" for group in groups)
            + ". Keep one of each group (remove the others in the admin), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0018_intake"),
    ]

    operations = [
        migrations.RunPython(refuse_recorded_twice, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(
                condition=models.Q(("quote_start__isnull", False)),
                fields=("speaker", "source", "quote_start", "quote_end"),
                name="claim_recorded_once",
                violation_error_message="These words of this speaker are already recorded.",
            ),
        ),
    ]
