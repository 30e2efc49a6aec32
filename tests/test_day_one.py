"""What a team pushes the hour it bakes: CI workflow, dependabot, pre-commit, dev compose."""

from __future__ import annotations

import shutil

import pytest
import yaml
from support.tools import check, tool
from support.variants import all_variants
from test_compose import compose_command

VARIANTS = all_variants()


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_ci_workflow_and_dependabot_match_their_schemas_and_pass_zizmor(bake, variant):
    project = bake(variant)
    workflow = project / ".github" / "workflows" / "ci.yml"
    check(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow))
    check(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.dependabot",
        str(project / ".github" / "dependabot.yml"),
    )
    check(tool("zizmor"), "--offline", str(workflow))
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
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
    config = yaml.safe_load((bake(variant) / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "hadolint-docker", "shellcheck"} <= hooks
    assert {"end-of-file-fixer", "trailing-whitespace"} <= hooks
    ruff_rev = next(repo["rev"] for repo in config["repos"] if repo["repo"].endswith("ruff-pre-commit"))
    dev_lock = (bake(variant) / "requirements-dev.txt").read_text()
    assert f"ruff=={ruff_rev.removeprefix('v')}" in dev_lock, "pre-commit and the dev lock run one ruff"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_dev_compose_mounts_the_source_runs_as_the_host_user_and_reloads(bake, variant, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(bake(variant), project)
    (project / ".env").write_text((project / ".env.example").read_text())
    files = ("--file", "compose.yaml", "--file", "compose.dev.yaml")
    config = yaml.safe_load(
        check(*compose_command(), *files, "config", cwd=project, env_extra={"UID": "1234", "GID": "5678"})
    )
    web = config["services"]["web"]
    assert web["user"] == "1234:5678"
    assert web["environment"]["GUNICORN_RELOAD"] == "1"
    mounts = [
        volume if isinstance(volume, str) else f"{volume['source']}:{volume['target']}"
        for volume in web["volumes"]
    ]
    assert any("/billing_api:/app/billing_api" in mount for mount in mounts), mounts
    check(
        tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(project / "compose.dev.yaml")
    )
