"""Tracing: off unless OTEL_* asks for it; on, a request is a server span named
by its route with a span per SQL statement inside it, exported as configured
(here to the console), its query's values hidden, and its log lines carry
its trace ID."""
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import text

from bench.server import serve
from service import logs, tracing
from service.app import create_app
from service.config import Settings

NAMESAKE = str(Path(sys.executable).parent / "namesake")
ENDPOINT = "http://127.0.0.1:4318"


@pytest.fixture(autouse=True)
def no_otel_environment(monkeypatch):
    for name in [name for name in os.environ if name.startswith("OTEL_")]:
        monkeypatch.delenv(name)


@pytest.mark.parametrize("environ, on", [
    ({}, False),
    ({"OTEL_SERVICE_NAME": "names"}, False),
    ({"OTEL_TRACES_EXPORTER": "console"}, True),
    ({"OTEL_TRACES_EXPORTER": "otlp"}, True),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT}, True),
    ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": ENDPOINT + "/v1/traces"}, True),
    ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": ENDPOINT}, False),
    ({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "console"}, False),
    ({"OTEL_SDK_DISABLED": "false", "OTEL_TRACES_EXPORTER": "console"}, True),
])
def test_only_otel_settings_turn_tracing_on(environ, on, monkeypatch):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert tracing.wanted() is on
    built = tracing.provider()
    assert (built is not None) is on
    if built is not None:
        built.shutdown()


def test_the_otlp_exporter_is_http_unless_told_otherwise(monkeypatch):
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT)
    built = tracing.provider()
    assert built.resource.attributes["service.name"] == "namesake"
    built.shutdown()
    monkeypatch.setenv("OTEL_SERVICE_NAME", "names-test")
    built = tracing.provider()
    assert built.resource.attributes["service.name"] == "names-test"
    built.shutdown()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
    with pytest.raises(tracing.TracingMisconfigured, match="otlp_proto_grpc"):
        tracing.provider()


def test_serve_refuses_an_exporter_it_does_not_have(tmp_path):
    result = subprocess.run([NAMESAKE, "serve", "--port", "9"], capture_output=True, text=True, cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin", "OTEL_TRACES_EXPORTER": "zipkin_json"}, timeout=120)
    assert result.returncode != 0
    assert "OTEL_TRACES_EXPORTER" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def settings(tmp_path):
    return Settings(database_url=f"sqlite:///{tmp_path / 'traced.db'}")


@pytest.fixture
def access_lines():
    """The access log as JSON lines, through the service's own handler."""
    out = io.StringIO()
    handler = logs.handler("json")
    handler.setStream(out)
    access = logging.getLogger("namesake.access")
    access.addHandler(handler)
    access.setLevel("INFO")
    yield lambda: [json.loads(line) for line in out.getvalue().splitlines()]
    access.removeHandler(handler)
    access.setLevel("NOTSET")


def test_with_nothing_set_nothing_is_traced(settings, access_lines):
    with TestClient(create_app(settings)) as client:
        assert not SQLAlchemyInstrumentor().is_instrumented_by_opentelemetry
        assert client.post("/v1/articles", json={"text": "Angela Merkel spoke in Berlin."}).status_code == 201
    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)  # none installed
    [line] = access_lines()
    assert "trace_id" not in line


def test_a_request_is_a_server_span_with_its_statements(settings, monkeypatch, access_lines):
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "none")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT)
    assert tracing.provider() is None
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")
    built = tracing.provider()
    memory = InMemorySpanExporter()
    built.add_span_processor(SimpleSpanProcessor(memory))
    monkeypatch.setattr(tracing, "provider", lambda: built)
    with TestClient(create_app(settings)) as client:
        with client.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))  # no request: no trace
        assert memory.get_finished_spans() == ()
        assert client.post("/v1/articles", json={"text": "Angela Merkel spoke in Berlin."}).status_code == 201
        # A client's trace continues here (W3C Trace Context).
        caller = "0af7651916cd43dd8448eb211c80319c"
        assert client.get("/v1/entities", params={"q": "Merkel"},
                          headers={"traceparent": f"00-{caller}-b7ad6b7169203331-01"}).status_code == 200
    assert not SQLAlchemyInstrumentor().is_instrumented_by_opentelemetry  # undone at shutdown

    spans = memory.get_finished_spans()
    servers = [span for span in spans if span.kind is SpanKind.SERVER]
    assert [span.name for span in servers] == ["POST /v1/articles", "GET /v1/entities"]
    post, search = servers
    assert post.attributes["http.route"] == "/v1/articles" and post.attributes["http.response.status_code"] == 201
    assert search.attributes["url.query"] == "q=REDACTED"
    assert format(search.context.trace_id, "032x") == caller
    statements = [span for span in spans
                  if span.kind is SpanKind.CLIENT and span.context.trace_id == post.context.trace_id]
    assert any("INSERT INTO article" in str(span.attributes.get("db.statement", "")) for span in statements)
    assert {span.context.trace_id for span in spans} == {post.context.trace_id, search.context.trace_id}
    lines = access_lines()
    assert [line["trace_id"] for line in lines] == [format(s.context.trace_id, "032x") for s in servers]


@pytest.mark.e2e
def test_serve_exports_to_the_console_when_told(tmp_path):
    environment = {"OTEL_TRACES_EXPORTER": "console", "OTEL_SERVICE_NAME": "namesake-e2e"}
    with serve(f"sqlite:///{tmp_path / 'console.db'}", tmp_path, **environment) as server:
        response = httpx.post(f"{server.url}/v1/articles", json={"text": "Olaf Scholz spoke in Berlin."}, timeout=60)
        assert response.status_code == 201
    exported = server.log.read_text()  # the console exporter's spans, flushed at shutdown
    assert '"name": "POST /v1/articles"' in exported and '"service.name": "namesake-e2e"' in exported
    assert "INSERT INTO article" in exported
