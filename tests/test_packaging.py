"""An installed copy (the container's `pip install .`) holds every data file
the source tree reads: a file that package-data misses works in a checkout
and is absent from the image."""
import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = {".py", ".pyc"}


def _package_of(path: Path) -> Path:
    folder = path.parent
    while not (folder / "__init__.py").exists():
        folder = folder.parent
    return folder


def _data_files():
    for top in ("service", "migrations"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and path.suffix not in CODE and "__pycache__" not in path.parts:
                yield path


def test_every_data_file_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    globs = config["tool"]["setuptools"]["package-data"]
    missing = []
    for path in _data_files():
        package = _package_of(path)
        name = ".".join(package.relative_to(ROOT).parts)
        inside = path.relative_to(package).as_posix()
        if not any(fnmatch.fnmatch(inside, glob) and inside.count("/") == glob.count("/")
                   for glob in globs.get(name, [])):
            missing.append(f"{name}: {inside}")
    assert not missing, missing
