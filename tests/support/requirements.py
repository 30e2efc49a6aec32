"""Reading pinned requirements files, and the dependency closure of an environment."""

from __future__ import annotations

import re
from pathlib import Path

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+?)\s*(?:;.*)?\\?$")
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}\s*\\?$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """{name: version} of a hashed lock; fails on any line that is not a pin, hash or comment."""
    found: dict[str, str] = {}
    hashes: dict[str, int] = {}
    current = None
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if match := PIN.match(line):
            current = canonical(match["name"])
            found[current] = match["version"]
            hashes[current] = 0
        elif HASH.match(line) and current:
            hashes[current] += 1
        else:
            raise AssertionError(f"{path.name}:{number} is neither a pin nor a hash: {line!r}")
    unhashed = [name for name, count in hashes.items() if count == 0]
    assert not unhashed, f"{path.name} pins without hashes: {unhashed}"
    return found


def roots(path: Path) -> list[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("-")]


# Run by the bake's own virtual environment: which distributions the roots need,
# following extras and environment markers as pip would on this platform.
CLOSURE_SCRIPT = """
import json, sys
from importlib import metadata
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

seen, todo = set(), [Requirement(line) for line in sys.argv[1:]]
while todo:
    requirement = todo.pop()
    name = canonicalize_name(requirement.name)
    for extra in ("", *sorted(requirement.extras)):
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        for needed in metadata.requires(name) or []:
            needed = Requirement(needed)
            if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                todo.append(needed)
print(json.dumps(sorted({name for name, _ in seen})))
"""
