"""A bake's Kubernetes manifests, rendered by kustomize and read as `docker run` would run them.

No cluster runs here: a pod spec is translated into the Docker options that
give a container the same constraints (user and group, read-only root, dropped
capabilities, no privilege escalation, a tmpfs per in-memory emptyDir, a volume
per PersistentVolumeClaim, the memory and CPU limits), the environment its
ConfigMap and Secret give it, and the command and port it declares. What a
cluster adds on top (scheduling, the Service, the NetworkPolicy) is not tested.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .docker import HOST_NETWORK, docker
from .ports import free_port
from .skips import missing
from .tools import check

# Kubernetes keeps the three newest minor releases supported (kubernetes.io/releases).
# On 2026-11-30: 1.35 (end of life 2027-02-28), 1.36 and 1.37 (2027-10-28); 1.34
# ended on 2026-10-27. kubernetes-validate 1.37.0 ships schemas up to 1.37.
KUBERNETES_VERSIONS = ("1.35.0", "1.37.0")

BASE = Path("deploy/kubernetes/base")
OVERLAYS = Path("deploy/kubernetes/overlays")


def kustomize() -> str:
    found = shutil.which("kustomize")
    if not found:
        missing("kustomize is not on PATH", "the manifests must render")
    return found


def validator() -> list[str]:
    """The kubernetes-validate command: its script beside this interpreter or on PATH."""
    beside = Path(sys.executable).with_name("kubernetes-validate")
    found = str(beside) if beside.is_file() else shutil.which("kubernetes-validate")
    if not found:
        missing("kubernetes-validate is not installed (requirements-dev.txt)", "the manifests must validate")
    return [found]


def build(directory: Path) -> str:
    """`kustomize build` of a kustomization directory: the manifests as one YAML stream."""
    return check(kustomize(), "build", str(directory), timeout=60)


def validate(rendered: str, version: str, scratch: Path) -> subprocess.CompletedProcess:
    manifest = scratch / f"rendered-{version}.yaml"
    manifest.write_text(rendered)
    return subprocess.run(
        [*validator(), "--strict", "--kubernetes-version", version, str(manifest)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def documents(rendered: str) -> list[dict]:
    return [document for document in yaml.safe_load_all(rendered) if document]


def find(manifests: list[dict], kind: str, component: str) -> dict:
    for manifest in manifests:
        labels = manifest["metadata"].get("labels", {})
        if manifest["kind"] == kind and labels.get("app.kubernetes.io/component") == component:
            return manifest
    raise AssertionError(f"no {kind} of component {component!r} in the manifests")


def memory_bytes(quantity: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 10**3, "M": 10**6, "G": 10**9}
    for unit, factor in units.items():
        if quantity.endswith(unit):
            return int(float(quantity.removesuffix(unit)) * factor)
    return int(quantity)


def cpus(quantity: str) -> str:
    return str(int(quantity.removesuffix("m")) / 1000) if quantity.endswith("m") else quantity


@dataclass(frozen=True)
class Probe:
    path: str
    port: int
    budget: float  # seconds the kubelet waits for success: period x failure threshold


@dataclass
class PodContract:
    """One container of a pod template (a Deployment's or a Job's), and what it reads."""

    pod: dict  # the pod template's spec
    container: dict
    settings: dict[str, str]  # the data of the ConfigMaps the container reads

    @classmethod
    def of(cls, manifests: list[dict], workload: dict) -> PodContract:
        pod = workload["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        maps = {m["metadata"]["name"]: m.get("data", {}) for m in manifests if m["kind"] == "ConfigMap"}
        settings = {}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                settings |= maps[source["configMapRef"]["name"]]
        return cls(pod, container, settings)

    def security(self, key: str):
        """A securityContext setting: the container's, else the pod's."""
        return self.container.get("securityContext", {}).get(
            key, self.pod.get("securityContext", {}).get(key)
        )

    @property
    def user(self) -> str:
        uid, gid = self.security("runAsUser"), self.security("runAsGroup")
        assert self.security("runAsNonRoot") and uid, f"a non-root UID, not {uid!r} (runAsNonRoot)"
        return f"{uid}:{gid}" if gid is not None else str(uid)

    @property
    def port(self) -> int:
        return self.named_port("http")

    def named_port(self, name: str) -> int:
        for port in self.container.get("ports", []):
            if port.get("name") == name:
                return port["containerPort"]
        raise AssertionError(f"the container declares no port named {name!r}")

    def probe(self, kind: str) -> Probe:
        spec = self.container[f"{kind}Probe"]
        port = spec["httpGet"]["port"]
        resolved = self.named_port(port) if isinstance(port, str) else port
        budget = spec.get("initialDelaySeconds", 0) + spec.get("periodSeconds", 10) * spec.get(
            "failureThreshold", 3
        )
        return Probe(spec["httpGet"]["path"], resolved, budget)

    @property
    def grace(self) -> int:
        return self.pod.get("terminationGracePeriodSeconds", 30)

    @property
    def pre_stop_sleep(self) -> int:
        return self.container.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)

    def env(self, secrets: dict[str, str]) -> dict[str, str]:
        """The ConfigMap's settings, the secrets the test plays, then the container's own `env`."""
        env = {**self.settings, **secrets}
        for variable in self.container.get("env", []):
            env[variable["name"]] = variable["value"]
        return env

    def docker_options(self, volume: Callable[[str], str], user: str | None = None) -> tuple[str, ...]:
        """`docker run` options with the pod's constraints; `volume(claim)` names the Docker
        volume of a PersistentVolumeClaim; `user` replaces the declared UID:GID."""
        options = ["--user", user or self.user]
        if self.security("readOnlyRootFilesystem"):
            options.append("--read-only")
        for capability in self.security("capabilities").get("drop", []):
            options += ["--cap-drop", capability]
        for capability in self.security("capabilities").get("add", []):
            options += ["--cap-add", capability]
        if self.security("allowPrivilegeEscalation") is False:
            options += ["--security-opt", "no-new-privileges"]
        seccomp = (self.security("seccompProfile") or {}).get("type")
        assert seccomp == "RuntimeDefault", f"seccompProfile {seccomp!r}: Docker applies its default profile"
        volumes = {entry["name"]: entry for entry in self.pod.get("volumes", [])}
        for mount in self.container.get("volumeMounts", []):
            source = volumes[mount["name"]]
            if "emptyDir" in source:
                size = source["emptyDir"].get("sizeLimit")
                tmpfs = f"{mount['mountPath']}:size={memory_bytes(size)}" if size else mount["mountPath"]
                assert source["emptyDir"].get("medium") == "Memory", "an emptyDir on disk is not a tmpfs"
                options += ["--tmpfs", tmpfs]
            elif "persistentVolumeClaim" in source:
                claim = source["persistentVolumeClaim"]["claimName"]
                options += ["--volume", f"{volume(claim)}:{mount['mountPath']}"]
            else:
                raise AssertionError(f"volume {mount['name']}: the contract test knows no such source")
        limits = self.container.get("resources", {}).get("limits", {})
        if "memory" in limits:
            options += ["--memory", str(memory_bytes(limits["memory"]))]
        if "cpu" in limits:
            options += ["--cpus", cpus(limits["cpu"])]
        return tuple(options)

    def command(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(`--entrypoint` options, arguments after the image): `command` replaces the image's
        entrypoint, `args` its command, as a kubelet does."""
        entrypoint: tuple[str, ...] = ()
        arguments = tuple(self.container.get("args", ()))
        if command := self.container.get("command"):
            entrypoint = ("--entrypoint", command[0])
            arguments = (*command[1:], *arguments)
        return entrypoint, arguments


# Run inside the container, as a kubelet's HTTP probe would reach it: on the declared
# port of the pod's own address. A 404 will never become a 200: it fails at once, as
# does a server that answers on its PORT while nothing listens on the declared port.
IN_POD_PROBE = """
import os, sys, time, urllib.error, urllib.request
port, path, budget = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
def status(port):
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3).status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None
start = time.monotonic()
while time.monotonic() - start < budget:
    code = status(port)
    if code == 200:
        sys.exit(0)
    if code == 404:
        sys.exit(f"{path} on the declared port {port}: 404")
    served = int(os.environ.get("PORT") or 0)
    if code is None and served not in (0, port) and status(served) is not None:
        sys.exit(f"nothing on the declared port {port}: the server listens on PORT={served}")
    time.sleep(0.2)
sys.exit(f"{path} on the declared port {port}: {code} after {budget} s")
"""


@dataclass
class Outcome:
    startup_seconds: float
    memory_mib: float
    stop_seconds: float


def await_status(get, probe: Probe, budget: float, what: str) -> None:
    """Poll until `get(path)` answers 200 within `budget` s; a 404 fails at once."""
    start = time.monotonic()
    while True:
        try:
            status = get(probe.path).status
        except OSError:
            status = None
        if status == 200:
            return
        assert status != 404, f"{what} probe {probe.path}: 404"
        assert time.monotonic() - start < budget, f"{what} probe {probe.path}: {status} after {budget} s"
        time.sleep(0.2)


def run_contract(
    engine, tag: str, manifests: list[dict], secrets: dict[str, str], user: str | None = None
) -> Outcome:
    """Run the image as the manifests declare: the migration Job's command to completion,
    then the web container, first alone in a network namespace of its own (the declared
    port and the startup and liveness paths, probed from inside), then on the test
    network with its backing services (readiness, memory, a stop within the grace period).
    `user` ("UID:GID") replaces the declared user, as a platform that assigns UIDs does."""
    claims: dict[str, str] = {}

    def volume(claim: str) -> str:  # a Docker volume per claim, shared by the pods that mount it
        if claim not in claims:
            claims[claim] = engine.volume()
        return claims[claim]

    for job_manifest in (m for m in manifests if m["kind"] == "Job"):
        job = PodContract.of(manifests, job_manifest)
        entrypoint, arguments = job.command()
        options = (*job.docker_options(volume, user), *entrypoint)
        migrated = engine.run_once(tag, *arguments, options=options, env=job.env(secrets))
        assert migrated.returncode == 0, f"the Job's command failed:\n{migrated.stdout}{migrated.stderr}"

    web = PodContract.of(manifests, find(manifests, "Deployment", "web"))
    entrypoint, arguments = web.command()
    options = (*web.docker_options(volume, user), *entrypoint)
    env = web.env(secrets)
    startup_seconds = _probe_from_inside(engine, tag, web, options, env, arguments)
    if HOST_NETWORK and "METRICS_PORT" in env:
        # On the host network every container shares the ports: a free one, as for PORT
        # (the declared metrics port answered above, in a network of its own).
        env["METRICS_PORT"] = str(free_port())

    container = engine.start(
        tag, env=env, options=options, command=arguments, container_port=web.port,
        health=("--no-healthcheck",),
    )  # fmt: skip
    for kind in ("startup", "liveness", "readiness"):
        probe = web.probe(kind)
        await_status(container.get, probe, probe.budget, kind)
    memory = container.memory_mib()
    stop_seconds, exit_code = container.stop(grace=web.grace)
    assert exit_code == 0, f"exit {exit_code} on docker stop:\n{container.logs()[-3000:]}"
    # The kubelet's grace period also covers the preStop pause, which docker stop skips.
    spare = web.grace - web.pre_stop_sleep
    assert stop_seconds < spare, f"stopped in {stop_seconds:.1f} s, grace {web.grace} s"
    return Outcome(startup_seconds, memory, stop_seconds)


def _probe_from_inside(engine, tag, web: PodContract, options, env, arguments) -> float:
    """Seconds until the startup and liveness probes answer 200 on the declared port, in a
    container with no network but its own loopback: what PORT the tests set elsewhere
    cannot hide a port that drifted. It is removed after: one pod at a time holds a claim."""
    env_args = [arg for key, value in env.items() for arg in ("--env", f"{key}={value}")]
    alone = docker(
        "run", "--detach", "--network", "none", "--no-healthcheck", *options, *env_args, tag, *arguments
    ).stdout.strip()  # fmt: skip
    engine.containers.append(alone)
    started = time.monotonic()
    startup, liveness = web.probe("startup"), web.probe("liveness")
    checks = [("startup", startup.port, startup.path, startup.budget)]
    checks.append(("liveness", liveness.port, liveness.path, liveness.budget))
    if any(port.get("name") == "metrics" for port in web.container.get("ports", [])):
        # What Prometheus scrapes: the declared metrics port, which the ConfigMap's
        # METRICS_PORT must open (the scrape annotations' path is checked without Docker).
        checks.append(("metrics", web.named_port("metrics"), "/metrics", 10.0))
    for kind, port, path, budget in checks:
        left = max(budget - (time.monotonic() - started), 1) if kind == "startup" else budget
        result = docker(
            "exec", alone, "python", "-c", IN_POD_PROBE, str(port), path, str(left), check=False
        )  # fmt: skip
        if result.returncode != 0:
            state = json.loads(docker("inspect", "--format", "{{json .State}}", alone).stdout)
            logs = docker("logs", alone, check=False)
            raise AssertionError(
                f"{kind} probe: {result.stderr.strip()[-2000:]}\n"
                f"container running: {state['Running']} (exit {state['ExitCode']}):\n"
                f"{(logs.stdout + logs.stderr)[-3000:]}"
            )
    seconds = time.monotonic() - started
    docker("rm", "--force", alone)
    return seconds
