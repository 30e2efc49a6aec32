"""Docker for tests: build baked projects, run them hardened, wait, stop, clean up.

On machines where `DOCKER_TEST_NETWORK=host` (no bridge network), builds and
containers share the host network: each container listens on a loopback port of
its own and nothing is published. Elsewhere each container's port is published
on 127.0.0.1 only. Test traffic goes to loopback, never anywhere else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .http import Response, get
from .ports import free_port
from .waiting import wait_until

HOST_NETWORK = os.environ.get("DOCKER_TEST_NETWORK") == "host"
HARDENED = (
    "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
)  # fmt: skip
# The images check health every 10 s; tests poll every second, with the image's own check.
FAST_HEALTH = ("--health-interval", "1s", "--health-start-period", "30s")
MIB_PER_UNIT = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024, "kB": 1 / 1000, "MB": 1, "GB": 1000}


class DockerError(AssertionError):
    pass


def docker(*args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, check=False)
    if check and result.returncode != 0:
        raise DockerError(f"docker {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def engine_available() -> bool:
    if not shutil.which("docker"):
        return False
    return docker("info", "--format", "{{.ServerVersion}}", timeout=30, check=False).returncode == 0


@dataclass
class Build:
    tag: str
    seconds: float
    log: str


# Shell that loops over PID 1 and its descendants (`for pid in ...;`), the body to follow.
SERVER_PIDS = (
    "tree() { echo $1; for child in $(cat /proc/$1/task/*/children); do tree $child; done; }; "
    "for pid in $(tree 1);"
)


@dataclass
class Container:
    id: str
    port: int
    engine: Engine

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str = "/", timeout: float = 5.0, headers: dict | None = None) -> Response:
        return get(self.url(path), timeout=timeout, headers=headers)

    def inspect(self) -> dict:
        return json.loads(docker("inspect", self.id).stdout)[0]

    def memory_mib(self) -> float:
        """Memory use as `docker stats` reports it: the container's cgroup, page cache excluded."""
        usage = docker("stats", "--no-stream", "--format", "{{.MemUsage}}", self.id).stdout
        number, unit = re.match(r"([\d.]+)\s*([KMG]i?B)", usage).groups()
        return float(number) * MIB_PER_UNIT[unit]

    def server_memory_mib(self) -> float:
        """The server's own memory: the anonymous pages (heap, stacks) of PID 1 and its
        descendants, each shared page counted once (proportional set size). A leak grows it.

        The cgroup's figures would also count every process `docker exec` starts in the
        container, and the health check is one: a Python interpreter that once added
        12 MiB to a measurement while it ran. `docker stats` adds what the kernel holds
        (socket buffers, page cache), which a busy machine swells while it lags behind.
        """
        script = f"{SERVER_PIDS} do grep '^Pss_Anon:' /proc/$pid/smaps_rollup; done"
        lines = self.exec("sh", "-c", script).stdout.split("\n")
        return sum(int(line.split()[1]) for line in lines if line) / 1024

    def server_cpu_seconds(self) -> float:
        """CPU time (user and system) PID 1 and its descendants have used: the server's own,
        without the health checks' or `docker exec`'s, whose processes the cgroup counts too."""
        each = 'read -r stat < /proc/$pid/stat; echo "${stat##*)}"'
        script = f"getconf CLK_TCK; {SERVER_PIDS} do {each}; done"
        ticks, *stats = self.exec("sh", "-c", script).stdout.split("\n")
        # After the command's ")": state is field 3 of stat(5), utime 14 and stime 15.
        used = sum(int(fields[11]) + int(fields[12]) for fields in (line.split() for line in stats) if fields)
        return used / int(ticks)

    def logs(self) -> str:
        result = docker("logs", self.id, check=False)
        return result.stdout + result.stderr

    def exec(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return docker("exec", self.id, *command, check=check)

    def wait_healthy(self, timeout: float = 60) -> float:
        """Seconds from now until Docker reports the container healthy."""
        start = time.monotonic()

        def healthy() -> bool:
            state = self.inspect()["State"]
            if not state["Running"]:  # it never will be: fail now, with what it said
                raise DockerError(f"container exited ({state['ExitCode']}):\n{self.logs()[-4000:]}")
            return state.get("Health", {}).get("Status") == "healthy"

        def unhealthy() -> str:
            return f"not healthy after {timeout} s:\n{self.logs()[-4000:]}"

        wait_until(healthy, timeout, 0.2, unhealthy, DockerError)
        return time.monotonic() - start

    def wait_exited(self, timeout: float = 30) -> int:
        def exited() -> dict | None:
            state = self.inspect()["State"]
            return None if state["Running"] else state

        return wait_until(exited, timeout, 0.1, f"still running after {timeout} s", DockerError)["ExitCode"]

    def kill(self) -> None:
        """SIGKILL, as the kernel's out-of-memory killer or a lost node would: no clean-up at all."""
        docker("kill", "--signal", "KILL", self.id)

    def stop(self, grace: int = 10) -> tuple[float, int]:
        """(seconds `docker stop` took, the exit code of the container)."""
        start = time.monotonic()
        docker("stop", "--time", str(grace), self.id, timeout=grace + 30)
        return time.monotonic() - start, self.inspect()["State"]["ExitCode"]


@dataclass
class Engine:
    """Builds and runs for one test session; `cleanup` removes all it made."""

    images: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)

    def build(
        self,
        context: Path,
        name: str,
        *build_args: str,
        no_cache: bool = False,
        dockerfile: str = "Dockerfile",
    ) -> Build:
        tag = f"pydt-test/{name}:{uuid.uuid4().hex[:8]}"
        options = [*(("--network", "host") if HOST_NETWORK else ()), *(("--no-cache",) if no_cache else ())]
        options += ["--file", str(context / dockerfile)]
        # Builds of parallel test workers run side by side: BuildKit shares their cache.
        start = time.monotonic()
        result = docker("build", "--progress", "plain", *options, "--tag", tag, str(context), timeout=1200)
        self.images.append(tag)
        return Build(tag, time.monotonic() - start, result.stderr + result.stdout)

    def start(
        self,
        image: str,
        env: dict[str, str] | None = None,
        options: tuple[str, ...] = HARDENED,
        command: tuple[str, ...] = (),
        container_port: int = 8000,
        fixed_port: bool = False,
        health: tuple[str, ...] = FAST_HEALTH,
    ) -> Container:
        """Run detached; on the host network the container gets a free port of its own
        through PORT, unless fixed_port keeps the image's port (container_port)."""
        port = container_port if fixed_port and HOST_NETWORK else free_port()
        env = dict(env or {})
        if HOST_NETWORK:
            if not fixed_port:
                env["PORT"] = str(port)
            network = ("--network", "host")
        else:
            env["PORT"] = str(container_port)
            network = ("--publish", f"127.0.0.1:{port}:{container_port}")
        env_args = [arg for key, value in env.items() for arg in ("--env", f"{key}={value}")]
        container_id = docker(
            "run", "--detach", *network, *options, *health, *env_args, image, *command
        ).stdout.strip()
        self.containers.append(container_id)
        return Container(container_id, port, self)

    def run_once(self, image: str, *command: str, options: tuple[str, ...] = HARDENED, env=None):
        """Run a one-off container to completion (e.g. migrations); returns the result."""
        network = ("--network", "host") if HOST_NETWORK else ()
        env_args = [arg for key, value in (env or {}).items() for arg in ("--env", f"{key}={value}")]
        return docker("run", "--rm", *network, *options, *env_args, image, *command, check=False)

    def volume(self) -> str:
        name = f"pydt-test-{uuid.uuid4().hex[:12]}"
        docker("volume", "create", name)
        self.volumes.append(name)
        return name

    def remove_containers(self) -> None:
        if self.containers:
            docker("rm", "--force", "--volumes", *self.containers, check=False)
        self.containers.clear()

    def cleanup(self) -> None:
        self.remove_containers()
        if self.volumes:
            docker("volume", "rm", "--force", *self.volumes, check=False)
        if self.images:
            docker("rmi", "--force", *self.images, check=False)
