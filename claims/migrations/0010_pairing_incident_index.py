"""The pairing pool's "newest claims of the same incident", read in order on both engines.

0008 left this sub-pool to the foreign key's index or the primary key walked backwards. For
an old incident in a large ledger PostgreSQL chose the backward walk and filtered its way
through every newer claim: 990,000 rows and 205 ms for the largest incident of a
million-claim ledger. Led by the incident and ending with the id, the index hands over the
incident's newest claims directly. (SQLite's own index on `incident_id` already ends in the
rowid; the copy costs it little.)
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_fulltext_parent_deletes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX claim_incident_newest_pair_idx ON claims_claim (incident_id, id)",
            "DROP INDEX claim_incident_newest_pair_idx",
        )
    ]
