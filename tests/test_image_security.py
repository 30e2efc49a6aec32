"""Docker tier: what is inside a baked image, and what its user can do there."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import tarfile

import pytest
from support.docker import docker
from support.requirements import canonical, pins
from support.variants import covering, docker_variants

pytestmark = pytest.mark.docker
VARIANTS = docker_variants()
# What the Dockerfile copies and how it sets owners changes with these answers, not
# with the Python version: each of their values once is the proof.
LAYOUTS = covering("server", "database", "cache", "worker")
NOT_READ_ONLY = ("--cap-drop", "ALL", "--security-opt", "no-new-privileges")
BUILD_TOOLS = ("gcc", "cc", "c++", "make", "ld", "as", "git")
PRIVATE_KEY = b"PRIVATE KEY-----"


@pytest.mark.parametrize("variant", LAYOUTS, ids=lambda v: v.id)
def test_app_user_can_write_neither_code_nor_venv_even_without_read_only(engine, runner, image, variant):
    container = runner(variant).start(engine, image(variant).tag, options=NOT_READ_ONLY)
    container.wait_healthy()
    writable = container.exec("find", "/app", "/opt/venv", "/usr/local", "-writable").stdout.split()
    assert writable == []
    probe = container.exec("sh", "-c", "touch /app/probe /opt/venv/probe", check=False)
    assert probe.returncode != 0 and "Permission denied" in probe.stderr


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_no_build_tools_and_exactly_the_pinned_packages(engine, image, bake, variant):
    tag = image(variant).tag
    found = engine.run_once(tag, "sh", "-c", f"for t in {' '.join(BUILD_TOOLS)}; do command -v $t; done")
    assert found.stdout.split() == [], f"build tools in the image: {found.stdout.split()}"

    check = engine.run_once(
        tag, "/usr/local/bin/python", "-m", "pip", "--python", "/opt/venv/bin/python", "check"
    )
    assert check.returncode == 0, check.stdout + check.stderr

    listing = engine.run_once(
        tag, "python", "-c",
        "import json, importlib.metadata as m;"
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))",
    )  # fmt: skip
    installed = {canonical(name): version for name, version in json.loads(listing.stdout).items()}
    assert installed == pins(bake(variant).path / "requirements.txt")


@pytest.mark.parametrize("variant", LAYOUTS, ids=lambda v: v.id)
def test_no_secret_env_file_git_metadata_or_private_key_reaches_any_layer(
    engine, runner, bake, variant, tmp_path
):
    # A developer's working copy: a .env with real-looking secrets, a git repository
    # and a stray key. None of it may reach the image or its history.
    project = tmp_path / "project"
    shutil.copytree(bake(variant).path, project)
    secret = secrets.token_hex(24)
    (project / ".env").write_text(f"DJANGO_SECRET_KEY={secret}\nAPI_TOKEN={secret}\n")
    (project / "deploy_key").write_bytes(b"-----BEGIN OPENSSH " + PRIVATE_KEY + b"\nAAAA\n")
    subprocess.run(["git", "init", "--quiet", str(project)], check=True)
    tag = engine.build(project, f"{variant.id}-secrets").tag

    history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", tag).stdout
    assert secret not in history

    base_layers = len(_diff_ids(f"python:{variant.python_version}-slim"))
    assert _diff_ids(tag)[:base_layers] == _diff_ids(f"python:{variant.python_version}-slim")
    archive = tmp_path / "image.tar"
    docker("save", "--output", str(archive), tag)
    with tarfile.open(archive) as image_tar:
        manifest = json.load(image_tar.extractfile("manifest.json"))[0]
        for index, layer_path in enumerate(manifest["Layers"]):
            ours = index >= base_layers
            with tarfile.open(fileobj=image_tar.extractfile(layer_path)) as layer:
                for member in layer.getmembers():
                    parts = member.name.split("/")
                    assert ".env" not in parts and ".git" not in parts, member.name
                    if not member.isfile():
                        continue
                    content = layer.extractfile(member).read()
                    assert secret.encode() not in content, member.name
                    if ours:  # the base's libcrypto names key formats; our layers must not
                        assert PRIVATE_KEY not in content, member.name


def _diff_ids(image: str) -> list[str]:
    """The image's layers, bottom first, in the order `docker save` lists them."""
    return json.loads(docker("inspect", "--format", "{{json .RootFS.Layers}}", image).stdout)
