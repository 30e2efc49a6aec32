"""The template repository's own code is lint-clean and its scripts are sound."""

from __future__ import annotations

from support.tools import check, tool
from support.variants import ROOT

SHELL_SCRIPTS = ["scripts/test", "scripts/update-dev-requirements", "scripts/update-locks", ".ci/run"]


def test_repository_python_is_lint_clean():
    extensions = [str(path) for path in sorted(ROOT.glob("*-template/local_extensions.py"))]
    assert len(extensions) == 2
    check(tool("ruff"), "check", "--no-cache", ".", *extensions, cwd=ROOT)
    check(tool("ruff"), "format", "--no-cache", "--check", ".", *extensions, cwd=ROOT)


def test_repository_shell_scripts_pass_shellcheck():
    check(tool("shellcheck"), *SHELL_SCRIPTS, cwd=ROOT)


def test_thin_hooks_only_include_the_shared_hook_script():
    hooks = sorted(ROOT.glob("*-template/hooks/*.py"))
    assert [hook.name for hook in hooks] == ["post_gen_project.py", "pre_gen_project.py"] * 2
    for hook in hooks:
        stage = hook.name.removesuffix("_project.py")
        expected = f'{{% set stage = "{stage}" %}}{{% include shared("hooks/hook.py") %}}\n'
        assert hook.read_text() == expected, f"{hook.relative_to(ROOT)} should only include the shared hook"


def test_repository_workflows_match_the_schema_and_pass_zizmor():
    workflows = sorted(str(path) for path in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    check(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows)
    check(tool("zizmor"), "--offline", *workflows)
