"""Refuse bad answers before the project is written (logic: hooks/shared_hooks at the top)."""

import json
import os
import sys


def find_template_dir() -> str:
    """The template's directory: the shared library sits beside it.

    Cookiecutter runs this file from a temporary copy, from within the template
    directory. Its _repo_dir is relative when the user typed a relative path
    (`cookiecutter .`), and cruft sets none.
    """
    given = {{ cookiecutter._repo_dir | default("") | tojson }}
    candidates = [given] if os.path.isabs(given) else []
    candidates += [f"/proc/{os.getppid()}/cwd", os.path.join(os.environ.get("PWD", os.curdir), given)]
    for candidate in map(os.path.realpath, candidates):
        if os.path.isfile(os.path.join(candidate, os.pardir, "hooks", "shared_hooks", "run.py")):
            return candidate
    sys.exit("error: hooks/shared_hooks is not beside the template: bake from the whole repository")


TEMPLATE_DIR = find_template_dir()
sys.path.insert(0, os.path.join(TEMPLATE_DIR, os.pardir, "hooks"))

from shared_hooks import run  # noqa: E402

sys.exit(run.pre_gen(TEMPLATE_DIR, json.loads({{ cookiecutter | jsonify | tojson }})))
