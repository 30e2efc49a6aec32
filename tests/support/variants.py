"""The bakes a user can choose: every template, option combination and Python version.

The fast tier bakes the full product (`all_variants`); the Docker tier, where each
variant costs an image build, bakes the pairwise plan (`docker_variants`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from template_library.template_spec import TemplateSpec

from .pairwise import plan

ROOT = Path(__file__).resolve().parents[2]

TEMPLATES = ("flask-template", "django-template")


@cache
def spec(template: str) -> TemplateSpec:
    return TemplateSpec.load(ROOT / template)


def default_python(template: str) -> str:
    """The Python version a `--no-input` bake of the template chooses: the first offered."""
    return spec(template).python_versions[0]


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


def _variant(template: str, answers: dict[str, str]) -> Variant:
    # The Python version first, then the options in cookiecutter.json's order: one
    # variant has one id and one identity (session fixtures cache by it) in every list.
    options = [name for name in spec(template).choices if name != "python_version"]
    context = {"python_version": answers["python_version"], **{name: answers[name] for name in options}}
    return Variant(template, tuple(context.items()))


def all_variants() -> list[Variant]:
    variants = []
    for template in TEMPLATES:
        for options in spec(template).option_combinations():
            for python_version in spec(template).python_versions:
                variants.append(_variant(template, {"python_version": python_version, **options}))
    return variants


def docker_variants() -> list[Variant]:
    """The Docker tier's bakes: per template, every value and every pair of values of its
    choices at least once, and each Python version with default options (support.pairwise)."""
    return [_variant(template, row) for template in TEMPLATES for row in plan(spec(template).choices)]


def default_variants() -> list[Variant]:
    """What `--no-input` bakes from each template: the first answer of every choice."""
    variants = all_variants()
    return [next(v for v in variants if v.template == template) for template in TEMPLATES]


def one_per_option_set() -> list[Variant]:
    """The Docker plan less its repeats of a set of options on another Python version:
    per template, the first variant with each combination of the other answers. Still
    every value and every pair of values of the options, for tests of what only the
    options render (compose files, Kubernetes manifests, Django's settings: a bake on
    another Python differs in its Dockerfile's base, .python-version, pyproject.toml,
    README and lock alone), where the image on each Python is proven by tests that
    run every variant."""
    chosen: dict[tuple, Variant] = {}
    for variant in docker_variants():
        options = tuple(item for item in variant.context if item[0] != "python_version")
        chosen.setdefault((variant.template, options), variant)
    return list(chosen.values())


def first_with_each(question: str) -> list[Variant]:
    """Per template, the first variant of the Docker plan with each value of `question`:
    for tests that prove what that option does, once for each of its values."""
    return covering(question)


def covering(*questions: str) -> list[Variant]:
    """Per template, few variants of the Docker plan that together give each of these
    questions every value: for tests of what those options change and nothing else
    does, where every variant would repeat the same proof at the cost of a container."""
    chosen: list[Variant] = []
    for template in TEMPLATES:
        asked = [q for q in questions if q in spec(template).choices]
        missing = {(q, value) for q in asked for value in spec(template).choices[q]}
        for variant in (v for v in docker_variants() if v.template == template):
            adds = {(q, variant.extra_context[q]) for q in asked} & missing
            if adds or not chosen or chosen[-1].template != template:
                chosen.append(variant)
                missing -= adds
    return chosen
