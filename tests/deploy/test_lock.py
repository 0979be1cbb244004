"""requirements.lock, which the image installs with --require-hashes, is in
step with pyproject.toml: every dependency (and build requirement) pinned at a
version its specifier admits, every pin exact and hashed, for the image's
Python. After a change to the dependencies, `make lock` brings it up to date."""
import re
import tomllib
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO

LOCK = REPO / "requirements.lock"
# The image's platform (Dockerfile: python:3.11 on Debian), for markers.
IMAGE = {**default_environment(), "python_version": "3.11", "python_full_version": "3.11.0",
         "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
         "implementation_name": "cpython", "platform_python_implementation": "CPython"}
HINT = "; run `make lock`"


def pins() -> dict[str, tuple[Requirement, list[str]]]:
    """Each locked package: its requirement line and its hashes."""
    text = re.sub(r"\\\n", " ", LOCK.read_text())
    found = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        # No index, link or local folder of the machine that wrote it.
        assert not line.startswith("-"), f"an option in the lock: {line}"
        spec, *options = re.split(r"\s+(?=--)", line)
        requirement = Requirement(spec)
        hashes = [option.removeprefix("--hash=") for option in options if option.startswith("--hash=")]
        assert len(hashes) == len(options), f"{requirement.name}: options other than hashes: {options}"
        found[canonicalize_name(requirement.name)] = (requirement, hashes)
    return found


def locked_version(requirement: Requirement) -> Version:
    (specifier,) = requirement.specifier
    return Version(specifier.version)


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    return [Requirement(line) for line in project["project"]["dependencies"] + project["build-system"]["requires"]]


def test_compiled_for_the_images_python():
    header = LOCK.read_text().split("\n\n", 1)[0]
    assert "pip-compile with Python 3.11" in header, "the image runs Python 3.11" + HINT
    assert "--generate-hashes" in header


def test_every_pin_is_exact_and_hashed():
    locked = pins()
    assert locked
    for name, (requirement, hashes) in locked.items():
        assert len(requirement.specifier) == 1 and next(iter(requirement.specifier)).operator == "==", \
            f"{name} is not pinned to one version"
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), f"{name}: no sha256 hash"
        # Only what the package index serves, which is what the image build reads.
        assert requirement.url is None, f"{name} from {requirement.url}"


def test_every_dependency_is_locked_at_a_version_it_admits():
    locked = pins()
    for requirement in declared():
        if requirement.marker and not requirement.marker.evaluate(IMAGE):
            continue
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in requirements.lock" + HINT
        version = locked_version(locked[name][0])
        assert requirement.specifier.contains(version, prereleases=True), \
            f"requirements.lock has {name}=={version}, pyproject.toml asks for {requirement}" + HINT


def test_what_the_locked_packages_need_is_locked_too():
    """Walks the dependencies from pyproject.toml through the metadata of the
    packages installed here. Where the installed version is not the locked
    one, that package's own needs may differ and are not followed; the image
    build's `pip check` (Dockerfile) has the last word on those."""
    locked = pins()
    queue = [(canonicalize_name(r.name), frozenset(r.extras)) for r in declared()
             if not r.marker or r.marker.evaluate(IMAGE)]
    seen, missing = set(), []
    while queue:
        name, extras = queue.pop()
        if (name, extras) in seen or name not in locked:
            continue
        seen.add((name, extras))
        try:
            installed = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if Version(installed.version) != locked_version(locked[name][0]):
            continue
        for line in installed.requires or []:
            needed = Requirement(line)
            if needed.marker and not any(needed.marker.evaluate({**IMAGE, "extra": extra})
                                         for extra in extras | {""}):
                continue
            needed_name = canonicalize_name(needed.name)
            if needed_name not in locked:
                missing.append(f"{needed} (needed by {name})")
            else:
                queue.append((needed_name, frozenset(needed.extras)))
    assert not missing, "not in requirements.lock: " + ", ".join(sorted(set(missing))) + HINT
