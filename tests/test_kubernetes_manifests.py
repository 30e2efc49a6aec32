"""Fast tier: every bake's Kubernetes manifests render with kustomize, base and overlays, and
validate strictly against the oldest and the newest supported Kubernetes; what they declare.

The manifests do not depend on the Python version: each option combination is checked
once, with the template's default Python. No cluster runs here (test_kubernetes_contract.py
runs the image as the manifests declare).
"""

from __future__ import annotations

import shutil

import pytest
from support.kubernetes import (
    BASE,
    KUBERNETES_VERSIONS,
    OVERLAYS,
    PodContract,
    build,
    documents,
    find,
    kustomize,
)
from support.kubernetes import validate as validate_against
from support.tools import check
from support.variants import all_variants, default_python

COMBINATIONS = [v for v in all_variants() if v.python_version == default_python(v.template)]
HARDENED_POD = {
    "runAsNonRoot": True,
    "runAsUser": 10001,
    "runAsGroup": 10001,
    "seccompProfile": {"type": "RuntimeDefault"},
}
HARDENED_CONTAINER = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
}


def kustomizations(project):
    return [project / BASE, *sorted(path for path in (project / OVERLAYS).iterdir() if path.is_dir())]


def workloads(manifests):
    return [m for m in manifests if m["kind"] in ("Deployment", "Job")]


@pytest.mark.parametrize("variant", COMBINATIONS, ids=lambda v: v.id)
def test_base_and_overlays_render_and_validate_strictly_for_both_kubernetes_versions(bake, variant, tmp_path):
    project = bake(variant).path
    rendered = "---\n".join(build(directory) for directory in kustomizations(project))
    for version in KUBERNETES_VERSIONS:
        result = validate_against(rendered, version, tmp_path)
        assert result.returncode == 0, f"Kubernetes {version}:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("variant", COMBINATIONS, ids=lambda v: v.id)
def test_every_pod_runs_hardened_with_no_service_account_token(bake, variant):
    manifests = documents(build(bake(variant).path / BASE))
    for workload in workloads(manifests):
        pod = workload["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False
        assert HARDENED_POD.items() <= pod["securityContext"].items(), workload["metadata"]["name"]
        for container in pod["containers"]:
            assert container["securityContext"] == HARDENED_CONTAINER
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]
            assert "memory" in container["resources"]["limits"]
            assert container["envFrom"][1] == {"secretRef": {"name": bake(variant).slug}}
        tmp = next(volume for volume in pod["volumes"] if volume["name"] == "tmp")
        assert tmp["emptyDir"]["medium"] == "Memory"
    assert not [m for m in manifests if m["kind"] == "Secret"], "the bake ships no secret values"


@pytest.mark.parametrize("variant", COMBINATIONS, ids=lambda v: v.id)
def test_web_probes_ports_grace_and_metrics_are_declared(bake, variant):
    manifests = documents(build(bake(variant).path / BASE))
    web = PodContract.of(manifests, find(manifests, "Deployment", "web"))
    assert web.port == int(bake(variant).answers["port"])
    assert [web.probe(kind).path for kind in ("startup", "liveness", "readiness")] == [
        "/healthz",
        "/healthz",
        "/readyz",
    ]
    assert {web.probe(kind).port for kind in ("startup", "liveness", "readiness")} == {web.port}
    # The servers' graceful timeout is 8 s (server.env), after the preStop pause.
    assert web.grace > web.pre_stop_sleep + 8
    assert web.settings["LOG_FORMAT"] == "json" and web.settings["METRICS_PORT"] == "9464" == str(
        web.named_port("metrics")
    )
    annotations = find(manifests, "Deployment", "web")["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "9464",
        "prometheus.io/path": "/metrics",
    }
    (policy,) = [m for m in manifests if m["kind"] == "NetworkPolicy"]
    (rule,) = policy["spec"]["ingress"]
    assert rule == {"ports": [{"port": "http", "protocol": "TCP"}, {"port": "metrics", "protocol": "TCP"}]}


@pytest.mark.parametrize("variant", COMBINATIONS, ids=lambda v: v.id)
def test_what_each_option_deploys(bake, variant):
    options = variant.extra_context
    manifests = documents(build(bake(variant).path / BASE))
    assert all(m["metadata"]["labels"]["app.kubernetes.io/name"] == bake(variant).slug for m in manifests)
    kinds = {(m["kind"], m["metadata"]["labels"].get("app.kubernetes.io/component")) for m in manifests}
    web = find(manifests, "Deployment", "web")["spec"]
    sqlite = options["database"] == "sqlite"
    assert (("Job", "migrate") in kinds) == (options["database"] == "postgresql")
    celery = {("Deployment", "worker"), ("Deployment", "beat")}
    assert celery & kinds == (celery if options["worker"] == "celery" else set())
    if sqlite:  # one pod holds the database's volume: no autoscaler, no rolling overlap
        assert web["replicas"] == 1 and web["strategy"] == {"type": "Recreate"}
        assert ("HorizontalPodAutoscaler", "web") not in kinds
        claim = next(m for m in manifests if m["kind"] == "PersistentVolumeClaim")
        mounts = web["template"]["spec"]["containers"][0]["volumeMounts"]
        assert {"name": "data", "mountPath": "/data"} in mounts
        assert {"name": "data", "persistentVolumeClaim": {"claimName": claim["metadata"]["name"]}} in web[
            "template"
        ]["spec"]["volumes"]
    else:
        assert web["replicas"] == 2 and web["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
        assert {("HorizontalPodAutoscaler", "web"), ("PodDisruptionBudget", "web")} <= kinds
        assert [c["topologyKey"] for c in web["template"]["spec"]["topologySpreadConstraints"]] == [
            "topology.kubernetes.io/zone",
            "kubernetes.io/hostname",
        ]


@pytest.mark.parametrize("variant", COMBINATIONS[:1] + COMBINATIONS[-1:], ids=lambda v: v.id)
def test_kustomize_edit_set_image_points_every_pod_at_the_release(bake, variant, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(bake(variant).path, project)
    release = f"ghcr.io/acme/{bake(variant).slug}:1.4.2"
    check(kustomize(), "edit", "set", "image", f"{bake(variant).slug}={release}", cwd=project / BASE)
    for directory in kustomizations(project):
        manifests = documents(build(directory))
        images = {
            c["image"] for w in workloads(manifests) for c in w["spec"]["template"]["spec"]["containers"]
        }
        assert images == {release}, directory
