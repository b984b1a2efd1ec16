"""Formats the ledger speaks with the outside world."""
