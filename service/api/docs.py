"""The interactive documentation, offline: /docs (Swagger UI) and /redoc (ReDoc)
load their scripts and styles from this service, from the files the
fastapi-offline package ships, never from a CDN a newsroom's network may not
reach. And / leads to the editor's page.

These routes are plain Starlette routes, as FastAPI's own docs routes are: out
of the OpenAPI document and, like /openapi.json, open without an API key."""
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

ASSETS = "/docs/assets"
# ReDoc's menu shows Redocly's logo from their CDN, whatever it is told; the
# browser loads no image from elsewhere (ReDoc then leaves the logo out).
ONLY_OWN_IMAGES = {"Content-Security-Policy": "img-src 'self' data:"}


def install(app: FastAPI) -> None:
    """Needs the app built with docs_url=None and redoc_url=None."""
    app.mount(ASSETS, StaticFiles(packages=[("fastapi_offline", "static")]), name="docs-assets")
    app.add_route("/docs", _swagger_ui, include_in_schema=False)
    app.add_route("/redoc", _redoc, include_in_schema=False)
    app.add_route("/", _home, include_in_schema=False)


def _base(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")  # behind a proxy's path prefix


async def _swagger_ui(request: Request) -> HTMLResponse:
    app, base = request.app, _base(request)
    return _own_images_only(get_swagger_ui_html(
        openapi_url=base + app.openapi_url, title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{base}{ASSETS}/swagger-ui-bundle.js", swagger_css_url=f"{base}{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{base}{ASSETS}/favicon.png",
        # Swagger UI would otherwise send the document to validator.swagger.io for a badge.
        swagger_ui_parameters={"validatorUrl": None}))


async def _redoc(request: Request) -> HTMLResponse:
    app, base = request.app, _base(request)
    return _own_images_only(get_redoc_html(
        openapi_url=base + app.openapi_url, title=f"{app.title} - ReDoc",
        redoc_js_url=f"{base}{ASSETS}/redoc.standalone.js", redoc_favicon_url=f"{base}{ASSETS}/favicon.png",
        with_google_fonts=False))


def _own_images_only(page: HTMLResponse) -> HTMLResponse:
    page.headers.update(ONLY_OWN_IMAGES)
    return page


async def _home(request: Request) -> RedirectResponse:
    return RedirectResponse(f"{_base(request)}/ui/")
