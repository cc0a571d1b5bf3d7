"""Team and per-trainee summaries from the review index, as HTML, CSV and JSON."""
