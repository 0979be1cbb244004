"""The interactive documentation in a real browser, cut off from every other
host: Swagger UI and ReDoc render the API from this server's files alone."""
import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.e2e


def offline(page, service: str) -> list[str]:
    """Requests to any other origin fail, as on a network without the CDN; returns their URLs."""
    elsewhere: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(service + "/"):
            request_route.continue_()
        else:
            elsewhere.append(url)
            request_route.abort()

    page.route("**/*", route)
    return elsewhere


@pytest.mark.parametrize("path, rendered", [
    ("/docs", "#swagger-ui .opblock-summary-path[data-path='/v1/articles']"),
    ("/redoc", "text=Canonical person IDs for the people named in news articles."),
])
def test_the_documentation_renders_offline(keyless_page, service, path, rendered):
    elsewhere = offline(keyless_page, service)
    keyless_page.goto(f"{service}{path}")
    keyless_page.locator(rendered).first.wait_for()
    screenshot(keyless_page, f"docs{path.replace('/', '-')}")
    assert elsewhere == []


def test_the_root_opens_the_editor(keyless_page, service):
    keyless_page.goto(service)
    assert keyless_page.url == f"{service}/ui/"
