"""Alembic environment: the engine comes from `rota.persistence.database.migrate`, never from a config file."""

from __future__ import annotations

from alembic import context

from rota.persistence import tables  # noqa: F401  (registers every table on the metadata)
from rota.persistence.base import Base
from rota.persistence.database import make_engine

config = context.config
engine = config.attributes.get("engine") or make_engine()

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
