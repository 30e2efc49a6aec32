"""Pin every runtime dependency with hashes (logic: hooks/shared_hooks at the top)."""

import json
import os
import sys

# Cookiecutter runs this file from a temporary copy; the shared library sits beside the
# template. cruft sets no _repo_dir, but runs hooks from within the template directory.
TEMPLATE_DIR = {{ cookiecutter._repo_dir | default("") | tojson }} or os.path.realpath(f"/proc/{os.getppid()}/cwd")
sys.path.insert(0, os.path.join(TEMPLATE_DIR, os.pardir, "hooks"))

from shared_hooks import run  # noqa: E402

sys.exit(run.post_gen(TEMPLATE_DIR, json.loads({{ cookiecutter | jsonify | tojson }})))
