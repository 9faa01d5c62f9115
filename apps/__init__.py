"""Hosted apps: one Django app each, discovered at start-up."""
