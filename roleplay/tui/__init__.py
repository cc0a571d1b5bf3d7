"""The only package that imports textual: the call app and the review app."""
