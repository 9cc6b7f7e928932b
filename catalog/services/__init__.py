"""Business rules. Services take plain arguments (a session, an actor, data) and return models."""
