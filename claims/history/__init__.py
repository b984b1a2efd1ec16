"""The ledger's history: every version of every ledger row, and restoring what was removed.

django-simple-history keeps a `Historical<Model>` table beside each ledger model and writes a
row there on every save and delete, with the user from `HistoryRequestMiddleware`. It was
chosen over django-reversion (which misses bulk writes and stores versions as serialized
blobs that cannot be queried) and django-pghistory (PostgreSQL only, and the embedded engine
is SQLite): it works on both engines, records m2m fields, diffs versions (`diff_against`) and
bulk-creates history (`bulk_create_with_history`).

It has two gaps, covered here:
- `QuerySet.update()` and `bulk_update()` write no history: `records.LedgerQuerySet`, the
  base of every ledger manager, records a version of each row they change (and
  `bulk_create()` a first version), so no app code can skip it.
- It restores nothing that was deleted: `removal` groups the rows one removal deleted under a
  `Removal`, tagged on their last (`-`) versions, and puts them back in one transaction.
"""
