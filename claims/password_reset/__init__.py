"""Password reset by mail, offered only when mail is set up, and throttled (see views)."""
