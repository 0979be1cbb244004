"""/docs and /redoc load nothing from another origin: every script, style and
icon they name is served here; / leads to the editor's page. None of these
needs a key or appears in the OpenAPI document."""
import re

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings

# Where a page names a file: src=, href=, ReDoc's spec-url=, Swagger UI's url: '...'.
REFERENCES = re.compile(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']|url:\s*'([^']+)'""")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    # Keys on: the documentation must stay open all the same.
    settings = Settings(database_url=f"sqlite:///{folder / 'docs.db'}", api_keys=f"cms:{'k' * 20}:read")
    return create_app(settings)


def references(html: str) -> list[str]:
    return [a or b for a, b in REFERENCES.findall(html)]


@pytest.mark.parametrize("page, assets", [
    ("/docs", {"swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"}),
    ("/redoc", {"redoc.standalone.js", "favicon.png"}),
])
def test_the_documentation_loads_only_this_services_files(app, page, assets):
    client = TestClient(app)
    response = client.get(page)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    urls = references(response.text)
    assert {url.rsplit("/", 1)[-1] for url in urls} == assets | {"openapi.json"}, urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), f"{page} loads {url} from elsewhere"
        assert client.get(url).status_code == 200, url
    # Nor any other URL (Google's fonts, FastAPI's icon); and no image from elsewhere
    # (ReDoc's bundle shows Redocly's logo from their CDN: tests/browser/test_docs.py).
    assert not re.search(r"https?:|//", response.text)
    assert response.headers["content-security-policy"] == "img-src 'self' data:"


def test_swagger_ui_sends_the_document_to_no_validator(app):
    # Its default shows a badge from validator.swagger.io, which the document is sent to.
    assert '"validatorUrl": null' in TestClient(app).get("/docs").text


def test_behind_a_path_prefix_the_files_are_found_under_it(app):
    response = TestClient(app, root_path="/names").get("/docs")
    assert all(url.startswith("/names/") for url in references(response.text)), references(response.text)


def test_the_root_leads_to_the_editor(app):
    client = TestClient(app)
    response = client.get("/", follow_redirects=False)
    assert response.status_code in (302, 307, 308) and response.headers["location"] == "/ui/"
    assert client.get("/").text == client.get("/ui/").text  # followed


def test_none_of_them_is_in_the_openapi_document(app):
    paths = set(app.openapi()["paths"])
    assert not paths & {"/", "/docs", "/redoc"} and not any(p.startswith("/docs/") for p in paths)
