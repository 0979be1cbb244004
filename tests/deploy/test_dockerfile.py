"""The Dockerfile, read (no engine here to build it): a build stage that
installs exactly the lock, hashes checked, and a slim runtime stage that gets
only the virtual environment and keeps what the deployment relies on: a
non-root user, the /data volume, the health check, JSON logs and the command."""
import re
import shlex

from tests.conftest import REPO

DOCKERFILE = REPO / "Dockerfile"


def stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's stages, each a list of (INSTRUCTION, arguments)."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    found: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            found.append([])
        if found:
            found[-1].append((instruction, " ".join(arguments.split())))
    return found


def arguments(stage, instruction: str) -> list[str]:
    return [args for name, args in stage if name == instruction]


def test_build_stage_installs_exactly_the_lock():
    build = stages()[0]
    assert re.search(r"\bAS build$", build[0][1]), "the first stage is the build stage"
    runs = arguments(build, "RUN")
    lock = [r for r in runs if "-r requirements.lock" in r]
    assert lock and "--require-hashes" in lock[0] and "--no-deps" in lock[0], \
        "the lock installed with its hashes checked and nothing resolved anew"
    project = [r for r in runs if re.search(r"pip install [^&]*\s\.(\s|$)", r)]
    assert project and "--no-deps" in project[0], "the project itself installed without dependencies"
    assert any("pip check" in r for r in runs), "a lock that misses a dependency fails the build"
    # The lock's layer comes before the code's, so a code change does not reinstall spaCy.
    copies = arguments(build, "COPY")
    lock_copy = next(i for i, c in enumerate(copies) if "requirements.lock" in c)
    code_copy = next(i for i, c in enumerate(copies) if c.startswith("service"))
    assert lock_copy < code_copy


def test_runtime_stage_is_slim_and_keeps_what_deployments_rely_on():
    all_stages = stages()
    assert len(all_stages) == 2
    build_image = all_stages[0][0][1].split()[0]
    runtime = all_stages[-1]
    runtime_image = runtime[0][1].split()[0]
    assert "slim" in runtime_image and "slim" not in build_image
    assert runtime_image.split(":")[1].replace("slim-", "") == build_image.split(":")[1], \
        "both stages on the same Python and Debian release"
    assert any(c.startswith("--from=build ") for c in arguments(runtime, "COPY"))
    for command in arguments(runtime, "RUN"):
        assert "pip install" not in command and "apt-get install" not in command, command
    user = arguments(runtime, "USER")[-1].split(":")[0]
    assert user.isdigit() and int(user) != 0, "a non-root user, by number (Kubernetes' runAsNonRoot checks it)"
    assert any(f"--uid {user}" in r for r in arguments(runtime, "RUN"))
    assert arguments(runtime, "VOLUME") == ['["/data"]']
    assert "8000" in arguments(runtime, "EXPOSE")
    assert "/healthz" in arguments(runtime, "HEALTHCHECK")[0]
    env = " ".join(arguments(runtime, "ENV"))
    assert re.search(r"\bLOG_FORMAT=json\b", env)
    assert re.search(r"\bDATABASE_URL=sqlite:////data/", env)
    command = shlex.split(arguments(runtime, "CMD")[-1].strip("[]").replace(",", " "))
    assert command == ["namesake", "serve", "--host", "0.0.0.0", "--port", "8000"]


def test_build_context_leaves_out_the_local_environment():
    ignored = set((REPO / ".dockerignore").read_text().split())
    for entry in (".git", ".venv", "tests", "**/__pycache__", ".env", "*.db"):
        assert entry in ignored, f"{entry} would go into the build context"
