"""Alembic migrations of the store (run by composer.store.migrate)."""
