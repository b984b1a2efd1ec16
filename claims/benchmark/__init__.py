"""The benchmark behind `python manage.py benchmark`: a synthetic ledger in a database of its own,
and the pages measured on it against their own SQL (the floor) and the stock Django admin.

- `text`: the Zipf vocabulary, names and places the ledger is written in.
- `ledger`: builds the ledger with bulk inserts through the real tables.
- `databases`: the separate database of the current engine, and pointing Django at it.
- `pages`: which pages are measured, on which records, and their admin counterparts.
- `measure`: timing a page, its floor and its admin counterpart.
- `admin`, `urls`: a stock ClaimAdmin on an admin site of its own, served only while measuring.
"""
