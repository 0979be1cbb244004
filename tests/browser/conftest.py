"""Browser tests: headless Chromium (the system's /usr/bin/chromium, never a
downloaded one) against a real `namesake serve` holding the seed articles,
with API keys on (an admin's and a read-only one) and a CMS page on another
origin allowed by CORS_ORIGINS."""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from bench.server import free_port, running_server
from tests.conftest import IN_CI, REPO

CHROMIUM = Path(os.environ.get("NAMESAKE_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = REPO / "screenshots"
ADMIN_KEY = "desk-0123456789abcdef"     # name:key:role below; admin may also post and read
READ_KEY = "cms-0123456789abcdef"       # lookups only: every change answers 403
API_KEYS = f"desk:{ADMIN_KEY}:admin,cms:{READ_KEY}:read"


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        message = (f"Chromium is not at {CHROMIUM}: install the system package "
                   "(apt-get install chromium); the browser tests never download one")
        if IN_CI:
            pytest.fail(message + " (CI=true: the browser tests must run)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


class HostPages:
    """A tiny web server on another loopback port, standing in for a CMS:
    `pages[path] = html` serves that HTML at http://127.0.0.1:port/path."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = pages.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="package")
def cms():
    pages = HostPages()
    yield pages
    pages.close()


@pytest.fixture(scope="package")
def server_folder(tmp_path_factory) -> Path:
    """The server's folder: its log and its SQLite database."""
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="package")
def database_url(server_folder) -> str:
    """The server's database, for the commands a test runs on it (import-people)."""
    return f"sqlite:///{server_folder / 'browser.db'}"


@pytest.fixture(scope="package")
def service(browser, cms, seeds, server_folder, database_url):
    """The service's base URL: a real server with the seed articles posted."""
    env = {"API_KEYS": API_KEYS, "CORS_ORIGINS": cms.origin}
    with running_server(database_url, server_folder, env=env) as base:
        with httpx.Client(base_url=base, timeout=120, headers={"X-API-Key": ADMIN_KEY}) as client:
            gold = json.loads((seeds / "gold.json").read_text())
            for doc in gold["documents"]:
                text = (seeds / doc["file"]).read_text(encoding="utf-8")
                response = client.post("/v1/articles", json={"text": text, "external_id": doc["id"]})
                assert response.status_code == 201, response.text
        yield base


@pytest.fixture
def api(service):
    with httpx.Client(base_url=service, timeout=120, headers={"X-API-Key": ADMIN_KEY}) as client:
        yield client


def new_page(browser, key: str | None = ADMIN_KEY, **context_options):
    """A page in a fresh browser context; with `key`, the editor's page starts
    with it saved, as after Settings -> Save. JavaScript errors are collected."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
    context.set_default_timeout(30_000)
    if key:
        context.add_init_script(f"localStorage.setItem('namesake.apiKey', {json.dumps(key)})")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def checked(page):
    """Yields the page, then closes it: a test with JavaScript errors on it fails."""
    yield page
    errors = page.errors
    page.context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser):
    yield from checked(new_page(browser))


@pytest.fixture
def keyless_page(browser):
    """A page with no API key saved, as on an editor's first visit."""
    yield from checked(new_page(browser, key=None))


@pytest.fixture
def reader_page(browser):
    """A page with a read-only key saved."""
    yield from checked(new_page(browser, key=READ_KEY))


def screenshot(page, name: str) -> None:
    """Saved for people to look at (screenshots/ is not committed)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


# Runs in the page: every highlight under `root`, with its UTF-16 offset into
# root's text, found by walking the text nodes (independently of the embed).
MARKS_JS = """
(root) => {
  const marks = [];
  let position = 0;
  (function walk(node) {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { position += child.data.length; continue; }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      if (child.matches('mark.namesake-mention')) {
        marks.push({start: position, text: child.textContent,
                    entity_id: child.getAttribute('data-namesake-entity')});
      }
      walk(child);
    }
  })(root);
  return {text: root.textContent, marks: marks};
}
"""


def code_points(text: str, utf16_index: int) -> int:
    """The code-point offset of a UTF-16 index into `text`."""
    return len(text.encode("utf-16-le")[:2 * utf16_index].decode("utf-16-le"))


def highlighted(page, selector: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The text under `selector` and its highlights as (start, end, text,
    entity_id) in code points, pieces of one name (split by markup) joined."""
    found = page.locator(selector).evaluate(MARKS_JS)
    text, spans = found["text"], []
    for mark in found["marks"]:
        start = code_points(text, mark["start"])
        end = code_points(text, mark["start"] + len(mark["text"].encode("utf-16-le")) // 2)
        if spans and spans[-1][1] == start and spans[-1][3] == mark["entity_id"]:
            previous = spans.pop()
            spans.append((previous[0], end, previous[2] + mark["text"], mark["entity_id"]))
        else:
            spans.append((start, end, mark["text"], mark["entity_id"]))
    return text, spans


def expected(mentions: list[dict]) -> list[tuple[int, int, str, str]]:
    return sorted((m["start"], m["end"], m["text"], m["entity_id"]) for m in mentions)
