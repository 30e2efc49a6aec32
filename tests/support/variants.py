"""The bakes a user can choose: every template, option combination and Python version."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

from shared_hooks.template_spec import TemplateSpec  # noqa: E402

TEMPLATES = ("flask-template", "django-template")


@dataclass(frozen=True)
class Variant:
    template: str
    context: tuple[tuple[str, str], ...]

    @property
    def template_dir(self) -> Path:
        return ROOT / self.template

    @property
    def framework(self) -> str:
        return self.template.removesuffix("-template")

    @property
    def extra_context(self) -> dict[str, str]:
        return dict(self.context)

    @property
    def python_version(self) -> str:
        return self.extra_context["python_version"]

    @property
    def id(self) -> str:
        return "-".join([self.framework, *(value for _, value in self.context)])


def all_variants() -> list[Variant]:
    variants = []
    for template in TEMPLATES:
        spec = TemplateSpec.load(ROOT / template)
        for options in spec.option_combinations():
            for python_version in spec.python_versions:
                context = {"python_version": python_version, **options}
                variants.append(Variant(template, tuple(context.items())))
    return variants


def default_variants() -> list[Variant]:
    """What `--no-input` bakes from each template: the first answer of every choice."""
    variants = all_variants()
    return [next(v for v in variants if v.template == template) for template in TEMPLATES]
