"""The editor's page keeps up (issue 19): the list of people in two orders,
external identifiers, errors in plain words, an unknown person's page, names
in the audit log and a colour per person, in Chromium against a real server."""
import json
import re

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_editor import SEED_WITH_KHALLUF, paste, post

pytestmark = pytest.mark.e2e

PAGE_SIZE = 25      # app.js, PAGE_SIZE


def names_in(page, selector: str) -> list[str]:
    page.locator(selector).first.wait_for()
    return page.locator(selector).all_text_contents()


def listed(api, **params) -> list[str]:
    return [e["canonical_name"] for e in api.get("/v1/entities", params={"limit": PAGE_SIZE, **params}).json()["items"]]


def test_people_by_mentions_and_by_latest_change_a_page_at_a_time(page, service, api):
    assert api.get("/v1/entities", params={"limit": PAGE_SIZE}).json()["next_offset"], "needs two pages of people"
    page.goto(f"{service}/ui/#/people")
    assert names_in(page, "#people-list li a") == listed(api, sort="mentions")
    assert page.locator('nav.orders a[aria-current="true"]').text_content() == "Most mentioned"
    assert page.locator("#people-page").text_content() == "Page 1"
    assert page.locator("#people-previous").count() == 0
    screenshot(page, "editor-people")

    page.click("#people-next")
    page.wait_for_url(re.compile(rf"#/people\?sort=mentions&offset={PAGE_SIZE}$"))
    page.locator("#people-page", has_text="Page 2").wait_for()
    assert names_in(page, "#people-list li a") == listed(api, sort="mentions", offset=PAGE_SIZE)
    page.click("#people-previous")
    page.locator("#people-page", has_text="Page 1").wait_for()

    # Someone an editor just renamed comes first among the recently changed.
    last = api.get("/v1/entities", params={"limit": 1, "offset": PAGE_SIZE}).json()["items"][0]
    renamed = api.post(f"/v1/entities/{last['id']}/rename", json={"name": last["canonical_name"]})
    assert renamed.status_code == 200, renamed.text
    page.click('nav.orders a[data-sort="updated"]')
    page.wait_for_url(re.compile(r"#/people\?sort=updated$"))
    page.locator('#people[data-sort="updated"]').wait_for()
    assert page.locator("#people-list li").first.get_attribute("data-entity-id") == last["id"]
    assert names_in(page, "#people-list li a") == listed(api, sort="updated")
    assert page.locator('nav.orders a[aria-current="true"]').text_content() == "Recently changed"
    screenshot(page, "editor-people-updated")


def with_identity(page, entity_id: str, extra: dict) -> None:
    """Answer GET /v1/entities/{entity_id} as the API will once it carries
    `external_ids` and `description`: the real answer with `extra` added."""
    def handle(route):
        response = route.fetch()
        route.fulfill(response=response, json={**response.json(), **extra})

    page.route(re.compile(rf"/v1/entities/{entity_id}$"), handle)


def test_external_identifiers_and_description_when_the_api_has_them(page, service, api):
    person = api.get("/v1/entities", params={"q": "Khalluf"}).json()["items"][0]
    with_identity(page, person["id"], {
        "description": "Syrian army officer <b>not bold</b>",
        "external_ids": {"wikidata": "Q4115189", "isni": "0000 0001 2145 0678",
                         "viaf": "javascript:alert(1)"},
    })
    page.goto(f"{service}/ui/#/entity/{person['id']}")
    assert page.locator("#entity-description").text_content() == "Syrian army officer <b>not bold</b>"
    section = page.locator("#entity-external-ids")
    assert section.get_attribute("aria-labelledby") == "external-ids-title"
    assert section.locator("dt").all_text_contents() == ["isni", "viaf", "Wikidata"]
    link = section.locator('dd[data-scheme="wikidata"] a')
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q4115189"
    assert link.text_content() == "Q4115189"
    # Other schemes, and anything not shaped like their identifiers, stay text.
    assert section.locator("dd a").count() == 1
    assert section.locator('dd[data-scheme="viaf"]').text_content() == "javascript:alert(1)"
    section.scroll_into_view_if_needed()
    screenshot(page, "editor-external-ids")

    # A person the API gives neither: no empty section, no empty line.
    other = api.get("/v1/entities", params={"q": "Assad"}).json()["items"][0]
    page.goto(f"{service}/ui/#/entity/{other['id']}")
    page.locator(f'#entity[data-entity-id="{other["id"]}"]').wait_for()
    assert page.locator("#entity-external-ids, #entity-description").count() == 0


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


def test_the_audit_log_names_people(page, service, api):
    body = post(api, "Lebanese officials said Karim Fawzi Haddad met Nabil Sami Tarazi "
                     "and Ziad Elias Khoury in Beirut on Thursday.")
    ids = {m["text"]: m["entity_id"] for m in body["mentions"]}
    haddad, tarazi, khoury = ids["Karim Fawzi Haddad"], ids["Nabil Sami Tarazi"], ids["Ziad Elias Khoury"]
    for path, data in [(f"{haddad}/merge", {"other_id": tarazi}), (f"{khoury}/distinct", {"other_id": haddad}),
                       (f"{khoury}/rename", {"name": "Ziad E. Khoury"})]:
        assert api.post(f"/v1/entities/{path}", json=data).status_code == 200
    entries = {e["action"]: e for e in api.get("/v1/audit", params={"limit": 3}).json()["items"]}

    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if re.search(r"/v1/entities/\w+$", r.url) else None)
    page.goto(f"{service}/ui/#/audit")
    page.locator("#audit-list:not([aria-busy])").wait_for()
    item = page.locator(f'#audit-list li[data-audit-id="{entries["merge"]["id"]}"]')
    # The merged-away person answers with the survivor now: shown as written.
    assert "desk merged “Nabil Sami Tarazi” (1 mention) into Karim Fawzi Haddad" in item.text_content()
    item = page.locator(f'#audit-list li[data-audit-id="{entries["distinct"]["id"]}"]')
    assert "marked Ziad E. Khoury and Karim Fawzi Haddad as two people" in item.text_content()
    item = page.locator(f'#audit-list li[data-audit-id="{entries["rename"]["id"]}"]')
    assert "renamed “Ziad Elias Khoury” to Ziad E. Khoury" in item.text_content()
    assert item.locator("a.who").get_attribute("href") == f"#/entity/{khoury}"
    everything = page.locator("#audit-list").text_content()
    assert not [i for i in (haddad, tarazi, khoury) if i[:8] in everything]
    assert len(asked) == len(set(asked)), "each person's name is fetched once"
    screenshot(page, "editor-audit")

    # Undone, the merge names both people again.
    page.locator(f'#audit-list li[data-audit-id="{entries["merge"]["id"]}"] button').click()
    page.locator("#confirm-ok").click()
    page.locator("#status.done").wait_for()
    item = page.locator(f'#audit-list li[data-audit-id="{entries["merge"]["id"]}"]')
    assert "merged Nabil Sami Tarazi (1 mention) into Karim Fawzi Haddad" in item.text_content()
    assert "undid a merge of Karim Fawzi Haddad" in page.locator("#audit-list li").first.text_content()


# Runs in the page: each person's colour as the browser draws it, for every
# mark and every legend swatch.
COLOURS_JS = """
() => {
  const colour = el => getComputedStyle(el).backgroundColor;
  return {
    marks: [...document.querySelectorAll('#article-body mark')].map(
      m => [m.getAttribute('data-namesake-entity'), colour(m)]),
    legend: [...document.querySelectorAll('#article-people li')].map(
      li => [li.getAttribute('data-entity-id'), colour(li.querySelector('.swatch'))]),
  };
}
"""


def test_each_person_in_an_article_has_a_colour(page, service, seeds):
    text = (seeds / "docs" / SEED_WITH_KHALLUF).read_text(encoding="utf-8")
    paste(page, service, text)
    page.locator("#article-body mark.person").first.wait_for()
    drawn = page.evaluate(COLOURS_JS)
    legend = dict(drawn["legend"])
    assert len(legend) >= 3 and len(set(legend.values())) == len(legend)    # one colour each
    for entity_id, colour in drawn["marks"]:
        assert colour == legend[entity_id]                  # a person's marks match the legend
    assert "rgb(255, 241, 168)" in legend.values()          # the first person keeps the usual yellow
    page.locator("#article-body mark").first.scroll_into_view_if_needed()
    screenshot(page, "editor-colours")


# Runs in the page: the palette's background and line colours, one swatch each.
PALETTE_JS = """
(n) => [...Array(n).keys()].map(i => {
  const swatch = document.createElement('span');
  swatch.className = 'swatch person person-' + i;
  document.body.appendChild(swatch);
  const style = getComputedStyle(swatch);
  const found = [style.backgroundColor, style.getPropertyValue('--person-line').trim()];
  swatch.remove();
  return found;
})
"""


def luminance(colour: str) -> float:
    """WCAG relative luminance of `rgb(r, g, b)` or `#rrggbb`."""
    if colour.startswith("#"):
        channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [int(c) for c in re.findall(r"\d+", colour)[:3]]
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_palette_is_distinct_and_readable(page, service):
    page.goto(f"{service}/ui/")
    page.locator("#article-form").wait_for()
    palette = page.evaluate(PALETTE_JS, 12)
    assert len({background for background, _ in palette}) == 12
    for background, line in palette:
        assert contrast(background, "#1d232a") >= 7, background     # the page's text on the highlight
        assert contrast(line, "#ffffff") >= 3, line                  # the line stands out from the page


def test_past_twelve_people_the_colours_come_round_dashed(page, service):
    """An article naming fourteen people (answered by the test in place of
    the API): the thirteenth and fourteenth take the first colours again,
    with a dashed line, so that no two people look alike."""
    people = [(f"{i:032x}", f"Person Number{chr(65 + i)}") for i in range(14)]
    text, mentions = "", []
    for entity_id, name in people:
        mentions.append({"start": len(text), "end": len(text) + len(name), "text": name, "entity_id": entity_id})
        text += name + " spoke. "
    article = {"id": "f" * 32, "title": "Fourteen people", "external_id": None, "text": text,
               "mentions": mentions, "entities": [{"id": i, "canonical_name": n} for i, n in people]}
    page.route(re.compile(r"/v1/articles/f{32}$"), lambda route: route.fulfill(json=article))
    page.goto(f"{service}/ui/#/article/{'f' * 32}")
    page.locator("#article-body mark.person").first.wait_for()
    looks = page.evaluate("""() => [...document.querySelectorAll('#article-people .swatch')].map(
        s => [getComputedStyle(s).backgroundColor, getComputedStyle(s).borderBottomStyle])""")
    assert len(looks) == 14 and len({tuple(look) for look in looks}) == 14
    assert looks[12] == [looks[0][0], "dashed"] and looks[0][1] != "dashed"
    marks = page.locator("#article-body mark")
    assert {"person", "person-1", "person-again"} <= set(marks.nth(13).get_attribute("class").split())
    screenshot(page, "editor-colours-fourteen")
