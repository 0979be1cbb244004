"""The one place that builds the application."""
import gc
import logging
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from service import metrics_files, tracing, webhooks
from service.api import (
    access,
    articles,
    changes,
    curation,
    docs,
    entities,
    export,
    health,
    mentions,
    names,
    reconcile,
    review,
)
from service.api import metrics as metrics_api
from service.api import webhooks as webhooks_api
from service.api.contract import TAGS, DocumentedApp
from service.api.errors import install_error_handlers
from service.api.limits import BodySizeLimit
from service.api.observe import ObserveRequests
from service.auth import authorize
from service.config import Settings, get_settings
from service.db.engine import make_engine
from service.db.migrate import upgrade
from service.nlp import load_pipeline

log = logging.getLogger("namesake")
STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    tracer_provider = tracing.provider()  # None unless OTEL_* asks for traces

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Everything slow happens here, once, so no request pays for it.
        metrics_files.worker_started()
        engine = make_engine(settings.database_url, settings.database_timeout)
        if settings.migrate_on_start:
            upgrade(engine)
        app.state.engine = engine
        stop_tracing = tracing.instrument(engine, tracer_provider)
        app.state.nlp = load_pipeline(settings.ner_model)
        # The model's many long-lived objects leave the garbage collector's
        # view: its full collections no longer walk them. (Undone at shutdown:
        # a process that builds several apps, such as a test run, would
        # otherwise keep every earlier app's garbage.)
        gc.freeze()
        # Its own threads and sessions: no request waits for a receiver.
        sender = webhooks.start(engine, settings)
        log.info("ready: model %s, database %s", settings.ner_model, engine.url.render_as_string())
        yield
        if sender is not None:
            sender.stop()
        gc.unfreeze()
        stop_tracing()
        engine.dispose()
        metrics_files.worker_stopped()

    app = DocumentedApp(
        title="Namesake",
        version=version("namesake"),
        summary="Canonical person IDs for the people named in news articles.",
        description="Every error is JSON, `{\"error\": code, \"message\": text}` (ErrorOut), with the "
                    "statuses each operation lists. With API_KEYS set, every operation but health needs "
                    "a key in the X-API-Key header. Every answer carries X-Request-ID: the one the request "
                    "sent, or one the service made; the service's logs name the request by it.",
        openapi_tags=TAGS,
        lifespan=lifespan,
        # Operation IDs from the function names: stable for generated clients.
        generate_unique_id_function=lambda route: route.name,
        dependencies=[Depends(authorize)],
        # Served offline by docs.install; FastAPI's own pages load their scripts from a CDN.
        docs_url=None, redoc_url=None,
        # FastAPI's own request spans, to the provider built from OTEL_* (never FastAPI's own exporters).
        telemetry={"tracer_provider": tracer_provider, "auto_configure": False},
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.body_limit())  # inside CORS: its 413 gets CORS headers
    if settings.origins():
        # CMS plugins call from editors' browsers on other origins.
        app.add_middleware(CORSMiddleware, allow_origins=settings.origins(),
                           allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Content-Type", "X-API-Key", access.REQUEST_ID],
                           expose_headers=[access.REQUEST_ID])
    app.add_middleware(ObserveRequests)  # logs, times and counts every answer, refusals too
    access.install(app)  # outermost: after every other middleware
    for module in (articles, export, entities, mentions, curation, changes, webhooks_api, names, review, reconcile,
                   health, metrics_api):
        app.include_router(module.router)
    app.include_router(articles.batch_router)
    # The CMS embed and the editor's page: public files (mounts skip the key
    # check); the calls they make to the API carry the key.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/ui", StaticFiles(directory=STATIC / "ui", html=True), name="ui")
    docs.install(app)
    return app
