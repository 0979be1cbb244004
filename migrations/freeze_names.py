"""Freeze the name engine's blocking keys into a revision's own package.

    .venv/bin/python -m migrations.freeze_names 0012 "what the engine learnt"

writes migrations/versions/_NNNN_keys: copies of the service/names modules that
blocking_keys needs, importing each other relatively, with the data files as
they are now; the `nicknames` package's table is frozen into
data/english_nicknames.tsv. A re-keying revision imports that package, never
the service, so that an old database upgrades the same way whatever the
engine becomes. Never edit a frozen copy: keys computed another way belong in
a new revision with a copy of its own.
"""
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "service" / "names"
MODULES = ["alternations", "keys", "korean", "normalize", "parse", "regnal", "rules", "similarity",
           "surface", "syllables", "titles", "transcriptions"]

FAMILIAR = '''"""English given names and their familiar forms, as the `nicknames` package
gave them (through service/names/familiar.py) when this copy was made."""
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def english_nicknames() -> tuple[tuple[str, str], ...]:
    lines = (Path(__file__).parent / "data" / "english_nicknames.tsv").read_text(encoding="utf-8").splitlines()
    return tuple(tuple(line.split("\\t")) for line in lines if line and not line.startswith("#"))  # type: ignore[misc]
'''

NICKNAMES_HEADER = [
    "# The English familiar forms the service read from the `nicknames` package",
    "# (carltonnorthern/nicknames, Apache-2.0) through service/names/familiar.py",
    "# when this copy was made: (name, familiar form). Frozen here so that the",
    "# revision's keys do not follow a later version of the package.",
]

INIT = '''"""The name keys of migration {revision}, frozen: the revision must compute the
same keys whatever the name engine (service/names) becomes later, so that an
old database upgrades today as it did when {revision} was written.

{copies}
"""
from .keys import blocking_keys
from .normalize import InvalidName

__all__ = ["InvalidName", "blocking_keys"]
'''


def _relative(text: str) -> str:
    text = re.sub(r"from service\.names\.(\w+) import", r"from .\1 import", text)
    return text.replace('resources.files("service.names")', "resources.files(__package__)")


def main() -> None:
    revision, what = sys.argv[1], sys.argv[2]
    target = ROOT / "migrations" / "versions" / f"_{revision}_keys"
    if target.exists():
        sys.exit(f"{target} exists: a frozen copy is never rewritten")
    (target / "data").mkdir(parents=True)
    for module in MODULES:
        (target / f"{module}.py").write_text(_relative((SOURCE / f"{module}.py").read_text(encoding="utf-8")),
                                             encoding="utf-8")
    for data in sorted((SOURCE / "data").iterdir()):
        shutil.copy(data, target / "data" / data.name)
    from service.names.familiar import english_nicknames

    lines = [*NICKNAMES_HEADER, *(f"{a}\t{b}" for a, b in english_nicknames())]
    (target / "data" / "english_nicknames.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (target / "familiar.py").write_text(FAMILIAR, encoding="utf-8")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT, check=True).stdout.strip()
    copies = textwrap.fill(
        f"These modules are copies of service/names as of commit {commit} ({what}), with the data files as they"
        " were then; the `nicknames` package's table is frozen into data/english_nicknames.tsv. Written by"
        " migrations/freeze_names.py. Never edit them to follow the service: keys computed another way belong"
        " in a new revision, with its own frozen copy.", width=78)
    (target / "__init__.py").write_text(INIT.format(revision=revision, copies=copies), encoding="utf-8")
    leftover = [m for m in MODULES if "service." in (target / f"{m}.py").read_text(encoding="utf-8")]
    if leftover:
        sys.exit(f"still importing the service: {leftover}")
    print(f"{target}: {len(MODULES) + 1} modules")


if __name__ == "__main__":
    main()
