"""The template repository's own code is lint-clean and its scripts are sound."""

from __future__ import annotations

from support.tools import check, tool
from support.variants import ROOT

SHELL_SCRIPTS = ["scripts/test", "scripts/update-dev-requirements", ".ci/run"]


def test_repository_python_is_lint_clean():
    check(tool("ruff"), "check", "--no-cache", ".", cwd=ROOT)
    check(tool("ruff"), "format", "--no-cache", "--check", ".", cwd=ROOT)


def test_repository_shell_scripts_pass_shellcheck():
    check(tool("shellcheck"), *SHELL_SCRIPTS, cwd=ROOT)


def test_thin_hooks_carry_no_logic_of_their_own():
    for hook in sorted(ROOT.glob("*-template/hooks/*.py")):
        code = [
            line
            for line in hook.read_text().splitlines()
            if line.strip() and not line.startswith(("#", '"""', "import", "from"))
        ]
        assert len(code) <= 4, f"{hook.relative_to(ROOT)} should only call hooks/shared_hooks"


def test_repository_workflows_match_the_schema_and_pass_zizmor():
    workflows = sorted(str(path) for path in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    check(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows)
    check(tool("zizmor"), "--offline", *workflows)
