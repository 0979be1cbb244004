"""The log of a real `namesake serve`, in both formats: one line per request
with its method, route, status, duration and ID (the ID echoed on the
answer, the client's or a generated one), and never an article's text, a
sentence of it, a search term or an API key, whatever the request got back."""
import json
import re

import httpx
import pytest

from bench.server import serve

pytestmark = pytest.mark.e2e

WRITE_KEY = "wire-5f1e0c9a7b3d2e4f6a8c"
WRONG_KEY = "nope-9d8c7b6a5f4e3d2c1b0a"
SENTENCES = [
    "Quartermaster Ottoline Vandersloot inspected the harbour cranes at Port Zelmira on Tuesday",
    "She told the dockworkers' union that the marmalade shipment had been impounded",
    "Union secretary Bartholomew Quennell called the decision an outrage against the tides",
]
TEXT = ". ".join(SENTENCES) + "."
SEARCHED = "Vandersloot"
SECRETS = [*SENTENCES, WRITE_KEY, WRONG_KEY, "marmalade", "Zelmira", f"q={SEARCHED}"]
JSON_FIELDS = {"time", "level", "logger", "message", "request_id"}
REQUEST_FIELDS = {"method", "route", "status", "duration_ms", "client"}
TEXT_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<logger>\S+) "
                       r"\[(?P<request_id>[^\]]+)\]: (?P<message>.*)")


def requests(client: httpx.Client) -> list[tuple[httpx.Response, str]]:
    """Requests of every kind, each carrying the text or a key; each answer with the route it went to."""
    key = {"X-API-Key": WRITE_KEY}
    made = [
        (client.post("/v1/articles", json={"text": TEXT}, headers={**key, "X-Request-ID": "cms-article-77"}),
         "/v1/articles"),
        (client.post("/v1/articles", json={"text": TEXT, "external_id": "again"}, headers=key), "/v1/articles"),
        (client.post("/v1/articles", json={"text": TEXT}, headers={"X-API-Key": WRONG_KEY}), "/v1/articles"),
        (client.post("/v1/articles", content=f'{{"text": "{TEXT}"', headers={**key, "Content-Type":
                                                                            "application/json"}), "/v1/articles"),
        (client.post("/v1/articles", json={"body": TEXT}, headers=key), "/v1/articles"),
        (client.post("/v1/articles", content=TEXT, headers={**key, "Content-Type": "text/plain"}), "/v1/articles"),
        # Refused before any route is chosen: named by the documented path it was for.
        (client.post("/v1/articles", json={"text": TEXT * 40}, headers=key), "/v1/articles"),
        (client.get("/v1/entities", params={"q": SEARCHED}, headers=key), "/v1/entities"),
        (client.get("/v1/entities/nobody", headers=key), "/v1/entities/{entity_id}"),
        (client.get(f"/v1/{SEARCHED}", headers={"X-Request-ID": "nowhere-1"}), "unmatched"),
    ]
    statuses = [response.status_code for response, _ in made]
    assert statuses == [201, 201, 401, 400, 422, 415, 413, 200, 404, 404], statuses
    return made


def parse(line: str, log_format: str) -> dict:
    if log_format == "json":
        return json.loads(line)
    match = TEXT_LINE.fullmatch(line)
    assert match, f"not a log line: {line!r}"
    return {**match.groupdict(), "level": match["level"].lower()}


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_one_line_per_request_and_no_text_or_key(log_format, tmp_path):
    env = {"API_KEYS": f"wire:{WRITE_KEY}:write", "LOG_FORMAT": log_format, "LOG_LEVEL": "info",
           "MAX_BODY_BYTES": "4096"}
    with serve(f"sqlite:///{tmp_path / 'logs.db'}", tmp_path, **env) as server:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            made = requests(client)
    raw = server.log.read_text(encoding="utf-8")
    lines = [parse(line, log_format) for line in raw.splitlines() if line.strip()]

    assert lines, "the server logged nothing"
    # Nothing secret anywhere: neither in the file as written nor in its lines decoded.
    decoded = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for secret in SECRETS:
        assert secret not in raw and secret not in decoded, f"{secret!r} is in the log"
    assert not [line for line in lines if line["logger"] == "uvicorn.access"], "uvicorn's access log is on"

    access = [line for line in lines if line["logger"] == "namesake.access"]
    assert len(access) == len(made), access
    echoed = [response.headers["X-Request-ID"] for response, _ in made]
    assert echoed[0] == "cms-article-77" and echoed[-1] == "nowhere-1"
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in echoed[1:-1]), echoed
    assert len(set(echoed)) == len(echoed)
    # Paired by request ID, not by order: a line is written once its response
    # has gone out, so the next request's line may come first.
    by_id = {line["request_id"]: line for line in access}
    assert set(by_id) == set(echoed), (sorted(by_id), echoed)
    for response, route in made:
        line = by_id[response.headers["X-Request-ID"]]
        method, status = response.request.method, response.status_code
        assert line["message"].startswith(f"{method} {route} {status} "), line
        if log_format == "json":
            assert JSON_FIELDS | REQUEST_FIELDS <= set(line), line
            assert (line["method"], line["route"], line["status"]) == (method, route, status)
            assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
            assert line["client"] == "127.0.0.1"
    if log_format == "json":
        assert all(JSON_FIELDS <= set(line) for line in lines)
