"""The team lead's review app: calls table, one call side by side, trainee progress, overrides."""
