"""Revisions carry the code they run: none imports the service, whose code
moves on while an old database must still upgrade the way it always did."""
import ast
from pathlib import Path

import migrations.versions
from migrations.versions import _0005_keys
from service import names
from service.names.titles import QUALIFIERS, TITLE_WORDS, title_key
from tests.names.pairs import OWN_PAIRS, load

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


def test_0005_frozen_keys_agree_with_the_name_engine_today():
    """Migration 0005's frozen copy computes the keys the service computes
    today. This documents the state at the time of freezing: once the name
    engine changes, the two may diverge by design, since only the migration's
    own behaviour is frozen. Then drop or narrow this test, never the copy."""
    spellings = sorted({name for pair in load(OWN_PAIRS) for name in (pair.a, pair.b)})
    spellings += ["", "!!! 42", "Khalouf, Mohammed", "رياض حجاب"]
    # The title vocabulary has changed since (one vocabulary for the whole
    # service, titles that are also given names read as titles only before a
    # name of two parts): names with a title word in them may differ now.
    spellings = [s for s in spellings if not set(title_key(s).split()) & (TITLE_WORDS | QUALIFIERS)]
    assert len(spellings) > 500
    differing = {s: (_keys(_0005_keys, s), _keys(names, s)) for s in spellings
                 if _keys(_0005_keys, s) != _keys(names, s)}
    assert differing == {}
