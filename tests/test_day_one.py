"""What a team pushes the hour it bakes: CI workflow, dependabot, pre-commit, dev compose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from support.compose import compose_command
from support.profiles import SERVERS
from support.tools import check, check_files, tool
from support.variants import all_variants

VARIANTS = all_variants()


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_ci_workflow_and_dependabot_match_their_schemas_and_pass_zizmor(bake, variant):
    project = bake(variant).path
    workflow, dependabot = Path(".github/workflows/ci.yml"), Path(".github/dependabot.yml")
    schema = (tool("check-jsonschema"), "--builtin-schema")
    check_files(*schema, "vendor.github-workflows", files=[workflow], cwd=project)
    check_files(*schema, "vendor.dependabot", files=[dependabot], cwd=project)
    check_files(tool("zizmor"), "--offline", files=[workflow], cwd=project)
    jobs = yaml.safe_load((project / workflow).read_text())["jobs"]
    steps = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    assert any("pytest" in run for run in steps) and any("ruff check" in run for run in steps)
    assert any("docker compose up" in run for run in steps) and any("curl" in run for run in steps)
    uses = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert all(len(use.split("@")[1]) == 40 for use in uses), f"actions pinned by commit: {uses}"
    assert (project / ".python-version").read_text() == f"{variant.python_version}\n"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_pre_commit_config_names_the_linters_the_tests_run(bake, variant):
    # pre-commit fetches its hooks from GitHub, out of reach here: the fast tier
    # runs the same linters directly (test_bake_is_lint_clean) and checks this file.
    project = bake(variant).path
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "hadolint-docker", "shellcheck"} <= hooks
    assert {"end-of-file-fixer", "trailing-whitespace"} <= hooks
    ruff_rev = next(repo["rev"] for repo in config["repos"] if repo["repo"].endswith("ruff-pre-commit"))
    dev_lock = (project / "requirements-dev.txt").read_text()
    assert f"ruff=={ruff_rev.removeprefix('v')}" in dev_lock, "pre-commit and the dev lock run one ruff"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_dev_compose_watches_the_source_into_the_container_and_reloads(bake, variant, tmp_path):
    baked = bake(variant)
    project = tmp_path / "project"
    shutil.copytree(baked.path, project)
    (project / ".env").write_text((project / ".env.example").read_text())
    files = ("--file", "compose.yaml", "--file", "compose.dev.yaml")
    web = yaml.safe_load(check(*compose_command(), *files, "config", cwd=project))["services"]["web"]
    reload = SERVERS[variant.extra_context["server"]].reload
    assert {name: web["environment"][name] for name in reload} == reload
    assert not web.get("read_only"), "watch copies the edits into the container"
    watch = web["develop"]["watch"]
    package = baked.package
    synced = {(rule["path"], rule["target"]) for rule in watch if rule["action"] == "sync"}
    assert (str(project / package), f"/app/{package}") in synced, synced
    rebuilt = {rule["path"] for rule in watch if rule["action"] == "rebuild"}
    assert str(project / "requirements.txt") in rebuilt, rebuilt
    check(
        tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(project / "compose.dev.yaml")
    )
