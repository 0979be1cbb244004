"""Logging for every command, configured in one place: one handler on the root
logger, writing JSON lines (LOG_FORMAT=json, for log collectors) or plain text
(LOG_FORMAT=text, for people) to stderr. uvicorn's loggers and the libraries'
reach the same handler, so every line of a process has one format.

Each line carries the ID of the request it was written for (X-Request-ID,
service/api/access.py) and, when tracing is on, its trace and span IDs."""
import json
import logging
from datetime import UTC, datetime

from asgi_correlation_id import correlation_id
from opentelemetry import trace

# What a request's line adds (service/api/access.py), and what tracing adds.
REQUEST_FIELDS = ("method", "route", "status", "duration_ms", "client")
TRACE_FIELDS = ("trace_id", "span_id")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


class RequestContext(logging.Filter):
    """Puts the current request's ID, and the current span's IDs, on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = correlation_id.get() or "-"
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            record.trace_id = format(span.trace_id, "032x")
            record.span_id = format(span.span_id, "016x")
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Only named fields are written: whatever else a
    library hangs on a record stays out of the line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for field in REQUEST_FIELDS + TRACE_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def handler(log_format: str) -> logging.Handler:
    """The one handler: stderr, in the format asked for, every record with its request's context."""
    out = logging.StreamHandler()
    out.addFilter(RequestContext())
    out.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    return out


def configure(level: str, log_format: str) -> None:
    """Send every logger's records through the one handler (replacing any other)."""
    logging.basicConfig(level=level.upper(), handlers=[handler(log_format)], force=True)
    logging.captureWarnings(True)  # a library's warning is a line in the same format, not bare text
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # start-up noise
    # httpx logs each webhook delivery's full URL, a password or token in it
    # included; the senders log what matters, with the URL cleaned.
    logging.getLogger("httpx").setLevel(logging.WARNING)
