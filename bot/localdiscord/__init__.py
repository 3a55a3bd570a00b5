"""A small Discord-compatible server for end-to-end tests and the offline mode."""
