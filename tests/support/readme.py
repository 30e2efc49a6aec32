"""The shell commands of a baked README, made runnable on the test machine.

A README is only true if its commands work. They are taken from its ```sh
blocks and run as written, with the few changes a test machine needs, each
named here: a unique image name (tests run side by side), the server started
in the background, curl retried until the server answers, the bake's Python
and the pinned uv found where they are, and on a Docker host without a bridge
network (DOCKER_TEST_NETWORK=host) the host network instead of `-p`. No Kubernetes
cluster runs here: `kubectl apply -k` renders with `kustomize build`, other kubectl
commands are skipped.
"""

from __future__ import annotations

import re
import shlex

FENCE = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def commands(markdown: str) -> list[str]:
    lines = []
    for block in FENCE.findall(markdown):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                lines.append(line.strip())
    return lines


def image_prefix(version: str, host_network: bool) -> str:
    """Runs a README command in the bake's base image, in the current folder: for a
    Python version this machine has no CPython of."""
    network = " --network host" if host_network else ""
    return f'docker run --rm{network} --volume "$PWD:$PWD" --workdir "$PWD" python:{version}-slim'


def script(
    markdown: str, slug: str, name: str, python: str, uv: str, host_network: bool, venv_prefix: str = ""
) -> tuple[str, list[str]]:
    """(a bash script running every command of the README, the commands it skipped).

    `python` replaces the README's `python3.X`; `venv_prefix`, where not empty, runs
    each `.venv/bin/...` command inside it (see image_prefix)."""
    lines = ["set -euo pipefail", f"trap 'docker rm --force {name}-server >/dev/null 2>&1 || true' EXIT"]
    skipped = []
    for command in commands(markdown):
        command = re.sub(rf"\b{re.escape(slug)}\b", name, command)
        words = shlex.split(command)
        if words[:2] == ["docker", "build"] and host_network:
            command = command.replace("docker build", "docker build --network host", 1)
        elif words[:2] == ["docker", "run"] and any(word.startswith("-p") for word in words):
            command = command.replace("docker run --rm", f"docker run --detach --name {name}-server", 1)
            if host_network:  # the container listens on the host's loopback directly
                command = re.sub(r"-p \S+", "--network host", command)
        elif words[0] == "curl":
            url = words[-1]
            command = f"for _ in $(seq 100); do curl --fail --silent {url} && break; sleep 0.1; done"
        elif re.fullmatch(r"python3\.\d+", words[0]):
            command = command.replace(words[0], python, 1)
        elif words[0].startswith(".venv/bin/") and venv_prefix:
            command = f"{venv_prefix} sh -c {shlex.quote(command)}"
        elif words[0] == "uv":
            command = command.replace("uv", uv, 1)
        elif "docker compose" in command:
            skipped.append(command)  # pulls postgres/redis images; test_compose validates it
            continue
        elif words[0] == "kubectl":
            if words[1:3] != ["apply", "-k"]:
                skipped.append(command)  # no cluster here; test_kubernetes_contract runs the pods
                continue
            command = f"kustomize build {shlex.quote(words[3])} >/dev/null"  # what apply would send
        lines.append(command)
    return "\n".join(lines) + "\n", skipped
