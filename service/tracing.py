"""Tracing with OpenTelemetry: off unless the standard OTEL_* variables ask for it.

On when OTEL_SDK_DISABLED is not true and OTEL_TRACES_EXPORTER names an
exporter other than none, or an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT,
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): the OTel default exporter, OTLP, would
otherwise send to localhost whether or not anything listens there. The SDK
reads the rest itself (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
OTEL_TRACES_SAMPLER, OTEL_BSP_*, the OTLP endpoint, headers and timeout).

FastAPI traces each request itself when given a provider (a server span named
by the route, with spans for its dependencies, endpoint and serialization);
SQLAlchemy's instrumentation adds a span per statement. The provider is handed
to both, never installed globally, and with tracing off none is built."""
import os
from collections.abc import Callable
from importlib.metadata import entry_points, version
from urllib.parse import parse_qsl, urlencode

from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
from opentelemetry.trace import SpanKind, get_current_span
from sqlalchemy import Engine

# OTLP's two transports, as the OTLP exporters register themselves.
_OTLP = {"http/protobuf": "otlp_proto_http", "grpc": "otlp_proto_grpc"}


class TracingMisconfigured(Exception):
    """OTEL_* asks for an exporter this installation does not have."""


def wanted() -> bool:
    environ = os.environ
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporters = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporters:
        return exporters != "none"
    return bool(environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def provider() -> TracerProvider | None:
    """A tracer provider exporting as OTEL_* says, or None when tracing is off."""
    if not wanted():
        return None
    built = TracerProvider(resource=_resource(), shutdown_on_exit=False)
    # The sampler OTEL_TRACES_SAMPLER chose, for the spans of requests only.
    built.sampler = RequestsOnly(built.sampler)
    built.add_span_processor(QueryValuesHidden())
    for name in _exporter_names():
        built.add_span_processor(BatchSpanProcessor(_exporter(name)))
    return built


def instrument(engine: Engine, tracer_provider: TracerProvider | None) -> Callable[[], None]:
    """Spans for the engine's statements; returns what undoes it and flushes the spans left."""
    if tracer_provider is None:
        return lambda: None
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    instrumentor = SQLAlchemyInstrumentor()
    instrumentor.instrument(engine=engine, tracer_provider=tracer_provider)

    def stop() -> None:
        instrumentor.uninstrument()
        tracer_provider.shutdown()
    return stop


def _resource() -> Resource:
    resource = Resource({"service.version": version("namesake")}).merge(Resource.create())
    if str(resource.attributes.get("service.name", "")).startswith("unknown_service"):
        resource = resource.merge(Resource({"service.name": "namesake"}))  # OTEL_SERVICE_NAME unset
    return resource


def _exporter_names() -> list[str]:
    names = [n.strip().lower() for n in os.environ.get("OTEL_TRACES_EXPORTER", "otlp").split(",")]
    return [name for name in names if name and name != "none"]


def _exporter(name: str) -> SpanExporter:
    if name == "otlp":
        protocol = (os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
                    or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "http/protobuf")
        name = _OTLP.get(protocol.strip(), protocol)
    found = entry_points(group="opentelemetry_traces_exporter", name=name)
    if not found:
        raise TracingMisconfigured(
            f"OTEL_TRACES_EXPORTER / OTEL_EXPORTER_OTLP_PROTOCOL: no trace exporter {name!r} is installed "
            f"(installed: {', '.join(sorted(e.name for e in entry_points(group='opentelemetry_traces_exporter')))})")
    return next(iter(found)).load()()


class RequestsOnly(Sampler):
    """Traces begin at a request. Statements run outside one (the webhook
    senders' polls, a few a second) would otherwise each be a trace of their own."""

    def __init__(self, inner: Sampler):
        self.inner = inner

    def should_sample(self, parent_context: Context | None, trace_id: int, name: str,
                      kind: SpanKind | None = None, attributes=None, links=None, trace_state=None) -> SamplingResult:
        if kind is not SpanKind.SERVER and not get_current_span(parent_context).get_span_context().is_valid:
            return SamplingResult(Decision.DROP)
        return self.inner.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        return f"RequestsOnly{{{self.inner.get_description()}}}"


class QueryValuesHidden(SpanProcessor):
    """A server span keeps its query's parameter names, not their values: those
    are the names people searched for (`?q=`), kept out of the logs as well."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        query = (span.attributes or {}).get("url.query")
        if isinstance(query, str) and query:
            hidden = [(key, "REDACTED") for key, _ in parse_qsl(query, keep_blank_values=True)]
            span.set_attribute("url.query", urlencode(hidden))

    def on_end(self, span: ReadableSpan) -> None:
        pass
