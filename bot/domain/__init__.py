"""The rules of milestones as plain Python: no discord, no SQL."""
