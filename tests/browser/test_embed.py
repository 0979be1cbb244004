"""The CMS embed (/static/namesake-embed.js) in a real browser, loaded by a page
on another origin as a CMS would: highlights exactly on the API's offsets
(astral characters included), cards, host styles, and markup kept as text."""
import pytest

from tests.browser.conftest import ADMIN_KEY, code_points, expected, highlighted, screenshot

pytestmark = pytest.mark.e2e

# Two characters outside the Basic Multilingual Plane before the first name and
# one between the names: each is one code point but two UTF-16 units.
ASTRAL = "🎉🎉 German Chancellor Angela Merkel met 𝒳 French President Emmanuel Macron in Paris on Monday."

# A newsroom theme at its worst: every rule a careless stylesheet could aim at
# the highlights or the card.
AGGRESSIVE_CSS = """
* { color: red; font-size: 40px; line-height: 1; font-family: serif; }
span, mark, div, ul, li, a { display: none !important; background: black !important; }
[class], [role] { visibility: hidden; }
"""

CMS_ARTICLE = """
<p>🎉 German Chancellor <b>Angela</b> Merkel met French President Emmanuel Macron on Monday.</p>
<p>Officials said Syrian President Bashar al-Assad did not attend; Maj. Gen. Mohammed Khalluf
was seen in Amman.</p>
"""


def host_page(service: str, body: str, css: str = "", key: str = ADMIN_KEY) -> str:
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>CMS</title><style>{css}</style></head>
<body>{body}
<script src="{service}/static/namesake-embed.js" data-api-key="{key}"></script>
</body></html>"""


@pytest.fixture
def blank(page, cms, service):
    """A page on the CMS's origin with the embed loaded and an empty <div id="out">."""
    cms.pages["/blank.html"] = host_page(service, '<div id="out"></div>')
    page.goto(f"{cms.origin}/blank.html")
    page.wait_for_function("window.Namesake !== undefined")
    return page


def highlight_text(page, text: str) -> dict:
    """Namesake.highlight(text, {into: #out}); the article the API answered."""
    return page.evaluate(
        """async (text) => {
             const result = await Namesake.highlight(text, {into: document.getElementById('out')});
             return result.article;
           }""", text)


def test_highlights_sit_on_the_offsets_across_astral_characters(blank, api):
    stored = api.post("/v1/articles", json={"text": ASTRAL}).json()
    mentions = expected(stored["mentions"])
    names = [m[2] for m in mentions]
    assert names == ["Angela Merkel", "Emmanuel Macron"], names
    # Code points and UTF-16 units disagree here, so an unconverted offset would miss.
    assert all(ASTRAL[s:e] == t for s, e, t, _ in mentions)
    assert len(ASTRAL[:mentions[0][0]].encode("utf-16-le")) // 2 == mentions[0][0] + 2

    highlight_text(blank, ASTRAL)
    text, spans = highlighted(blank, "#out")
    assert text == ASTRAL
    assert spans == mentions
    for start, end, name, _ in spans:
        assert text[start:end] == name


def test_highlights_match_every_seed_article(blank, api, seeds):
    for path in sorted((seeds / "docs").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        highlight_text(blank, text)
        shown, spans = highlighted(blank, "#out")
        assert shown == text
        stored = api.post("/v1/articles", json={"text": text}).json()
        assert spans == expected(stored["mentions"]), path.name
        assert spans, path.name


def test_markup_in_the_text_stays_text(blank, api):
    text = ('Chancellor Angela Merkel<img src=x onerror="window.__pwned=1"> met '
            '<script>window.__pwned=2</script>President Emmanuel Macron '
            '<b onmouseover="window.__pwned=3">in Berlin</b> on Monday, said '
            '<svg onload="window.__pwned=4">Bashar al-Assad</svg>.')
    article = highlight_text(blank, text)
    assert article["mentions"], "the names near the markup were not found"
    out = blank.locator("#out")
    assert out.evaluate("el => el.textContent") == text
    # Only text nodes and the highlights: no element made from the article's markup.
    tags = out.evaluate("el => [...el.querySelectorAll('*')].map(e => e.tagName)")
    assert set(tags) == {"MARK"}, tags
    assert blank.locator("img, svg, #out script").count() == 0
    out.locator("mark").first.hover()
    blank.wait_for_timeout(300)
    assert blank.evaluate("window.__pwned") is None


def test_cms_page_with_its_own_styles(page, cms, service, api):
    cms.pages["/article.html"] = host_page(
        service, f'<h1>Monday</h1><article data-namesake data-namesake-id="cms-embed-1">{CMS_ARTICLE}</article>',
        css=AGGRESSIVE_CSS)
    page.goto(f"{cms.origin}/article.html")
    page.locator("article mark.namesake-mention").first.wait_for()
    page.wait_for_function("!document.querySelector('article[aria-busy]')")

    # The highlights sit on the API's offsets into the element's text, even where
    # a name crosses the page's own markup (<b>Angela</b> Merkel).
    text, spans = highlighted(page, "article")
    stored = api.post("/v1/articles", json={"text": text, "external_id": "cms-embed-1"})
    assert stored.status_code == 200, stored.text   # the embed posted it already
    assert spans == expected(stored.json()["mentions"])
    assert "Angela Merkel" in [s[2] for s in spans]
    assert page.locator("article b").count() == 1     # the page's markup is kept

    # Visible despite `mark {display: none}`; the page's own text keeps its styles.
    marks = page.locator("mark.namesake-mention")
    for i in range(marks.count()):
        assert marks.nth(i).is_visible()
    assert page.locator("article p").first.evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"

    mark = page.locator("mark.namesake-mention", has_text="Mohammed Khalluf")
    mention = next(m for m in stored.json()["mentions"] if m["text"] == "Mohammed Khalluf")
    person = api.get(f"/v1/entities/{mention['entity_id']}").json()
    mark.hover()
    name = page.locator("namesake-card .name")
    name.wait_for()
    assert name.text_content() == person["canonical_name"]
    assert name.is_visible()
    style = name.evaluate("e => [getComputedStyle(e).fontSize, getComputedStyle(e).color]")
    assert style == ["16px", "rgb(29, 35, 42)"], style
    link = page.locator("namesake-card a")
    assert link.get_attribute("href") == f"{service}/ui/#/entity/{person['id']}"
    screenshot(page, "embed-cms-page-card")


def test_card_on_click_and_keyboard(blank, api):
    article = highlight_text(blank, "Syrian President Bashar al-Assad spoke in Damascus on Sunday.")
    [mention] = article["mentions"]
    person = api.get(f"/v1/entities/{mention['entity_id']}").json()
    card = blank.locator("namesake-card .name")
    blank.locator("mark.namesake-mention").click()
    assert card.text_content() == person["canonical_name"]
    aliases = blank.locator("namesake-card .aliases li").all_text_contents()
    assert aliases[0] == f"{person['aliases'][0]['surface']} ×{person['aliases'][0]['count']}"
    assert f"{person['article_count']} article" in blank.locator("namesake-card .counts").text_content()
    blank.mouse.move(5, 400)                 # a pinned card stays open when the pointer leaves
    blank.wait_for_timeout(400)
    assert card.is_visible()
    blank.keyboard.press("Escape")
    assert card.is_hidden()
    blank.keyboard.press("Enter")            # the highlight kept the focus; Enter reopens
    card.wait_for()
    assert card.text_content() == person["canonical_name"]
    blank.evaluate("document.activeElement.blur()")
    blank.keyboard.press("Escape")
    blank.locator("mark.namesake-mention").focus()   # so does tabbing to it
    card.wait_for()


def test_a_wrong_key_is_reported_not_thrown_away(page, cms, service):
    cms.pages["/bad-key.html"] = host_page(service, '<div id="out"></div>', key="not-a-key-0000000000")
    page.goto(f"{cms.origin}/bad-key.html")
    page.wait_for_function("window.Namesake !== undefined")
    error = page.evaluate("""() => Namesake.highlight('Angela Merkel spoke.', {into: document.getElementById('out')})
                               .then(() => null, e => ({status: e.status, message: e.message}))""")
    assert error and error["status"] == 401, error
    assert page.locator("#out").text_content() == "Angela Merkel spoke."


def test_offsets_conversion_directly(blank):
    # One more check of the conversion alone, on text the API never sees.
    text = "a😀b𝒳c"
    indexes = blank.evaluate("t => [...Namesake.utf16Indexes(t, [0, 1, 2, 3, 4, 5])]", text)
    assert dict(indexes) == {cp: len(text[:cp].encode("utf-16-le")) // 2 for cp in range(6)}
    assert all(code_points(text, u) == cp for cp, u in indexes)
