"""Scenario and persona files: models, safe loading with line-accurate errors, schema, templates."""
