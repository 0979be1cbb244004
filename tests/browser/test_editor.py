"""The editor's page (/ui/) in a real browser against a real server: paste an
article and see it highlighted, open people, search, review, and curate with
confirmation; what the page does is checked through the API afterwards."""
import re

import pytest

from tests.browser.conftest import ADMIN_KEY, expected, highlighted, new_page, screenshot
from tests.browser.test_embed import ASTRAL

pytestmark = pytest.mark.e2e

SEED_WITH_KHALLUF = "003_e8b7d2a5c76256b0.txt"


def paste(page, service, text: str, external_id: str | None = None) -> str:
    """Paste an article in the page and submit it; the stored article's ID."""
    page.goto(f"{service}/ui/")
    page.fill("#article-text", text)
    if external_id:
        page.fill("#article-external-id", external_id)
    page.click("#article-submit")
    page.wait_for_url(re.compile(r"#/article/"))
    page.locator("#article-body").wait_for()
    page.wait_for_function("document.querySelector('#article-body').textContent.length > 0")
    return page.url.rsplit("/", 1)[1]


def post(api, text: str) -> dict:
    response = api.post("/v1/articles", json={"text": text})
    assert response.status_code in (200, 201), response.text
    return response.json()


def confirm(page, accept: bool) -> None:
    dialog = page.locator("dialog#confirm")
    dialog.wait_for()
    page.click("#confirm-ok" if accept else "#confirm-cancel")
    dialog.wait_for(state="hidden")


@pytest.mark.parametrize("which", ["seed", "astral"])
def test_a_pasted_article_is_highlighted_on_its_offsets(page, service, api, seeds, which):
    text = (seeds / "docs" / SEED_WITH_KHALLUF).read_text(encoding="utf-8") if which == "seed" else ASTRAL
    article_id = paste(page, service, text)
    stored = api.get(f"/v1/articles/{article_id}").json()
    shown, spans = highlighted(page, "#article-body")
    assert shown == text == stored["text"]
    assert spans == expected(stored["mentions"]) and spans
    people = page.locator("#article-people li a").all_text_contents()
    assert sorted(people) == sorted(e["canonical_name"] for e in stored["entities"])
    if which == "seed":
        page.locator("#article-body mark").first.scroll_into_view_if_needed()
        screenshot(page, "editor-article")


def test_a_card_opens_and_leads_to_the_entity_page(page, service, api, seeds):
    text = (seeds / "docs" / SEED_WITH_KHALLUF).read_text(encoding="utf-8")
    article_id = paste(page, service, text)
    mentions = api.get(f"/v1/articles/{article_id}").json()["mentions"]
    mention = next(m for m in mentions if m["text"] == "Mohammed Khalluf")
    person = api.get(f"/v1/entities/{mention['entity_id']}").json()
    assert person["canonical_name"] != "Mohammed Khalluf"   # the card must say more than the text

    page.locator("#article-body mark", has_text="Mohammed Khalluf").first.hover()
    name = page.locator("namesake-card .name")
    assert name.text_content() == person["canonical_name"]
    screenshot(page, "editor-card")
    page.locator("namesake-card a").click()
    page.wait_for_url(re.compile(rf"#/entity/{person['id']}$"))
    assert page.locator("#entity-name").text_content() == person["canonical_name"]
    surfaces = page.locator("#entity-aliases td.surface").all_text_contents()
    assert surfaces == [a["surface"] for a in person["aliases"]]
    page.locator("#entity-mentions li[data-mention-id]").first.wait_for()
    articles = page.locator("#entity-articles li a").all_text_contents()
    assert len(articles) == min(10, person["article_count"])
    screenshot(page, "editor-entity")


def test_markup_in_a_pasted_article_stays_text(page, service):
    text = ('Chancellor Angela Merkel<img src=x onerror="window.__pwned=1"> spoke to '
            '<script>window.__pwned=2</script>President Emmanuel Macron <iframe src="javascript:'
            'parent.__pwned=3"></iframe>in Berlin on Tuesday.')
    paste(page, service, text)
    body = page.locator("#article-body")
    page.locator("#article-body mark").first.wait_for()
    assert body.text_content() == text
    assert body.evaluate("el => [...el.querySelectorAll('*')].every(e => e.tagName === 'MARK')")
    assert page.locator("img, iframe, #view script").count() == 0
    assert page.locator("h1").first.text_content()        # the page itself still stands
    page.locator("#article-body mark").first.hover()
    page.locator("namesake-card .name").wait_for()
    assert page.evaluate("window.__pwned") is None


def test_search_by_any_spelling(page, service, api):
    page.goto(f"{service}/ui/#/search")
    page.fill("#search-q", "Khalluf")
    page.press("#search-q", "Enter")
    page.wait_for_url(re.compile(r"#/search\?q=Khalluf$"))
    first = page.locator("#search-results li a").first
    top = api.get("/v1/entities", params={"q": "Khalluf"}).json()["items"][0]
    assert first.text_content() == top["canonical_name"]
    first.click()
    page.wait_for_url(re.compile(rf"#/entity/{top['id']}$"))
    assert page.locator("#entity-name").text_content() == top["canonical_name"]


def test_merge_in_the_page_after_confirmation(page, service, api):
    body = post(api, "Jordanian officials said Tariq Mansour Halabi met Omar Suleiman Daher "
                     "in Amman on Sunday to discuss the border crossing.")
    ids = {m["text"]: m["entity_id"] for m in body["mentions"]}
    survivor, other = ids["Tariq Mansour Halabi"], ids["Omar Suleiman Daher"]
    assert survivor != other

    page.goto(f"{service}/ui/#/entity/{survivor}")
    page.locator("#tool-merge summary").click()
    page.fill("#merge-q", "Omar Suleiman Daher")
    page.press("#merge-q", "Enter")
    button = page.locator(f'#merge-results li[data-entity-id="{other}"] button.merge')
    button.click()
    assert "Omar Suleiman Daher" in page.locator("#confirm-message").text_content()
    screenshot(page, "editor-merge-confirm")
    confirm(page, accept=False)                        # cancelled: nothing happens
    assert api.get(f"/v1/entities/{other}").json()["id"] == other

    button.click()
    confirm(page, accept=True)
    page.locator("#status.done").wait_for()
    merged = api.get(f"/v1/entities/{other}").json()
    assert merged["id"] == survivor and merged["redirected_from"] == other
    assert "Omar Suleiman Daher" in {a["surface"] for a in merged["aliases"]}
    # The page shows the merged person, and the audit log has the merge by the key's owner.
    assert "Omar Suleiman Daher" in page.locator("#entity-aliases td.surface").all_text_contents()
    latest = api.get("/v1/audit", params={"limit": 1}).json()["items"][0]
    assert (latest["action"], latest["entity_id"], latest["actor"]) == ("merge", survivor, "desk")


def test_why_a_mention_is_this_person(page, service, api):
    """From a person's mention list, "why?" shows the decision in plain words
    and the candidates that were weighed, as the API explains it."""
    full = post(api, "Ambassador Ottavio Brancaleoni presented his credentials in Amman on Monday.")
    person = next(m["entity_id"] for m in full["mentions"] if m["text"] == "Ottavio Brancaleoni")
    later = post(api, "\"We are ready,\" Brancaleoni told reporters in Amman on Tuesday.")
    mention = next(m for m in later["mentions"] if m["text"] == "Brancaleoni")
    assert mention["entity_id"] == person
    why = api.get(f"/v1/mentions/{mention['id']}/why").json()

    page.goto(f"{service}/ui/#/entity/{person}")
    item = page.locator(f'#entity-mentions li[data-mention-id="{mention["id"]}"]')
    item.locator("button.why").click()
    panel = item.locator(".why.card")
    assert panel.get_attribute("data-outcome") == "linked"
    assert panel.locator(".why-summary").text_content() == why["summary"]
    assert "only known person" in why["summary"]
    row = panel.locator(f'.why-candidates tr[data-entity-id="{person}"]')
    assert "Ottavio Brancaleoni" in row.text_content() and "linked" in row.text_content()
    panel.scroll_into_view_if_needed()
    screenshot(page, "editor-why")
    item.locator("button.why").click()                 # and hidden again
    panel.wait_for(state="hidden")


def test_rename_split_and_undo(page, service, api):
    body = post(api, "Captain Walid Nasser Qadri said Walid Qadri would return. "
                     "Later, W. N. Qadri declined to comment.")
    entity_id = body["mentions"][0]["entity_id"]
    person = api.get(f"/v1/entities/{entity_id}").json()
    assert len(person["aliases"]) >= 2, person

    page.goto(f"{service}/ui/#/entity/{entity_id}")
    page.locator("#tool-rename summary").click()
    page.fill("#rename-name", "Walid N. Qadri")
    page.click("#tool-rename button[type=submit]")
    confirm(page, accept=True)
    page.locator("#status.done").wait_for()
    assert api.get(f"/v1/entities/{entity_id}").json()["canonical_name"] == "Walid N. Qadri"
    assert page.locator("#entity-name").text_content() == "Walid N. Qadri"

    split_off = person["aliases"][-1]["surface"]
    page.locator(f'#entity-aliases tr:has(td.surface:text-is("{split_off}")) input').check()
    page.locator("#tool-split summary").click()
    page.click("#split-button")
    confirm(page, accept=True)
    page.wait_for_url(lambda url: entity_id not in url and "#/entity/" in url)
    new_id = page.url.rsplit("/", 1)[1]
    assert split_off in {a["surface"] for a in api.get(f"/v1/entities/{new_id}").json()["aliases"]}
    assert split_off not in {a["surface"] for a in api.get(f"/v1/entities/{entity_id}").json()["aliases"]}

    page.goto(f"{service}/ui/#/audit")
    page.locator("#audit-list li button").first.click()     # undo the split, the newest
    confirm(page, accept=True)
    page.locator("#status.done").wait_for()
    assert split_off in {a["surface"] for a in api.get(f"/v1/entities/{entity_id}").json()["aliases"]}


def test_review_queue_accept_and_reject(page, service, api):
    # Lone family names that two people share wait for review (newest first).
    post(api, "Reporters in Beirut said Assad had not been seen since Friday.")
    post(api, "Officials said Khalouf arrived in Amman on Tuesday.")
    items = api.get("/v1/review").json()["items"]
    assert items, "a lone family name shared by two people should wait for review"

    page.goto(f"{service}/ui/#/review")
    rows = page.locator("#review-list li[data-review-id]")
    rows.first.wait_for()
    assert rows.count() == len(items)
    screenshot(page, "editor-review")

    first = items[0]
    row = page.locator(f'#review-list li[data-review-id="{first["id"]}"]')
    # One row per pair, with how many articles raised it and links to the latest.
    assert f"Raised by {first['article_count']} article" in row.text_content()
    links = row.locator('a[href^="#/article/"]')
    assert links.count() == len(first["examples"]) >= 1
    row.locator("button.reject").click()
    confirm(page, accept=True)
    row.wait_for(state="detached")
    rejected = api.get("/v1/review", params={"status": "rejected"}).json()["items"]
    assert first["id"] in {i["id"] for i in rejected}
    if len(items) > 1:
        second = items[1]
        page.locator(f'#review-list li[data-review-id="{second["id"]}"] button.accept').click()
        confirm(page, accept=True)
        page.locator(f'#review-list li[data-review-id="{second["id"]}"]').wait_for(state="detached")
        survivor = api.get(f"/v1/entities/{second['entity']['id']}").json()
        assert survivor["id"] == second["candidate"]["id"]


def test_the_api_key_is_asked_for_and_kept(keyless_page, service):
    page = keyless_page
    page.goto(f"{service}/ui/#/search?q=Assad")
    status = page.locator("#status.error")
    status.wait_for()
    assert "API key" in status.text_content()
    page.click("#settings-toggle")
    page.fill("#api-key", ADMIN_KEY)
    page.fill("#actor", "night desk")
    page.click("#settings button[type=submit]")
    page.locator("#search-results li a").first.wait_for()
    page.reload()
    page.locator("#search-results li a").first.wait_for()
    assert page.evaluate("localStorage.getItem('namesake.apiKey')") == ADMIN_KEY


def test_readable_on_a_phone(browser, service, api):
    page = new_page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                    is_mobile=True, has_touch=True)
    father = api.get("/v1/entities", params={"q": "Khalluf"}).json()["items"][0]["id"]
    views = [(f"#/entity/{father}", "#entity-mentions li[data-mention-id]", "editor-entity-phone"),
             ("#/review", "#review-list li", None),
             ("#/people?sort=updated", "#people-list li", "editor-people-phone"),
             ("#/audit", "#audit-list:not([aria-busy]) li", None)]
    try:
        for hash_, shown, name in views:
            page.goto(f"{service}/ui/{hash_}")
            page.locator(shown).first.wait_for()
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{hash_} scrolls sideways on a phone: {widths}"
            if name:
                screenshot(page, name)
        assert not page.errors
    finally:
        page.context.close()


def test_static_files_need_no_key(api, service):
    import httpx

    assert httpx.get(f"{service}/v1/entities").status_code == 401     # the API does
    for path in ("/ui/", "/ui/app.js", "/ui/ui.css", "/static/namesake-embed.js"):
        assert httpx.get(f"{service}{path}").status_code == 200, path
    assert "<main" in httpx.get(f"{service}/ui/").text
