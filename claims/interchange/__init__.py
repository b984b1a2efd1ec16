"""The formats the ledger speaks with the outside world: ClaimReview, exports and feeds."""
