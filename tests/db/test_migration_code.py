"""Revisions carry the code they run: none imports the service, whose code
moves on while an old database must still upgrade the way it always did."""
import ast
from pathlib import Path

import migrations.versions
from migrations.versions import _0018_keys
from service import names
from tests.names.pairs import OWN_PAIRS, PUBLIC_PAIRS, load

VERSIONS = Path(migrations.versions.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module)
    return modules


def test_no_revision_imports_the_service():
    # Every file under versions/, the revisions' frozen helpers included.
    offending = {
        str(path.relative_to(VERSIONS)): sorted(m for m in _imported_modules(path)
                                                if m == "service" or m.startswith("service."))
        for path in sorted(VERSIONS.rglob("*.py"))
    }
    assert {path: mods for path, mods in offending.items() if mods} == {}


def _keys(module, name: str) -> set[str] | None:
    try:
        return module.blocking_keys(name)
    except module.InvalidName:
        return None


def test_the_latest_frozen_keys_agree_with_the_name_engine_today():
    """Migration 0018's frozen copy computes the keys the service computes
    today, on every name of the team's and the public pairs. This documents
    the state at the time of freezing: once the name engine changes, the two
    may diverge by design, since only the migration's own behaviour is
    frozen. Then write a new re-keying revision with its own copy (as 0012
    followed 0011, 0016 0012, 0017 0016 and 0018 0017; migrations/freeze_names.py
    writes it), or narrow this test; never edit the copy."""
    spellings = sorted({name for pair in load(OWN_PAIRS) + load(PUBLIC_PAIRS) for name in (pair.a, pair.b)})
    spellings += ["", "!!! 42", "Khalouf, Mohammed", "رياض حجاب", "Володимир Зеленський", "毛泽东"]
    assert len(spellings) > 3000
    differing = {s: (_keys(_0018_keys, s), _keys(names, s)) for s in spellings
                 if _keys(_0018_keys, s) != _keys(names, s)}
    assert differing == {}
