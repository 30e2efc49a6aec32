"""Alembic runs this to migrate the database named by DATABASE_URL."""

import os

from alembic import context
from sqlalchemy import create_engine, pool

from {{ cookiecutter.package_name }}.db import Base, database_url

target_metadata = Base.metadata
url = database_url(os.environ.get("DATABASE_URL", ""))


def run_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
