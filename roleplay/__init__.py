"""roleplay: practise difficult customer calls against a language-model customer."""

__version__ = "0.1.0"
