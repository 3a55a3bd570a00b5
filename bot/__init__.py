"""Milestone Bot: tracks fixed-price milestones and reminds freelancers before they lose money."""
