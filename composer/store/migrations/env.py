"""Alembic environment: runs on the engine the store hands over (see composer.store.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from composer.store.engine import writer
from composer.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations in one write transaction on the store's engine."""
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("composer migrations run through composer.store.migrate.upgrade()")
    with writer(engine).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
