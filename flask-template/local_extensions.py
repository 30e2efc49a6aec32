# Cookiecutter loads this module through `_extensions` in cookiecutter.json, with this
# folder on sys.path: it lends the template the repository's template_library.

import sys
from pathlib import Path

REMEDY = "bake from the whole py-docker-templates repository (a git URL, its zip or cruft)"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
try:
    from template_library.jinja_extension import SharedLibrary  # noqa: F401
except ImportError as missing:  # Cookiecutter shows this one line
    raise ImportError(f"{missing}: {REMEDY}, not from a copy of one template folder") from None
