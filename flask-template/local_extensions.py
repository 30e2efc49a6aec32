"""Loaded by Cookiecutter through `_extensions` in cookiecutter.json, with this folder
on sys.path: it lends the template the repository's template_library."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
try:
    from template_library.jinja_extension import SharedLibrary  # noqa: F401
except ImportError as missing:
    raise ImportError(
        f"{missing}: bake from the whole py-docker-templates repository (a git URL, its zip "
        "or cruft), not from a copy of one template folder"
    ) from None
