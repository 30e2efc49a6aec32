"""Throwaway PostgreSQL and Redis servers on loopback, for the database variants.

Each server gets a free port on 127.0.0.1 and a data directory of its own in
pytest's temporary directory; the tests can stop and start it (to prove a
service survives its database going away) and it is stopped at session end.
The binaries come from Debian's postgresql and redis-server packages, which
.ci/run installs. Both kinds offer one interface, `BackingService`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .ports import free_port
from .waiting import wait_until


class BackingService(Protocol):
    """A server a variant's service talks to, which tests can take away and bring back."""

    @property
    def url(self) -> str: ...  # what the service's DATABASE_URL or REDIS_URL says

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def remove(self) -> None: ...  # stopped for good, its data gone


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


def available() -> list[str]:
    """The servers missing on this machine (empty when both are here)."""
    missing = []
    if not _postgres_bin():
        missing.append("postgresql")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    return missing


def _as_postgres_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; Debian's package brings a postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    data: Path
    port: int
    password: str = "test-only-password"  # noqa: S105 (a throwaway loopback server)
    user: str = "app"
    database: str = "app"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    @classmethod
    def create(cls) -> Postgres:
        bin_dir = _postgres_bin()
        # Not under pytest's private temporary directory: the postgres user must reach it.
        root = Path(tempfile.mkdtemp(prefix="pydt-postgres-"))
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
        server = cls(root / "pgdata", free_port())
        password_file = root / "password"
        password_file.write_text(server.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(password_file, "postgres")
        subprocess.run(
            _as_postgres_user([
                str(bin_dir / "initdb"), "--pgdata", str(server.data), "--username", server.user,
                "--pwfile", str(password_file), "--auth", "scram-sha-256", "--encoding", "UTF8",
            ]),
            check=True, capture_output=True,
        )  # fmt: skip
        server.start()
        subprocess.run(
            [str(bin_dir / "createdb"), "--host", "127.0.0.1", "--port", str(server.port),
             "--username", server.user, server.database],
            check=True, capture_output=True, env={**os.environ, "PGPASSWORD": server.password},
        )  # fmt: skip
        return server

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres_user([str(_postgres_bin() / "pg_ctl"), "--pgdata", str(self.data), *args]),
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories=''"
        self._pg_ctl("start", "--wait", "--options", options, "--log", str(self.data.parent / "log"))

    def stop(self) -> None:
        self._pg_ctl("stop", "--wait", "--mode", "fast")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.data.parent, ignore_errors=True)


@dataclass
class Redis:
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @classmethod
    def create(cls) -> Redis:
        server = cls(free_port())
        server.start()
        return server

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

        def answers() -> bool:
            probe = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            return probe.stdout.strip() == "PONG"

        wait_until(answers, 10, 0.05, "redis-server did not answer PING", RuntimeError)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def remove(self) -> None:
        self.stop()  # it keeps no data: --save "" and no append-only file


SERVERS: dict[str, type[Postgres] | type[Redis]] = {"postgresql": Postgres, "redis": Redis}


def create(kind: str) -> BackingService:
    """A started server of `kind` ("postgresql", "redis"), on a free loopback port."""
    return SERVERS[kind].create()
