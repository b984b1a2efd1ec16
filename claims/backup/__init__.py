"""Backup and restore of the whole ledger as versioned JSON Lines.

`plan` finds what a backup carries (from the app registry, in dependency order), `format`
says how a row and the header are written and read back, `exporter` streams the ledger out
and `importer` streams it back into an empty database in one transaction. The commands
`export_ledger` and `import_ledger` are thin shells around the last two.
"""
