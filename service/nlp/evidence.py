"""What the whole page shows about a candidate that its own words do not:
it names a place (a country of the gazetteer; a span the model labels a
place here), or a group ("al-Shabab": a lone Arabic article + word that is no
one's family name on the page). People named in full on the page keep their
names: "Jordan" is a country unless the page names Michael Jordan; and a
surname written in another romanization is theirs ("Qadhafi" after "Muammar
Qadafi")."""
from dataclasses import dataclass

from service.names import InvalidName, blocking_keys, compare_names
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



# How the name engine tells two spellings of one name from two similar
# names: romanization rules (Qadafi, Qadhafi, Gaddafi) and a short vowel
# written or not (Zawahiri, Zawahri); plain similarity is not enough (Hamad,
# Hamas; Malik, Mali).
_SPELLING_RULES = frozenset({"romanization", "vowel"})


def spelling_of(word: Word, surnames: set[str]) -> bool:
    """`word` is another spelling of one of `surnames` (accepted on the page)."""
    if not word.text[:1].isupper() or len(word.key) < 4:
        return False
    return any(_same_name(word.text, surname) for surname in surnames)


def _same_name(written: str, surname: str) -> bool:
    try:
        if not blocking_keys(written) & blocking_keys(surname):  # names that can match share one
            return False
        found = compare_names(surname, written)
    except InvalidName:
        return False
    return found.match and all(a.rule in _SPELLING_RULES for a in found.alignments)
