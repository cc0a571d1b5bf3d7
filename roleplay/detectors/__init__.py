"""The learned half of behaviour detection: a linear model over the words of a trainee's line.

Rules (`rules.py`) stay where a behaviour is exact: a hold request, the customer's
name, jargon. The behaviours that live in phrasing (empathy said in one's own
words, a paraphrase, a dismissive brush-off) are scored here by a model trained on the labelled
corpus in `roleplay/library/behaviours/`. Scoring needs only NumPy; training needs scikit-learn.
"""
