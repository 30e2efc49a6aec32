"""Compose for tests: the command that reads a bake's compose files, and running them for
real under Compose v2 on a test machine.

A test-only override file adapts the stack to the machine: where Docker has no
bridge network (DOCKER_TEST_NETWORK=host) every service of the bake uses the host
network, the web service listens on a free loopback port of its own, and the
backing services (`db`, `redis`), whose images cannot be pulled here, are left to
the throwaway servers the tests already run on loopback. Elsewhere the web port
is published on 127.0.0.1 and the stack keeps its own backing services.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .docker import HOST_NETWORK, docker
from .ports import free_port
from .skips import missing

BACKING_SERVICES = ("db", "redis")


def compose_command() -> list[str]:
    """`docker compose` (v2) where the plugin answers, else `docker-compose` (1.29)."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    missing("neither `docker compose` nor `docker-compose` is installed", "the compose files must be checked")


@dataclass
class Stack:
    project: Path
    files: tuple[str, ...]
    env: dict[str, str]  # what the override points the services at (URLs, secrets)
    name: str = field(default_factory=lambda: f"pydt-{uuid.uuid4().hex[:10]}")
    port: int = field(default_factory=free_port)

    @property
    def image(self) -> str:
        return f"pydt-test/{self.name}:compose"

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def command(self, *args: str) -> list[str]:
        files = [arg for name in (*self.files, "compose.test.yaml") for arg in ("--file", name)]
        return ["docker", "compose", "--project-name", self.name, *files, *args]

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            self.command(*args), cwd=self.project, capture_output=True, text=True, timeout=timeout,
            env={**os.environ, "IMAGE": self.image},
        )  # fmt: skip
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(self.command(*args))} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def popen(self, *args: str, log: Path) -> subprocess.Popen:
        """Start a long-running command (`up --watch`), its output going to `log`."""
        with log.open("w") as output:
            return subprocess.Popen(
                self.command(*args), cwd=self.project, env={**os.environ, "IMAGE": self.image},
                stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )  # fmt: skip

    def _override(self) -> str:
        """YAML text: Compose's `!override` and `!reset` tags are not plain YAML to dump."""
        services = self._services()
        lines = ["services:"]
        for name, needs in services.items():
            if name in BACKING_SERVICES:
                if HOST_NETWORK:  # the tests' own server on loopback stands in
                    lines += [f"  {name}:", "    profiles: [replaced-by-test-server]"]
                continue
            lines.append(f"  {name}:")
            if HOST_NETWORK:
                lines += ["    network_mode: host", "    build:", "      network: host"]
                kept = {
                    other: condition for other, condition in needs.items() if other not in BACKING_SERVICES
                }
                lines.append("    depends_on: !override" if kept else "    depends_on: !reset {}")
                for other, condition in kept.items():
                    lines += [f"      {other}:", f"        condition: {condition}"]
                if name == "web":
                    lines.append("    ports: !reset []")
            elif name == "web":
                lines += ["    ports: !override", f'      - "127.0.0.1:{self.port}:{self.port}"']
            environment = {**self.env, **({"PORT": str(self.port)} if name == "web" else {})}
            lines.append("    environment:")
            lines += [f"      {key}: {json.dumps(value)}" for key, value in environment.items()]
        return "\n".join(lines) + "\n"

    def _services(self) -> dict[str, dict[str, str]]:
        """{service: {dependency: condition}} of the bake's own compose files, merged."""
        merged: dict[str, dict[str, str]] = {}
        for name in self.files:
            declared = yaml.safe_load((self.project / name).read_text())["services"] or {}
            for service, body in declared.items():
                needs = body.get("depends_on", {})
                if isinstance(needs, list):
                    needs = {other: {"condition": "service_started"} for other in needs}
                merged.setdefault(service, {}).update(
                    {other: spec["condition"] for other, spec in needs.items()}
                )
        return merged

    def leftovers(self) -> list[str]:
        """Containers, volumes and networks of this project that still exist."""
        label = f"label=com.docker.compose.project={self.name}"
        found = []
        for kind in (("ps", "--all"), ("volume", "ls"), ("network", "ls")):
            found += docker(*kind, "--quiet", "--filter", label).stdout.split()
        return found

    def down(self) -> None:
        self.run("down", "--volumes", "--remove-orphans", "--timeout", "10")
        docker("rmi", "--force", self.image, check=False)


def stack(bake: Path, destination: Path, files: tuple[str, ...], env: dict[str, str]) -> Stack:
    """A copy of the bake with a `.env` made from `.env.example` and the test override."""
    shutil.copytree(bake, destination)
    example = (destination / ".env.example").read_text()
    (destination / ".env").write_text(example.replace("change-me", uuid.uuid4().hex))
    result = Stack(destination, files, env)
    (destination / "compose.test.yaml").write_text(result._override())
    return result
