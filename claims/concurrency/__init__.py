"""Conflict-safe editing: no save silently overwrites a change made since the form was opened.

- `models`: the `version` every ledger row carries, checked and bumped in the save's UPDATE.
- `forms`: the hidden version on edit forms, and the conflict shown when it is out of date.
- `admin`: the same for the admin's change forms and their inline rows.
- `busy`: SQLite's "database is locked", should a writer ever wait it out, as a 503 saying so.
"""
