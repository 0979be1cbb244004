"""deploy/compose.yaml: valid against the Compose Specification, and what the
deployment needs of it: PostgreSQL, one migration that runs to completion
before three replicas, Caddy in front of all three checking /readyz,
Prometheus scraping each, and no credential written in the file.

No container engine runs here, so the file is read as compose reads it: YAML
(anchors and merge keys included), then `${...}` interpolation from the
environment, then the schema."""
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft7Validator

from service.config import Settings
from tests.deploy.conftest import DEPLOY, caddy, run

COMPOSE = DEPLOY / "compose.yaml"
SCHEMA = Path(__file__).with_name("compose-spec.json")
# What deploy/.env would hold; the password is recognisable wherever it lands.
ENVIRONMENT = {"POSTGRES_PASSWORD": "pw0from0the0environment"}
SECRET_SETTINGS = ("DATABASE_URL", "API_KEYS", "WEBHOOK_SECRET", "POSTGRES_PASSWORD")
DEFAULT_SHUTDOWN_TIMEOUT = Settings.model_fields["shutdown_timeout"].default


class MissingVariable(Exception):
    pass


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's interpolation: $$, $NAME, ${NAME}, ${NAME:-default},
    ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+value},
    ${NAME+value}, nested in the default or error."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("$$", i):
            out.append("$")
            i += 2
        elif text.startswith("${", i):
            depth, end = 1, i + 2
            while depth:
                if end >= len(text):
                    raise ValueError(f"unclosed ${{ in {text!r}")
                if text.startswith("${", end):
                    depth, end = depth + 1, end + 2
                    continue
                depth -= text[end] == "}"
                end += 1
            out.append(_expand(text[i + 2:end - 1], env))
            i = end
        elif (name := re.match(r"\$([_A-Za-z][_A-Za-z0-9]*)", text[i:])):
            out.append(env.get(name.group(1), ""))
            i += name.end()
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _expand(body: str, env: dict[str, str]) -> str:
    name, operator, rest = re.fullmatch(r"([_A-Za-z][_A-Za-z0-9]*)(:?[-?+])?(.*)", body, re.S).groups()
    value = env.get(name)
    unset = value is None or (operator or "").startswith(":") and value == ""
    if operator in (":-", "-"):
        return interpolate(rest, env) if unset else value
    if operator in (":?", "?"):
        if unset:
            raise MissingVariable(f"{name}: {interpolate(rest, env)}")
        return value
    if operator in (":+", "+"):
        return "" if unset else interpolate(rest, env)
    return value or ""


def _interpolate_tree(node, env):
    if isinstance(node, dict):
        return {key: _interpolate_tree(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [_interpolate_tree(value, env) for value in node]
    return interpolate(node, env) if isinstance(node, str) else node


def raw() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def config(env: dict[str, str] = ENVIRONMENT) -> dict:
    return _interpolate_tree(raw(), env)


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(entry.split("=", 1) if "=" in entry else (entry, "") for entry in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def command(service: dict) -> list[str]:
    value = service.get("command", [])
    return value.split() if isinstance(value, str) else value


def replicas(services: dict) -> dict[str, dict]:
    """The services running the service's image other than the migration."""
    image = services["migrate"]["image"]
    return {name: s for name, s in services.items() if s.get("image") == image and name != "migrate"}


def healthcheck_command(service: dict) -> str:
    test = service.get("healthcheck", {}).get("test", [])
    return " ".join(test) if isinstance(test, list) else test


def seconds(duration: str) -> float:
    """A compose duration (1m30s, 45s, 500ms) in seconds."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|h|m|s)", duration)
    assert parts and "".join(n + u for n, u in parts) == duration, f"not a duration: {duration}"
    return sum(float(n) * units[u] for n, u in parts)


def bind_mounts(service: dict) -> dict[str, Path]:
    """Container path -> host path of each bind mount from deploy/."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, target = (volume.split(":")[:2] if isinstance(volume, str)
                          else (volume.get("source", ""), volume["target"]))
        if source.startswith("."):
            mounts[target] = (DEPLOY / source).resolve()
    return mounts


def test_matches_the_compose_specification():
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(Draft7Validator(schema).iter_errors(config()), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def test_three_replicas_of_the_service():
    services = config()["services"]
    found = replicas(services)
    count = sum(s.get("deploy", {}).get("replicas", 1) for s in found.values())
    assert count == 3, f"{count} replicas of the service: {sorted(found)}"
    for name, service in found.items():
        assert command(service) in ([], ["namesake", "serve", "--host", "0.0.0.0", "--port", "8000"]), name
        # Three replicas cannot share a host port; the load balancer is the way in.
        assert not service.get("ports"), f"{name} publishes a port of its own"
    assert "build" in services["migrate"], "the image is built from the repository"
    assert (DEPLOY / services["migrate"]["build"]["context"] / "Dockerfile").exists()


def test_migration_runs_once_before_the_replicas():
    services = config()["services"]
    migrate = services["migrate"]
    assert command(migrate) == ["namesake", "migrate"]
    assert migrate.get("restart") == "no", "a migration that ran must not start again"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in healthcheck_command(services["postgres"])
    for name, service in replicas(services).items():
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully", \
            f"{name} may start before the migration succeeded"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy", name
        # The migration brought the schema up to date: replicas leave it alone.
        assert environment(service).get("MIGRATE_ON_START") == "false", f"{name} migrates on start"
        assert urlsplit(environment(service)["DATABASE_URL"]).hostname == "postgres", name
    assert urlsplit(environment(migrate)["DATABASE_URL"]).hostname == "postgres"


def test_replicas_are_healthy_when_ready_and_stop_gracefully():
    for name, service in replicas(config()["services"]).items():
        assert "http://127.0.0.1:8000/readyz" in healthcheck_command(service), f"{name}: health is not readiness"
        shutdown = float(environment(service).get("SHUTDOWN_TIMEOUT") or DEFAULT_SHUTDOWN_TIMEOUT)
        grace = seconds(service.get("stop_grace_period", "10s"))
        assert grace > shutdown, f"{name}: killed {grace} s after SIGTERM, before SHUTDOWN_TIMEOUT ({shutdown} s)"


def test_load_balancer_sends_to_every_replica_that_is_ready():
    services = config()["services"]
    caddy_service = services["caddy"]
    assert caddy_service.get("ports"), "the load balancer is the way in"
    caddyfile = bind_mounts(caddy_service)["/etc/caddy/Caddyfile"]
    assert caddyfile == DEPLOY / "Caddyfile"
    # Caddy's own reading of the file: a mistake in it fails here.
    adapted = json.loads(run([caddy(), "adapt", "--config", str(caddyfile)]))
    routes = adapted["apps"]["http"]["servers"]["srv0"]["routes"]
    proxies = [h for route in routes for h in route["handle"] if h["handler"] == "reverse_proxy"]
    assert len(proxies) == 1
    proxy = proxies[0]
    upstreams = {u["dial"] for u in proxy["upstreams"]}
    assert upstreams == {f"{name}:8000" for name in replicas(services)}
    active = proxy["health_checks"]["active"]
    assert active["uri"] == "/readyz"
    assert active.get("expect_status", 200) == 200
    assert "dynamic_upstreams" not in proxy, "Caddy does not check the health of upstreams found in DNS"


def test_prometheus_scrapes_every_replica():
    services = config()["services"]
    prometheus = bind_mounts(services["prometheus"])["/etc/prometheus/prometheus.yml"]
    scrape = yaml.safe_load(prometheus.read_text())["scrape_configs"]
    targets = set()
    for job in scrape:
        if job.get("metrics_path", "/metrics") != "/metrics":
            continue
        for static in job.get("static_configs", []):
            targets.update(static["targets"])
        for dns in job.get("dns_sd_configs", []):
            assert dns.get("type", "SRV") == "A" and dns["port"] == 8000, dns
            targets.update(f"{name}:8000" for name in dns["names"])
    assert targets == {f"{name}:8000" for name in replicas(services)}


def test_every_mounted_file_is_in_the_repository():
    for name, service in config()["services"].items():
        for target, source in bind_mounts(service).items():
            assert source.is_file(), f"{name} mounts {source} at {target}: no such file"


def test_other_images_are_pinned():
    services = config()["services"]
    for name, service in services.items():
        if "build" in service or service.get("image") == services["migrate"]["image"]:
            continue
        image = service["image"]
        tag = image.rpartition(":")[2] if ":" in image.rpartition("/")[2] else ""
        assert tag and tag != "latest", f"{name}: {image} moves under our feet; name a version"


def test_no_credential_is_written_in_the_file():
    text = COMPOSE.read_text()
    assert ENVIRONMENT["POSTGRES_PASSWORD"] not in text
    # Every secret setting is taken from the environment...
    for name, service in raw()["services"].items():
        for key, value in environment(service).items():
            if key in SECRET_SETTINGS and value:
                assert "${" in value, f"{name}: {key} is written in the file"
    # ...the password of the database URL among them, which compose demands.
    for name, service in config()["services"].items():
        url = environment(service).get("DATABASE_URL")
        if url:
            assert urlsplit(url).password == ENVIRONMENT["POSTGRES_PASSWORD"], name
    with pytest.raises(MissingVariable, match="POSTGRES_PASSWORD"):
        config({})
    assert not re.search(r"://[^/\s:@]+:[^/\s@$]+@", text), "a URL with a password in it"


def test_the_local_environment_file_is_never_committed():
    example = (DEPLOY / ".env.example").read_text()
    assert re.search(r"^POSTGRES_PASSWORD=$", example, re.M), "deploy/.env.example must leave the password empty"
    check = subprocess.run(["git", "check-ignore", "-q", "deploy/.env"], cwd=DEPLOY.parent)
    assert check.returncode == 0, "deploy/.env, which holds the password, is not ignored by git"
