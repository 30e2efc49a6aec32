"""Bakes work wherever users bake: on hosts without Linux's /proc (macOS, Windows), from a
relative or absolute path, through the chooser, from a zip of the repository, and with cruft."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from support.bakes import expected
from support.cli import cookiecutter
from support.offline import OFFLINE
from support.platforms import PROC_MODES, without_proc_available
from support.skips import missing
from support.template_repo import git, git_copy, github_zip
from support.tools import check, run, tool
from support.variants import ROOT


@pytest.fixture(params=sorted(PROC_MODES))
def prefix(request) -> tuple[str, ...]:
    """How the command runs: as usual, or in a namespace whose /proc is empty."""
    if request.param == "no-proc" and not without_proc_available():
        missing(
            "no mount namespace for an empty /proc (needs root and unshare)", "the platform tests must run"
        )
    return PROC_MODES[request.param]


def files(project: Path) -> dict[str, tuple[bytes, bool]]:
    """Each file of a bake: its bytes, and whether it is executable."""
    return {
        str(path.relative_to(project)): (path.read_bytes(), bool(path.stat().st_mode & stat.S_IXUSR))
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("cwd", "template", "args", "chosen"),
    [
        ("flask-template", ".", (), "flask-template"),
        (".", ".", ("--directory", "django-template"), "django-template"),
        (".", str(ROOT / "django-template"), (), "django-template"),
        (".", str(ROOT), ("--directory", "flask-template"), "flask-template"),
    ],
    ids=["relative", "relative-chooser-directory", "absolute", "absolute-chooser-directory"],
)
def test_hooks_find_the_template_library_from_any_path(tmp_path, prefix, cwd, template, args, chosen):
    result = cookiecutter(
        template, "--no-input", *args, output=tmp_path / "out", cwd=ROOT / cwd, prefix=prefix
    )
    assert result.returncode == 0, result.stdout + result.stderr
    project = expected(ROOT / chosen, tmp_path / "out").path
    assert (project / "requirements.txt").read_text().count("--hash=sha256:") > 5


def test_a_bake_from_a_zip_of_the_repository_equals_one_from_the_checkout(tmp_path, prefix):
    # GitHub's "Download ZIP" is `git archive`; Cookiecutter unpacks it without file modes.
    archive = github_zip(git_copy(tmp_path / "repository"), tmp_path / "py-docker-templates.zip")
    for directory in ("flask-template", "django-template"):
        from_zip, from_checkout = tmp_path / f"zip-{directory}", tmp_path / f"checkout-{directory}"
        zipped = cookiecutter(archive, "--no-input", "--directory", directory, output=from_zip, prefix=prefix)
        assert zipped.returncode == 0, zipped.stdout + zipped.stderr
        checked_out = cookiecutter(ROOT / directory, "--no-input", output=from_checkout)
        assert checked_out.returncode == 0, checked_out.stderr
        slug = expected(ROOT / directory, from_zip).slug
        baked = files(from_zip / slug)
        assert baked == files(from_checkout / slug)
        assert baked["docker-entrypoint.sh"][1], "the entrypoint script must stay executable"


def test_cruft_create_and_update_carry_a_change_of_a_shared_fragment(tmp_path, prefix):
    repository = git_copy(tmp_path / "templates")
    services = tmp_path / "services"
    services.mkdir()

    def cruft(*args: str, cwd: Path) -> str:
        return check(*prefix, tool("cruft"), *args, cwd=cwd, env={**os.environ, **OFFLINE}, timeout=600)

    cruft("create", str(repository), "--directory", "django-template", "--no-input", cwd=services)
    service = expected(ROOT / "django-template", services).path
    git("init", "--quiet", "--initial-branch", "main", cwd=service)
    git("add", "--all", cwd=service)
    git("commit", "--quiet", "--message", "baked", cwd=service)
    fragment = repository / "template_library" / "fragments" / "docker" / "app-user.Dockerfile"
    fragment.write_text(fragment.read_text() + 'LABEL org.opencontainers.image.vendor="ledger"\n')
    git("commit", "--quiet", "--all", "--message", "templates v2", cwd=repository)

    cruft("update", "--skip-apply-ask", "--allow-untracked-files", cwd=service)

    changed = sorted(line[3:] for line in git("status", "--porcelain", cwd=service).splitlines())
    assert changed == [".cruft.json", "Dockerfile"]
    assert 'LABEL org.opencontainers.image.vendor="ledger"' in (service / "Dockerfile").read_text()
    cruft("check", cwd=service)


def test_a_copy_of_one_template_folder_fails_with_one_line_that_says_what_to_do(tmp_path):
    shutil.copytree(ROOT / "flask-template", tmp_path / "flask-template")
    output = tmp_path / "out"
    output.mkdir()
    result = cookiecutter(tmp_path / "flask-template", "--no-input", output=output)
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "bake from the whole py-docker-templates repository" in lines[0]
    assert list(output.iterdir()) == []


def test_templates_hold_no_symlinks_which_zips_and_windows_checkouts_break():
    staged = run("git", "ls-files", "--stage", cwd=ROOT).stdout.splitlines()
    assert staged, "the repository is a git checkout"
    links = [line.split("\t")[1] for line in staged if line.startswith("120000")]
    assert links == []
    on_disk = [str(path) for path in ROOT.glob("*-template/**/*") if path.is_symlink()]
    assert on_disk == []
