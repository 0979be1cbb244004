"""The editor's page keeps up (issue 19): errors in plain words and an
unknown person's page, in Chromium against a real server."""
import json
import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.e2e


def said(page) -> str:
    """The error's plain words in the status bar (its first line), once shown."""
    status = page.locator("#status.error")
    status.wait_for()
    return status.evaluate("el => el.firstChild.textContent")


def answer(status: int, message: str):
    body = {"error": "some_code", "message": message}
    return lambda route: route.fulfill(status=status, content_type="application/json", body=json.dumps(body))


ERRORS = {
    "403": (answer(403, "key 'cms' has role read; this needs admin"), "Your key cannot do this.", "needs admin"),
    "503": (answer(503, "database unavailable"), "Try again in a moment.", "database unavailable"),
    "500": (answer(500, "internal error"), "Something went wrong (HTTP 500).", "internal error"),
    "unreachable": (lambda route: route.abort("connectionrefused"), "The service is not reachable.", "no answer"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_errors_in_plain_words_with_the_api_message_kept(page, service, case):
    handler, plain, support = ERRORS[case]
    page.route(re.compile(r"/v1/review\b"), handler)
    page.goto(f"{service}/ui/#/review")
    assert said(page) == plain
    details = page.locator("#status details.error-details")
    assert details.get_attribute("open") is None          # there for support, out of the way
    details.locator("summary").click()
    assert support in details.locator("code").text_content()
    screenshot(page, f"editor-error-{case}")


def test_a_missing_key_and_an_empty_text_in_plain_words(keyless_page, service):
    page = keyless_page
    page.goto(f"{service}/ui/#/review")
    assert said(page) == "Enter an API key."
    page.locator("#status button", has_text="Open Settings").click()
    assert page.locator("#settings").is_visible()
    assert page.evaluate("document.activeElement.id") == "api-key"

    page.goto(f"{service}/ui/#/")
    page.fill("#article-text", " \n\t\u3000 ")                 # the API's white space, nothing else
    page.click("#article-submit")
    page.locator("#status.error", has_text="The text is empty.").wait_for()
    assert page.url.endswith("#/")


def test_an_unknown_person_clears_the_previous_page(page, service, api):
    person = api.get("/v1/entities", params={"q": "Khalluf"}).json()["items"][0]
    page.goto(f"{service}/ui/#/entity/{person['id']}")
    page.locator("#entity-name").wait_for()
    page.evaluate("location.hash = '#/entity/0123456789abcdef0123456789abcdef'")
    page.locator("#view-failed").wait_for()
    assert page.locator("#entity, #entity-name").count() == 0
    assert said(page) == "This person is not in the store."
    assert "no entity with id" in page.locator("#status details code").text_content()
    screenshot(page, "editor-unknown-person")
