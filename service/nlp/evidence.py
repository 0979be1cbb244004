"""What the whole page shows about a candidate that its own words do not:
it names a place (a country of the gazetteer; a span the model labels a
place here), or a group ("al-Shabab": a lone Arabic article + word that is no
one's family name on the page). People named in full on the page keep their
names: "Jordan" is a country unless the page names Michael Jordan."""
from dataclasses import dataclass

from service.nlp.places import is_place, place_key
from service.nlp.words import Word, hyphen_parts

# The Arabic article, with its assimilated forms, joined to the next word.
_ARTICLES = frozenset("al el as ash ad ar at az an".split())
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Page:
    name_words: frozenset[str]  # the words of the full names accepted on the page
    place_spans: frozenset[str]  # what the model labels a place here...
    person_spans: frozenset[str]  # ...and a person


def span_key(words: list[Word]) -> str:
    """"saudi arabia" for "the Kingdom of Saudi Arabia’s"... without "the"."""
    keys = [place_key(w) for w in words]
    return " ".join(keys[1:] if keys[:1] == ["the"] else keys)


def page_of(full_names: list[list[Word]], labelled: list[tuple[str, list[Word]]]) -> Page:
    """`full_names`: the words of the names of two words or more accepted so
    far; `labelled`: each model entity's label and words."""
    keys = {place_key(w) for name in full_names for w in name}
    return Page(
        frozenset(keys | {half for key in keys for half in hyphen_parts(key)}),
        frozenset(span_key(ws) for label, ws in labelled if label in _PLACE_LABELS and ws),
        frozenset(span_key(ws) for label, ws in labelled if label == "PERSON" and ws),
    )


def not_a_person(text: str, words: list[Word], titled: bool, from_model: bool, page: Page) -> str | None:
    """Why the candidate is no person on this page, or None. A title before
    it stands by it ("Foreign Minister Al Thani")."""
    key = span_key(words)
    if titled or (len(words) == 1 and key in page.name_words):
        return None
    if is_place(text, words):
        return "a country or region"
    if not from_model and key in page.place_spans and key not in page.person_spans:
        return "the model calls it a place on this page"  # a dateline: "WASHINGTON DC:"
    if len(words) == 1 and _lone_article_word(key) and hyphen_parts(key)[-1] not in page.name_words:
        return "a lone al- word that is no one's family name here: a group or a place"
    return None


def _lone_article_word(key: str) -> bool:
    """"al-shabab", "al-qai’da": an Arabic article joined to one word. A
    writer calls a person by it only after naming them in full."""
    parts = hyphen_parts(key)
    return len(parts) == 2 and parts[0] in _ARTICLES

