"""Reminders: planning rows from a milestone's state, and delivering them on time."""
