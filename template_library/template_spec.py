"""What a template declares in its cookiecutter.json: choices, reserved names, locks."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TemplateSpec:
    directory: Path
    choices: dict[str, list[str]]
    reserved_names: frozenset[str]
    # {"database=postgresql": ["alembic.ini", ...]}: paths a bake keeps only with that answer
    paths_for_options: dict[str, list[str]]

    @classmethod
    def load(cls, directory: str | Path) -> TemplateSpec:
        directory = Path(directory).resolve()
        data = json.loads((directory / "cookiecutter.json").read_text(encoding="utf-8"))
        choices = {
            key: [str(choice) for choice in value]
            for key, value in data.items()
            if isinstance(value, list) and not key.startswith("_")
        }
        return cls(
            directory,
            choices,
            frozenset(data.get("_reserved_names", [])),
            data.get("_paths_for_options", {}),
        )

    @property
    def locks_dir(self) -> Path:
        return self.directory / "locks"

    @property
    def python_versions(self) -> list[str]:
        return self.choices["python_version"]

    def unchosen_paths(self, answers: dict) -> list[str]:
        """Paths of the bake that belong to options the answers did not choose."""
        paths = []
        for condition, condition_paths in self.paths_for_options.items():
            option, _, value = condition.partition("=")
            if str(answers.get(option)) != value:
                paths += [path.format(**answers) for path in condition_paths]
        return paths

    def option_combinations(self) -> list[dict[str, str]]:
        """Every combination of the choices other than the Python version."""
        names = [name for name in self.choices if name != "python_version"]
        return [
            dict(zip(names, values, strict=True))
            for values in itertools.product(*(self.choices[name] for name in names))
        ]
