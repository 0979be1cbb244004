"""From text to the people of an article: extraction, then grouping.

`known` is the forms of the names the store knows (see known.py): where the
model misses one of them, extraction still finds it."""
from collections.abc import Collection

from spacy.language import Language

from service.errors import TooManyNames
from service.names import InvalidName, normalize_name
from service.nlp.extract import PersonMention, extract_people
from service.nlp.group import PersonGroup, group_mentions
from service.nlp.ner import Entity, find_entities_many

# The most distinct names (distinct normalized spellings) one text may hold.
# A news article names a few dozen people, a long one a few hundred; a text
# naming more is a list or a dump, not an article. And each name is resolved
# under the database's write lock: thousands of them would hold every other
# writer up for as long.
MAX_NAMES = 1_000


def read_people(nlp: Language, text: str, known: Collection[str] = ()) -> list[PersonGroup]:
    """One group per person named in the text. Raises TooManyNames past
    MAX_NAMES, before any grouping (and before any lock: callers read people
    first)."""
    return _grouped(extract_people(nlp, text, known=known), text)


def read_people_many(nlp: Language, texts: list[str], known: Collection[str] = ()) -> list[list[PersonGroup]]:
    """read_people for each text, the model run over all of them at once.
    Raises TooManyNames for the first text past the limit."""
    out: list[list[PersonGroup]] = []
    for people in read_people_each(nlp, texts, known):
        if isinstance(people, TooManyNames):
            raise people
        out.append(people)
    return out


def read_people_each(nlp: Language, texts: list[str],
                     known: Collection[str] = ()) -> list[list[PersonGroup] | TooManyNames]:
    """read_people_many, but a text past the limit gives its TooManyNames in
    place of its people: in a batch, it costs that article only."""
    return [people_of(nlp, text, entities, known)
            for text, entities in zip(texts, find_entities_many(nlp, texts), strict=True)]


def people_of(nlp: Language, text: str, entities: list[Entity],
              known: Collection[str] = ()) -> list[PersonGroup] | TooManyNames:
    """The people of a text from the model's entities, found beforehand: the
    part of reading that depends on the store (its known names)."""
    try:
        return _grouped(extract_people(nlp, text, entities, known), text)
    except TooManyNames as err:
        return err


def _grouped(mentions: list[PersonMention], text: str) -> list[PersonGroup]:
    count = len(_distinct_names(mentions))
    if count > MAX_NAMES:
        raise TooManyNames(count, MAX_NAMES)
    return group_mentions(mentions, text)


def _distinct_names(mentions: list[PersonMention]) -> set[str]:
    names = set()
    for m in mentions:
        try:
            names.add(normalize_name(m.text))
        except InvalidName:
            pass  # not a name: grouping leaves it out too
    return names
