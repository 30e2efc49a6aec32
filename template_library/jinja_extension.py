"""The Jinja extension that lends both templates this library.

Each template's cookiecutter.json names it in `_extensions`, through the
template's own `local_extensions.py` (Cookiecutter and cruft put the template
folder, not this repository's root, on `sys.path`). It adds three globals:

- `shared(name)`: the fragment `fragments/<name>`, for `{% include shared(...) %}`.
  Cookiecutter's own loader only searches the template folder and `templates/`
  beside it, so a fragment both templates use could not have one home there.
- `template_dir()` and `library_dir()`: absolute paths for the hook scripts.
  Cookiecutter renders a hook script in its own process while it works in the
  template folder (`run_hook_from_repo_dir`), so the working directory is the
  template's, whatever path the user typed, on any OS and under cruft. The script
  then runs elsewhere, which is why it must carry the paths written in.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, Template
from jinja2.ext import Extension

LIBRARY = Path(__file__).resolve().parent.name
FRAGMENTS = "fragments"


def library_root(start: Path) -> Path:
    """The repository root: the nearest folder from `start` up that holds this library.

    Found from the working directory, not from this module's path: a process that
    bakes from two copies of the repository imports this module only once.
    """
    for folder in (start, *start.parents):
        if (folder / LIBRARY / FRAGMENTS).is_dir():
            return folder
    raise LookupError(f"no {LIBRARY}/{FRAGMENTS} in {start} or above: bake from the whole repository")


class SharedLibrary(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals.update(
            shared=self.shared,
            template_dir=os.getcwd,
            library_dir=lambda: str(library_root(Path.cwd())),
        )

    def shared(self, name: str) -> Template:
        fragments = library_root(Path.cwd()) / LIBRARY / FRAGMENTS
        # The template's own settings (strict undefined, its extensions), except that a
        # fragment drops its last newline: the line of the `{% include %}` ends it.
        overlay = self.environment.overlay(loader=FileSystemLoader(fragments), keep_trailing_newline=False)
        return overlay.get_template(name)
