"""Security under hostile input: no SQL is built from strings; markup in
names comes back as data; an API key can neither read nor write beyond its
role, whatever the path looks like; errors never show internals."""
import ast
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import service.articles
from service.app import create_app
from tests.conftest import REPO, wipe
from tests.reliability.helpers import TEXT, row_counts

# --- no SQL from strings -------------------------------------------------------

SQL_CALLS = {"text", "execute", "exec", "exec_driver_sql", "executescript", "executemany"}
SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|WITH|TRUNCATE)\b", re.I)
# (folder, what the SQL starts with): why a string may be built there.
ALLOWED = {
    # Set-up of the per-run databases of tests and benchmarks only (never in
    # service/ or migrations/): a database's name is an identifier, which no
    # driver can bind as a parameter; the names are made of uuid4 digits.
    ("tests/", "CREATE DATABASE"), ("tests/", "DROP DATABASE"),
    ("bench/", "CREATE DATABASE"), ("bench/", "DROP DATABASE"),
    # Query plans in tests: EXPLAIN prefixed to a statement the service itself
    # builds, compiled with the test's own literal values.
    ("tests/", "EXPLAIN QUERY PLAN"),
}


def built_strings(tree: ast.AST):
    """(line, literal start) of every string built at run time: f-strings with
    values, "..." % x, "..." + x, "...".format(x)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            start = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            yield node, start
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    yield node, side.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
              and isinstance(node.func.value.value, str)):
            yield node, node.func.value.value


def sql_from_strings(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    found = set()
    for node, start in built_strings(tree):
        if SQL_START.match(start):  # SQL text built as a string, wherever it goes next
            found.add((node.lineno, start.strip()))
    for node in ast.walk(tree):  # anything built and handed to an SQL call
        if isinstance(node, ast.Call) and node.args:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in SQL_CALLS:
                for built, start in built_strings(node.args[0]):
                    found.add((built.lineno, start.strip()))
    return sorted(found)


def test_the_detector_finds_sql_built_from_strings():
    for snippet in ['session.execute(text(f"SELECT * FROM entity WHERE id = \'{entity_id}\'"))',
                    'query = "DELETE FROM alias WHERE surface = \'%s\'" % surface',
                    'connection.exec_driver_sql("PRAGMA " + pragma)',
                    'cursor.execute("UPDATE entity SET name = \'{}\'".format(name))',
                    'session.exec(text(where + " ORDER BY 1"))']:
        assert sql_from_strings(snippet), snippet
    assert not sql_from_strings('session.execute(text("SELECT 1 WHERE :x"), {"x": value})')
    assert not sql_from_strings('log.info(f"selected {n} rows")')


def test_no_sql_is_built_from_strings():
    problems = []
    for folder in ("service", "migrations", "tests", "bench"):
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            for line, start in sql_from_strings(path.read_text(encoding="utf-8")):
                if not any(relative.startswith(f) and start.upper().startswith(s) for f, s in ALLOWED):
                    problems.append(f"{relative}:{line}: {start[:60]!r}")
    assert not problems, "SQL built from strings (bind parameters instead):\n" + "\n".join(problems)


# --- markup comes back as data -------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_markup_in_names_comes_back_as_data(client):
    text = (f'Officials said {SCRIPT} German Chancellor <b onclick="x()">Angela Merkel</b> met '
            f'French President Emmanuel Macron <img src=x onerror=alert(2)>.')
    posted = client.post("/v1/articles", json={"text": text, "title": SCRIPT})
    assert posted.status_code == 201 and posted.headers["content-type"] == "application/json"
    article = client.get(f"/v1/articles/{posted.json()['id']}")
    assert article.headers["content-type"] == "application/json"
    assert article.json()["text"] == text and article.json()["title"] == SCRIPT
    assert SCRIPT in article.text  # the literal characters, as JSON data
    person = posted.json()["mentions"][0]["entity_id"]
    renamed = client.post(f"/v1/entities/{person}/rename", json={"name": f"Angela {SCRIPT} Merkel"})
    assert renamed.status_code == 200
    for path in (f"/v1/entities/{person}", "/v1/entities?limit=50", f"/v1/entities/{person}/mentions",
                 "/v1/reconcile/suggest/entity?prefix=Angela"):
        response = client.get(path)
        assert response.headers["content-type"] == "application/json", path
        assert SCRIPT in response.text, path
    preview = client.get("/v1/reconcile/preview", params={"id": person})
    assert preview.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in preview.text and SCRIPT not in preview.text
    assert "default-src 'none'" in preview.headers["content-security-policy"]


# --- API keys: nothing beyond the role ------------------------------------------

READ, WRITE, ADMIN = "r" * 24, "w" * 24, "a" * 24
RANK = {"read": 0, "write": 1, "admin": 2}


@pytest.fixture
def secured(settings):
    keys = f"reader:{READ}:read,publisher:{WRITE}:write,editor:{ADMIN}:admin"
    with TestClient(create_app(settings.model_copy(update={"api_keys": keys})),
                    raise_server_exceptions=False) as client:
        yield client
    wipe(settings.database_url)


def needed(method: str, path: str) -> str | None:
    """The role each operation should need, written here independently of
    service/auth.py: reading is read, storing articles write, all else admin
    (the webhooks' URLs and delivery log too)."""
    if path in ("/healthz", "/readyz"):
        return None
    if path.startswith("/v1/webhooks"):
        return "admin"
    if method == "GET" or path in ("/v1/names/compare", "/v1/reconcile"):
        return "read"
    if path.startswith("/v1/articles"):
        return "write"
    return "admin"


def operations(app):
    """Every operation the app serves, from its own OpenAPI document."""
    for path, methods in app.openapi()["paths"].items():
        for method in methods:
            yield method.upper(), path


def test_every_operation_needs_its_role_and_no_more(secured, settings):
    secured.post("/v1/articles", json={"text": TEXT}, headers={"X-API-Key": WRITE})
    before = row_counts(settings.database_url)
    checked = 0
    for method, template in operations(secured.app):
        path = re.sub(r"\{[^}]+\}", "1", template)
        role = needed(method, template)
        for name, key in (("none", None), ("unknown", "u" * 24), ("read", READ), ("write", WRITE)):
            headers = {"X-API-Key": key} if key else {}
            status = secured.request(method, path, headers=headers, json={}).status_code
            if role is None:
                assert status not in (401, 403), (method, path, name)
            elif name in ("none", "unknown"):
                assert status == 401, (method, path, name, status)
            elif RANK[name] < RANK[role]:
                assert status == 403, (method, path, name, status)
            else:
                assert status not in (401, 403), (method, path, name, status)
        checked += 1
    assert checked >= 20
    assert row_counts(settings.database_url) == before  # no refused request wrote anything


@pytest.mark.parametrize("method, path", [
    ("POST", "/v1/articles/"), ("POST", "//v1/articles"), ("POST", "/V1/articles"),
    ("POST", "/v1/./articles"), ("POST", "/v1/articles%3Abatch"), ("POST", "/v1/articles;x"),
    ("DELETE", "/v1/articles/1/"), ("POST", "/v1/entities/1/merge/"), ("POST", "/v1/entities/1%2Fmerge"),
    ("POST", "/v1/audit/1/undo/"), ("POST", "/v1/review/1/"), ("PUT", "/v1/articles"),
    ("PATCH", "/v1/entities/1"), ("PUT", "/v1/entities/1/external-ids/wikidata/"),
    ("DELETE", "/v1/entities/1%2Fexternal-ids/wikidata"),
])
def test_odd_paths_do_not_slip_past_the_roles(secured, settings, method, path):
    before = row_counts(settings.database_url)
    response = secured.request(method, path, headers={"X-API-Key": READ},
                               json={"text": TEXT, "other_id": "2", "name": "x", "decision": "accept",
                                     "value": "Q1"},
                               follow_redirects=True)
    assert response.status_code in (307, 401, 403, 404, 405), (path, response.status_code, response.text)
    assert row_counts(settings.database_url) == before


@pytest.mark.parametrize("headers, params", [
    ({"X-API-Key": f" {WRITE}"}, {}), ({"X-API-Key": WRITE.upper()}, {}), ({"X-API-Key": WRITE[:-1]}, {}),
    ({"X-API-Key": WRITE + "x"}, {}), ({"Authorization": f"Bearer {WRITE}"}, {}), ({}, {"api_key": WRITE}),
    ({"X-API-Key": f"{READ},{WRITE}"}, {}),
])
def test_near_miss_keys_are_refused(secured, settings, headers, params):
    response = secured.post("/v1/articles", json={"text": TEXT}, headers=headers, params=params)
    assert response.status_code in (401, 403)
    assert WRITE not in response.text and READ not in response.text
    assert row_counts(settings.database_url)["article"] == 0


# --- errors show no internals ----------------------------------------------------

def test_internal_errors_leak_nothing(client, settings, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError(f"boom at {Path(service.articles.__file__)} with {settings.database_url}")

    monkeypatch.setattr(service.articles, "decide", broken)
    response = client.post("/v1/articles", json={"text": TEXT})
    assert response.status_code == 500
    assert response.json() == {"error": "internal_error", "message": "internal error"}
    for secret in ("Traceback", "boom", ".py", "/work", "sqlite", "postgresql", settings.database_url):
        assert secret not in response.text


def test_client_errors_name_the_field_not_the_internals(client, settings):
    for response in (client.get("/v1/articles/nope"), client.get("/v1/entities?limit=x"),
                     client.post("/v1/articles", content=b"{", headers={"Content-Type": "application/json"}),
                     client.post("/v1/entities/nope/merge", json={"other_id": "x"})):
        assert 400 <= response.status_code < 500
        assert response.json()["message"]
        for secret in ("Traceback", ".py\"", "/work/", settings.database_url, "SELECT"):
            assert secret not in response.text, response.text
