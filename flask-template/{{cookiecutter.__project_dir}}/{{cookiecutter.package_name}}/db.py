"""PostgreSQL through SQLAlchemy 2 and psycopg 3: engine, sessions, readiness.

The engine connects lazily, so the service starts (and reports not ready) while
the database is down, and recovers by itself: `pool_pre_ping` replaces the
connections a database restart broke.
"""

import logging
import os

from flask import Flask, current_app
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session

from .config import ConfigurationError
from .health import add_readiness_check

log = logging.getLogger(__name__)


class Base(DeclarativeBase):
    """Declare models on this base; `alembic revision --autogenerate` reads its metadata."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def database_url(raw: str) -> URL:
    """DATABASE_URL as SQLAlchemy needs it, with psycopg 3 as the driver.

    Errors never repeat the URL: it holds a password.
    """
    if not raw:
        raise ConfigurationError(
            "DATABASE_URL is not set; use postgresql://USER:PASSWORD@HOST:5432/DATABASE"
        )
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigurationError("DATABASE_URL is not a valid database URL") from None
    if url.get_backend_name() != "postgresql" or not url.host or not url.database:
        raise ConfigurationError(
            "DATABASE_URL must be postgresql://USER:PASSWORD@HOST:5432/DATABASE"
        )
    return url.set(drivername="postgresql+psycopg")


def init_db(app: Flask, url: URL, timeout: float) -> Engine:
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=timeout,
        # libpq waits at least 2 s, whatever it is given
        connect_args={"connect_timeout": max(2, round(timeout))},
    )
    # The server forks its workers after the app is built: no worker may reuse
    # a connection of the master's pool.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    app.extensions["db"] = engine
    add_readiness_check(app, "database", lambda _timeout: ping(engine))
    try:
        ping(engine)
    except SQLAlchemyError as error:
        log.warning(  # one line; the service starts all the same
            "database not reachable at start-up: %s; /readyz answers 503 until it is",
            str(getattr(error, "orig", None) or error).splitlines()[0],
        )
    finally:
        engine.dispose()
    return engine


def ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def db_session() -> Session:
    """A session on the app's engine: `with db_session() as session, session.begin(): ...`."""
    return Session(current_app.extensions["db"])
