"""Language-model backends behind one Protocol: openai-compatible, embedded local, scripted."""
