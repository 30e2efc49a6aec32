"""Docker tier: every command of a baked README works as written."""

from __future__ import annotations

import shutil
import uuid

import pytest
from support.docker import HOST_NETWORK, docker
from support.pythons import host_interpreter
from support.readme import image_prefix, script
from support.tools import run, tool
from support.variants import default_variants

pytestmark = pytest.mark.docker
# Default answers of each template: their READMEs run one after the other, since
# both serve on the README's port.
DEFAULTS = default_variants()


def test_readme_commands_of_default_bakes_run_as_written(engine, bake, tmp_path):
    for variant in DEFAULTS:
        baked = bake(variant)
        project = tmp_path / variant.id
        shutil.copytree(baked.path, project)
        name = f"readme-{uuid.uuid4().hex[:8]}"
        version = variant.python_version
        # The README's Python commands run on this machine's CPython, or in the image.
        host = host_interpreter(version)
        in_image = "" if host else image_prefix(version, HOST_NETWORK)
        body, skipped = script(
            (project / "README.md").read_text(), baked.slug, name,
            host or f"{in_image} python{version}", tool("uv"), HOST_NETWORK, venv_prefix=in_image,
        )  # fmt: skip
        try:
            result = run("bash", "-c", body, cwd=project, timeout=900)
        finally:
            docker("rmi", "--force", name, check=False)
            docker("volume", "rm", "--force", f"{name}-data", check=False)
        assert result.returncode == 0, (
            f"{variant.id} README failed:\n{body}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
        assert "Hello, World!" in result.stdout
        assert "passed" in result.stdout  # the README's pytest ran the bake's tests
        print(f"{variant.id}: README ran {body.count(chr(10)) - 2} commands; skipped {skipped}")
