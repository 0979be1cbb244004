"""The editor's page keeps up (issue 19): the list of people in two orders,
external identifiers (shown, set and removed), errors in plain words, an
unknown person's page, names in the audit log and a colour per person, in
Chromium against a real server."""
import json
import re

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_editor import SEED_WITH_KHALLUF, confirm, paste, post
from tests.test_import_people import import_people

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


def test_external_identifiers_and_description_as_the_api_gives_them(page, service, api, database_url, tmp_path):
    """A person from an authority file (the real `namesake import-people` on
    the server's database): the description and identifiers stay text, and
    only a Wikidata ID of Wikidata's form becomes a link."""
    record = {"name": "Wasim Tarek Halabi", "description": "Syrian army officer <b>not bold</b>",
              "external_ids": {"wikidata": "Q4115189", "isni": "0000 0001 2145 0678", "viaf": "javascript:alert(1)"}}
    people = tmp_path / "people.jsonl"
    people.write_text(json.dumps(record) + "\n", encoding="utf-8")
    imported = import_people(database_url, people)
    assert imported.returncode == 0, imported.stderr
    person = held(api, "wikidata:Q4115189")
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
    assert section.locator('dd[data-scheme="viaf"] .value').text_content() == "javascript:alert(1)"
    section.scroll_into_view_if_needed()
    screenshot(page, "editor-external-ids")

    # A person the API gives neither: no description line; the identifiers'
    # section says there are none, above the form to set one.
    other = api.get("/v1/entities", params={"q": "Assad"}).json()["items"][0]
    page.goto(f"{service}/ui/#/entity/{other['id']}")
    page.locator(f'#entity[data-entity-id="{other["id"]}"]').wait_for()
    assert page.locator("#entity-description, #entity-external-ids dl").count() == 0
    assert page.locator("#external-ids-none").text_content() == "None yet."


def held(api, identifier: str) -> dict:
    """The person holding `scheme:value`, through the API."""
    items = api.get("/v1/entities", params={"external_id": identifier}).json()["items"]
    assert len(items) == 1, items
    return items[0]


def new_people(api, text: str, *names: str) -> list[dict]:
    """The people `names` of a new article (no other test touches them), as the API gives them."""
    found = {m["text"]: m["entity_id"] for m in post(api, text)["mentions"]}
    assert set(names) <= set(found), found
    ids = [found[name] for name in names]
    assert len(set(ids)) == len(ids), found
    return [api.get(f"/v1/entities/{i}").json() for i in ids]


def external_ids(api, person: dict) -> dict:
    return api.get(f"/v1/entities/{person['id']}").json()["external_ids"]


def set_on_page(page, value: str, scheme: str | None = None) -> None:
    if scheme is not None:
        page.fill("#external-id-scheme", scheme)
    page.fill("#external-id-value", value)
    page.click("#external-id-set")


def done(page, words: str) -> None:
    page.locator("#status.done", has_text=words).wait_for()


def test_set_a_wikidata_id_see_its_link_replace_and_remove_it(page, service, api):
    person, = new_people(api, "Syrian officials said Munir Adib Sarkis visited Aleppo on Monday.", "Munir Adib Sarkis")
    page.goto(f"{service}/ui/#/entity/{person['id']}")
    section = page.locator("#entity-external-ids")
    section.locator("#external-ids-none").wait_for()
    assert page.input_value("#external-id-scheme") == "wikidata"        # suggested
    assert page.locator("#external-id-schemes option").evaluate_all("os => os.map(o => o.value)") == ["wikidata"]
    for field in ("#external-id-scheme", "#external-id-value"):         # each input has its label
        assert page.locator(field).evaluate("el => el.labels.length") == 1

    entity_url = f"{service}/v1/entities/{person['id']}"
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url == entity_url else None)
    set_on_page(page, "\u00a0Q4115190 ")                 # white space around is taken off
    done(page, "Set the Wikidata identifier to Q4115190.")
    link = section.locator('dd[data-scheme="wikidata"] a')
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q4115190"
    assert external_ids(api, person) == {"wikidata": "Q4115190"}
    # Drawn from the PUT's answer, not asked for again; the focus is back on the section.
    assert asked == []
    assert page.evaluate("document.activeElement.id") == "external-ids-title"
    screenshot(page, "editor-external-id-set")

    set_on_page(page, "p-77", scheme="newsroom.people-db")              # a scheme of the newsroom's own
    section.locator('dd[data-scheme="newsroom.people-db"] code', has_text="p-77").wait_for()

    # Replacing a value is asked first.
    set_on_page(page, "Q4115191", scheme="wikidata")
    confirm(page, accept=False)
    assert external_ids(api, person)["wikidata"] == "Q4115190"
    page.click("#external-id-set")
    confirm(page, accept=True)
    done(page, "Set the Wikidata identifier to Q4115191.")
    assert link.text_content() == "Q4115191"

    remove = section.locator('dd[data-scheme="wikidata"] button')
    assert remove.get_attribute("aria-label") == "Remove the Wikidata identifier"
    remove.click()
    confirm(page, accept=True)
    done(page, "Removed the Wikidata identifier.")
    assert section.locator('dd[data-scheme="wikidata"]').count() == 0
    assert external_ids(api, person) == {"newsroom.people-db": "p-77"}
    section.locator('dd[data-scheme="newsroom.people-db"] button').click()
    confirm(page, accept=True)
    section.locator("#external-ids-none").wait_for()
    assert external_ids(api, person) == {}
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


HOLDER_ADVICE = ". Remove it there first, or merge the two if they are one person."


def test_an_identifier_another_person_holds_is_refused_naming_them(page, service, api):
    holder, other = new_people(api, "Lebanese officials said Hani Jamil Dabbagh met Rami Fuad Nahhas "
                                    "in Beirut on Thursday.", "Hani Jamil Dabbagh", "Rami Fuad Nahhas")
    taken = api.put(f"/v1/entities/{holder['id']}/external-ids/wikidata", json={"value": "Q98765432"})
    assert taken.status_code == 200, taken.text
    page.goto(f"{service}/ui/#/entity/{other['id']}")
    set_on_page(page, "Q98765432")
    assert said(page) == "Another person has this identifier: " + holder["canonical_name"] + HOLDER_ADVICE
    assert "belongs to entity" in page.locator("#status details code").text_content()
    assert external_ids(api, other) == {}
    screenshot(page, "editor-external-id-conflict")
    page.locator("#status a.who").click()
    page.wait_for_url(re.compile(rf"#/entity/{holder['id']}$"))
    page.locator('#entity-external-ids dd[data-scheme="wikidata"]', has_text="Q98765432").wait_for()


def test_a_wrong_scheme_or_identifier_is_named_in_plain_words(page, service, api):
    person, = new_people(api, "Jordanian officials said Tarek Samih Barakat spoke in Amman on Sunday.",
                         "Tarek Samih Barakat")
    page.goto(f"{service}/ui/#/entity/{person['id']}")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "PUT" else None)
    scheme, value = page.locator("#external-id-scheme"), page.locator("#external-id-value")
    # The scheme's rule is checked on the page: a scheme goes into the URL.
    for wrong in ("Wiki Data", "wiki/data", ".."):
        set_on_page(page, "Q1", scheme=wrong)
        page.locator("#status.error", has_text="A scheme is 1 to 64 lowercase letters").wait_for()
        assert scheme.get_attribute("aria-invalid") == "true"
        assert page.evaluate("document.activeElement.id") == "external-id-scheme"
    set_on_page(page, " \u3000", scheme="wikidata")
    page.locator("#status.error", has_text="Enter the identifier.").wait_for()
    assert sent == []

    # What only the API checks: it names the field, and the page says which.
    set_on_page(page, "Q" + "1" * 256)
    page.locator("#status.error", has_text="Check the identifier").wait_for()
    assert said(page) == "Check the identifier: it should have at most 256 characters."
    assert value.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "external-id-value"
    page.keyboard.press("Backspace")
    assert value.get_attribute("aria-invalid") is None
    assert len(sent) == 1 and external_ids(api, person) == {}
    screenshot(page, "editor-external-id-invalid")


def test_a_read_only_key_cannot_change_identifiers(reader_page, service, api):
    page = reader_page
    person, = new_people(api, "Syrian officials said Yasser Nabil Jazairi arrived in Homs on Friday.",
                         "Yasser Nabil Jazairi")
    assert api.put(f"/v1/entities/{person['id']}/external-ids/wikidata",
                   json={"value": "Q98765431"}).status_code == 200
    page.goto(f"{service}/ui/#/entity/{person['id']}")
    set_on_page(page, "Q98765430", scheme="newsroom")
    assert said(page) == "Your key cannot do this."
    assert page.locator("#status button", has_text="Open Settings").is_visible()
    page.reload()                                       # a clear status bar for the next answer
    page.locator('#entity-external-ids dd[data-scheme="wikidata"] button').click()
    confirm(page, accept=True)
    assert said(page) == "Your key cannot do this."
    assert external_ids(api, person) == {"wikidata": "Q98765431"}


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
