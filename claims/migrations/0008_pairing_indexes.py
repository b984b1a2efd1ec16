"""Indexes that let each pairing sub-pool read its newest claims in order and stop.

Each lookup is "the newest claims of one speaker / place / accused actor", so each index
leads with that column and ends with the claim's id, which both engines walk backwards
(SQLite's own index on `speaker_id` ends in the rowid already; PostgreSQL's does not, and
without it reads every row of each speaker). The many-to-many tables are Django's own,
which a model's Meta cannot index, so all three are plain SQL, the same on both engines.
The incident sub-pool needs none: the foreign key's index, or the primary key walked
backwards for a large incident, serves it.
"""

from django.db import migrations

INDEXES = {
    "claim_speaker_newest_pair_idx": "claims_claim (speaker_id, id)",
    "claim_places_newest_idx": "claims_claim_places (place_id, claim_id)",
    "claim_accused_newest_idx": "claims_claim_accused (actor_id, claim_id)",
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_list_indexes")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX {name} ON {columns}", f"DROP INDEX {name}")
        for name, columns in INDEXES.items()
    ]
