"""deploy/k8s as `kubectl kustomize` renders it (no cluster needed): the parts
a production deployment needs, wired to each other (selectors, the ConfigMap,
the Secret, the autoscaler's target), with probes on /readyz and /healthz,
resources sized from the service's measured memory, a locked-down security
context, and no credential anywhere in plain text."""
import re
import subprocess

import pytest
import yaml

from service.config import Settings
from tests.conftest import REPO
from tests.deploy.conftest import DEPLOY, kubectl, run, tracked

BASE = DEPLOY / "k8s"
EXAMPLE = DEPLOY / "k8s-example"
# Settings that hold credentials: only ever from the Secret, by reference.
SECRET_SETTINGS = {"DATABASE_URL", "API_KEYS", "WEBHOOK_SECRET"}
# The names of variables that hold one, those above among them.
CREDENTIAL = re.compile(r"DATABASE_URL|PASSWORD|SECRET|TOKEN|API_KEY", re.I)
# Memory of a server, measured (README, "Performance" and "Deployment"): after
# start, and at its peak while reading one article of the largest size allowed.
RSS_AFTER_START = 222e6
RSS_PEAK = 282e6


def render(folder) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(run([kubectl(), "kustomize", str(folder)])) if doc]


@pytest.fixture(scope="module")
def manifests() -> list[dict]:
    return render(BASE)


def one(manifests, kind: str) -> dict:
    found = [m for m in manifests if m["kind"] == kind]
    assert len(found) == 1, f"{len(found)} {kind} in the kustomization"
    return found[0]


def pod(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def container(workload: dict) -> dict:
    containers = pod(workload)["containers"]
    assert len(containers) == 1
    return containers[0]


def matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def effective_env(manifests, workload: dict) -> dict[str, object]:
    """Each variable the container gets: a value, or the valueFrom reference;
    the ConfigMaps it takes whole (envFrom) first, its own env over them."""
    env: dict[str, object] = {}
    for source in container(workload).get("envFrom", []):
        if "configMapRef" in source:
            name = source["configMapRef"]["name"]
            maps = [m for m in manifests if m["kind"] == "ConfigMap" and m["metadata"]["name"] == name]
            assert maps, f"envFrom names the ConfigMap {name}, which the kustomization does not make"
            env.update(maps[0].get("data", {}))
    for variable in container(workload).get("env", []):
        env[variable["name"]] = variable.get("value", variable.get("valueFrom"))
    return env


def quantity(value) -> float:
    """A Kubernetes quantity (384Mi, 1, 250m, 1G) as a number."""
    number, suffix = re.fullmatch(r"([0-9.]+)([a-zA-Z]*)", str(value)).groups()
    scale = {"": 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9,
             "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}[suffix]
    return float(number) * scale


def image_user() -> int:
    """The user the image runs as: the last USER of the Dockerfile."""
    users = re.findall(r"^USER\s+(\S+)", (REPO / "Dockerfile").read_text(), re.M)
    return int(users[-1].split(":")[0])


def test_renders_every_part(manifests):
    kinds = sorted(m["kind"] for m in manifests)
    assert kinds == sorted(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Job",
                            "PodDisruptionBudget", "Service"])


def test_probes_on_readyz_and_healthz(manifests):
    server = container(one(manifests, "Deployment"))
    ports = {p.get("name"): p["containerPort"] for p in server["ports"]}
    assert 8000 in ports.values()

    def probe(name: str) -> tuple[str, int]:
        get = server[name]["httpGet"]
        port = ports.get(get["port"], get["port"])
        assert port == 8000, f"{name} probes port {port}, the server listens on 8000"
        return get["path"], port

    assert probe("readinessProbe")[0] == "/readyz"
    assert probe("livenessProbe")[0] == "/healthz"
    # Loading the model takes a while: liveness must not restart a pod that is
    # still starting (the Dockerfile's health check allows 60 s).
    start = server["startupProbe"]
    assert probe("startupProbe")[0] == "/healthz"
    assert start.get("periodSeconds", 10) * start.get("failureThreshold", 3) >= 60


def test_resources_cover_the_measured_memory(manifests):
    for workload in (one(manifests, "Deployment"), one(manifests, "Job")):
        resources = container(workload)["resources"]
        for bound in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                assert resource in resources.get(bound, {}), f"{workload['kind']}: no {resource} {bound}"
        assert quantity(resources["limits"]["memory"]) >= quantity(resources["requests"]["memory"])
        assert quantity(resources["limits"]["cpu"]) >= quantity(resources["requests"]["cpu"])
    server = container(one(manifests, "Deployment"))["resources"]
    assert quantity(server["requests"]["memory"]) >= 1.25 * RSS_PEAK
    assert quantity(server["limits"]["memory"]) >= 2 * RSS_PEAK
    assert quantity(server["limits"]["memory"]) >= 3 * RSS_AFTER_START


def test_no_credential_in_plain_text(manifests):
    assert not [m for m in manifests if m["kind"] == "Secret" and (m.get("data") or m.get("stringData"))], \
        "a Secret with its values in the manifests"
    for configmap in (m for m in manifests if m["kind"] == "ConfigMap"):
        named = [key for key in configmap.get("data", {}) if CREDENTIAL.search(key)]
        assert not named, f"credentials in a ConfigMap: {named}"
    secrets = set()
    for workload in (one(manifests, "Deployment"), one(manifests, "Job")):
        env = effective_env(manifests, workload)
        assert "DATABASE_URL" in env, f"{workload['kind']} has no database"
        for name, value in env.items():
            if CREDENTIAL.search(name):
                assert isinstance(value, dict) and "secretKeyRef" in value, \
                    f"{workload['kind']}: {name} is not taken from a Secret"
                secrets.add(value["secretKeyRef"]["name"])
        # Without a database the pod must not start (on a SQLite file of its own).
        assert not env["DATABASE_URL"]["secretKeyRef"].get("optional")
    assert len(secrets) == 1, f"the credentials come from several Secrets: {secrets}"
    text = yaml.safe_dump_all(manifests)
    assert not re.search(r"://[^/\s:@]+:[^/\s@]+@", text), "a URL with a password in it"


def test_secret_files_are_never_committed():
    example = (BASE / "secret.env.example").read_text()
    assert set(re.findall(r"^([A-Z_]+)=", example, re.M)) == SECRET_SETTINGS
    assert not [path for path in tracked(BASE) if path.endswith("secret.env")]
    ignored = subprocess.run(["git", "check-ignore", "-q", "deploy/k8s/secret.env"], cwd=REPO)
    assert ignored.returncode == 0, "deploy/k8s/secret.env, which holds the credentials, is not ignored by git"


def test_migration_job_and_replicas_that_do_not_migrate(manifests):
    job = one(manifests, "Job")
    migrate = container(job)
    assert migrate.get("command", []) + migrate.get("args", []) == ["namesake", "migrate"]
    assert pod(job)["restartPolicy"] in ("Never", "OnFailure")
    assert container(one(manifests, "Deployment"))["image"] == migrate["image"], "the Job migrates another version"
    # The Job reads nothing the release's new ConfigMap brings, so that it can
    # be applied alone, first (README, "Deployment").
    assert not migrate.get("envFrom")
    assert effective_env(manifests, one(manifests, "Deployment")).get("MIGRATE_ON_START") == "false"


def test_selectors_hold_the_servers_and_only_them(manifests):
    deployment = one(manifests, "Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    job_labels = one(manifests, "Job")["spec"]["template"]["metadata"]["labels"]
    selectors = {
        "Deployment": deployment["spec"]["selector"]["matchLabels"],
        "Service": one(manifests, "Service")["spec"]["selector"],
        "PodDisruptionBudget": one(manifests, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"],
    }
    for kind, selector in selectors.items():
        assert selector and matches(selector, labels), f"the {kind} does not select the server pods"
        assert not matches(selector, job_labels), f"the {kind} selects the migration's pod"
    service = one(manifests, "Service")
    ports = {p.get("name"): p["containerPort"] for p in container(deployment)["ports"]}
    for port in service["spec"]["ports"]:
        assert ports.get(port["targetPort"], port["targetPort"]) == 8000


def test_autoscaler_and_disruption_budget(manifests):
    deployment = one(manifests, "Deployment")
    hpa = one(manifests, "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    cpu = [m for m in hpa["spec"]["metrics"] if m["type"] == "Resource" and m["resource"]["name"] == "cpu"]
    assert cpu and cpu[0]["resource"]["target"]["type"] == "Utilization"
    assert 2 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    # The autoscaler owns the count; one in the Deployment would reset it at each apply.
    assert "replicas" not in deployment["spec"]
    pdb = one(manifests, "PodDisruptionBudget")
    assert pdb["apiVersion"] == "policy/v1"
    spec = pdb["spec"]
    assert ("minAvailable" in spec) != ("maxUnavailable" in spec)
    if "minAvailable" in spec:
        assert int(spec["minAvailable"]) < hpa["spec"]["minReplicas"], "no node could ever be drained"
    else:
        assert int(spec["maxUnavailable"]) >= 1


def test_pods_run_locked_down(manifests):
    for workload in (one(manifests, "Deployment"), one(manifests, "Job")):
        kind, spec, ctx = workload["kind"], pod(workload), container(workload).get("securityContext", {})
        pod_ctx = spec.get("securityContext", {})
        assert ctx.get("runAsNonRoot", pod_ctx.get("runAsNonRoot")) is True, kind
        assert ctx.get("runAsUser", pod_ctx.get("runAsUser")) == image_user(), kind
        assert ctx.get("allowPrivilegeEscalation") is False, kind
        assert ctx.get("readOnlyRootFilesystem") is True, kind
        assert ctx.get("capabilities", {}).get("drop") == ["ALL"], kind
        assert spec.get("automountServiceAccountToken") is False, kind
        # With the root filesystem read-only, /tmp is the one writable place.
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        mounts = {m["mountPath"]: m["name"] for m in container(workload).get("volumeMounts", [])}
        assert "emptyDir" in volumes[mounts["/tmp"]], kind


def test_requests_in_flight_finish_before_the_pod_is_killed(manifests):
    deployment = one(manifests, "Deployment")
    env = effective_env(manifests, deployment)
    shutdown = float(env.get("SHUTDOWN_TIMEOUT") or Settings.model_fields["shutdown_timeout"].default)
    pre_stop = container(deployment).get("lifecycle", {}).get("preStop", {})
    pause = float(pre_stop["exec"]["command"][-1]) if pre_stop.get("exec") else pre_stop.get("sleep", {}).get(
        "seconds", 0)
    grace = pod(deployment).get("terminationGracePeriodSeconds", 30)
    assert grace > pause + shutdown, f"killed after {grace} s: {pause} s pause + {shutdown} s to finish requests"


def test_the_example_overlay_names_the_image_and_the_namespace():
    manifests = render(EXAMPLE)
    assert {m["metadata"].get("namespace") for m in manifests} == {"namesake"}
    for workload in (one(manifests, "Deployment"), one(manifests, "Job")):
        image = container(workload)["image"]
        name, _, tag = image.rpartition(":")
        assert "/" in name and tag and tag != "latest", image
    env = effective_env(manifests, one(manifests, "Deployment"))
    # Merged into the base's settings, not in place of them.
    assert env["PUBLIC_URL"].startswith("https://") and env["LOG_FORMAT"] == "json"
