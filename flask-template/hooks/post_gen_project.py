"""Pin every runtime dependency with hashes (logic: hooks/shared_hooks at the top)."""

import json
import os
import sys

# Cookiecutter runs this file from a temporary copy, from within the template directory;
# the shared library sits beside the template. _repo_dir is relative when the user typed
# a relative path (`cookiecutter .`), and cruft sets none: then the directory of the
# parent process (cookiecutter's or cruft's) is the template's.
GIVEN = {{ cookiecutter._repo_dir | default("") | tojson }}
TEMPLATE_DIR = GIVEN if os.path.isabs(GIVEN) else os.path.realpath(f"/proc/{os.getppid()}/cwd")
sys.path.insert(0, os.path.join(TEMPLATE_DIR, os.pardir, "hooks"))

from shared_hooks import run  # noqa: E402

sys.exit(run.post_gen(TEMPLATE_DIR, json.loads({{ cookiecutter | jsonify | tojson }})))
