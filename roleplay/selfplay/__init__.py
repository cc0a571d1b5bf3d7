"""Self-play: a scenario played end to end with a scripted (or model-played) trainee.

A trainer runs a new scenario with good and with poor handling before a trainee meets it, and
sees whether good handling is rewarded and poor handling punished. No textual here.
"""
