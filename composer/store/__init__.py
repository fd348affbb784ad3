"""Persistence: the only code that speaks SQL."""
