"""The customer simulation, with no UI: detection, the director's state, the actor, the session."""
