"""Maintenance tools for the project (not shipped in the scorer wheel)."""
