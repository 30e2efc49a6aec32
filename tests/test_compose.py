"""Every bake's compose.yaml is valid Compose, with health-gated start-up and no baked secret."""

from __future__ import annotations

import shutil

import pytest
import yaml
from support.compose import compose_command
from support.tools import check
from support.variants import all_variants

VARIANTS = all_variants()
LONG_RUNNING = {"web", "db", "redis"}


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_compose_file_is_valid_and_gates_start_up_on_health(bake, variant, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(bake(variant).path, project)
    source = (project / "compose.yaml").read_text()
    assert "change-me" not in source and "PASSWORD=" not in source, "secrets come from .env only"
    env = (project / ".env.example").read_text().replace("change-me", "s3cret-from-env-file")
    (project / ".env").write_text(env)

    config = yaml.safe_load(check(*compose_command(), "--file", "compose.yaml", "config", cwd=project))

    services = config["services"]
    if "change-me" in env:
        assert "s3cret-from-env-file" in str(services), ".env feeds the services"
    for name in LONG_RUNNING & services.keys():
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    web_needs = services["web"].get("depends_on", {})
    for name in ("db", "redis"):
        if name in services:
            assert web_needs[name]["condition"] == "service_healthy"
    if "migrate" in services:
        assert web_needs["migrate"]["condition"] == "service_completed_successfully"
        if "db" in services:
            assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
            assert source in config["volumes"], f"{name} mounts {source}: state lives in named volumes"
    assert services["web"]["read_only"] is True
    port = services["web"]["ports"][0]  # v2 writes a mapping, 1.29 a string
    assert (port["host_ip"] if isinstance(port, dict) else port.split(":")[0]) == "127.0.0.1"
