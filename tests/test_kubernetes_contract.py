"""Docker tier: the image keeps the contract its Kubernetes manifests declare.

No Kubernetes cluster can be started on this machine (nor in the templates' CI),
and none is faked. Instead the rendered manifests (`kustomize build`) are
translated into `docker run` (support/kubernetes.py): the web Deployment's and the
migration Job's user and group, read-only root, dropped capabilities, no privilege
escalation, a tmpfs per in-memory emptyDir, a volume per claim, memory and CPU
limits, the ConfigMap's environment plus test secrets, the command and the port.
The Job's command must succeed, the probes answer 200 on the declared port within
the startup probe's budget, and `docker stop` end the server cleanly within the
grace period. What only a cluster does (scheduling, Services, NetworkPolicies,
the preStop pause itself) is not tested here.

Each variant also runs with an arbitrary UID in group 0, as OpenShift's restricted
profile runs it, the migration included. A manifest that drifts from the image (a
port, a probe path, a user that cannot write the data volume) fails the contract:
the last test proves it on deliberately broken copies.
"""

from __future__ import annotations

import re
import shutil

import pytest
from support.kubernetes import BASE, PodContract, build, documents, find, memory_bytes, run_contract
from support.variants import covering, docker_variants, one_per_option_set

pytestmark = pytest.mark.docker
VARIANTS = docker_variants()
ARBITRARY_USER = "4242:0"  # any UID a platform may assign, with group 0


def secrets_for(runner, variant, manifests) -> dict[str, str]:
    """What the Secret of a release holds: the test's secrets, not the ConfigMap's settings."""
    settings = PodContract.of(manifests, find(manifests, "Deployment", "web")).settings
    return {key: value for key, value in runner(variant).env().items() if key not in settings}


# As declared, each set of options of the plan once: the manifests do not change with
# the Python version (test_docker_plan.py), and every variant's image runs hardened in
# tests/test_image.py. With an arbitrary UID, once for each value of the answers that
# change what the image writes and where (Django's SQLite volume, the worker).
CASES = [
    *(pytest.param(v, None, id=f"{v.id}-declared-user") for v in one_per_option_set()),
    *(pytest.param(v, ARBITRARY_USER, id=f"{v.id}-arbitrary-uid-group-0")
      for v in covering("server", "database", "cache", "worker")),
]  # fmt: skip


@pytest.mark.parametrize(("variant", "user"), CASES)
def test_image_migrates_serves_and_stops_as_its_manifests_declare(engine, runner, image, bake, variant, user):
    manifests = documents(build(bake(variant).path / BASE))
    outcome = run_contract(
        engine, image(variant).tag, manifests, secrets_for(runner, variant, manifests), user
    )
    web = PodContract.of(manifests, find(manifests, "Deployment", "web"))
    request = memory_bytes(web.container["resources"]["requests"]["memory"]) / 2**20
    print(f"{variant.id} {user or web.user}: probes 200 after {outcome.startup_seconds:.1f} s, "
          f"{outcome.memory_mib:.0f} MiB, stopped in {outcome.stop_seconds:.1f} s")  # fmt: skip
    assert outcome.memory_mib < request, f"{outcome.memory_mib:.0f} MiB at rest, request {request:.0f} MiB"


FLASK = next(v for v in VARIANTS if v.framework == "flask")
SQLITE = next(v for v in VARIANTS if v.extra_context.get("database") == "sqlite")
BROKEN = [
    # (variant, file of the base, what is replaced, by what, what the contract says)
    (FLASK, "web.yaml", r"containerPort: \d+", "containerPort: 8001", "nothing on the declared port 8001"),
    (FLASK, "web.yaml", "path: /readyz", "path: /ready", "readiness probe /ready: 404"),
    (
        SQLITE,
        "web.yaml",
        r"runAsUser: 10001\n(\s+)runAsGroup: 10001",
        r"runAsUser: 4242\n\1runAsGroup: 4242",
        "container running: False",
    ),
]


@pytest.mark.parametrize(
    ("variant", "name", "pattern", "replacement", "failure"),
    BROKEN,
    ids=["port", "probe-path", "unwritable-data"],
)
def test_contract_fails_on_a_manifest_that_drifts_from_the_image(
    engine, runner, image, bake, tmp_path, variant, name, pattern, replacement, failure
):
    project = tmp_path / "project"
    shutil.copytree(bake(variant).path / "deploy", project / "deploy")
    manifest = project / BASE / name
    broken, count = re.subn(pattern, replacement, manifest.read_text())
    assert count, f"{pattern!r} not in {name}"
    manifest.write_text(broken)
    manifests = documents(build(project / BASE))
    with pytest.raises(AssertionError, match=re.escape(failure)):
        run_contract(engine, image(variant).tag, manifests, secrets_for(runner, variant, manifests))
