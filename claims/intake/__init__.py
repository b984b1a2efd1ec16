"""Article intake: attributed statements found in a pasted article, proposed as claims."""
