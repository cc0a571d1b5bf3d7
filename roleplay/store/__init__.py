"""Where calls are kept: append-only transcripts and the review index derived from them."""
