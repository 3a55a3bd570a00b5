"""All SQL lives here: the connection, numbered migrations and repositories scoped by owner."""
