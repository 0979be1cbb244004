"""Distinctive words near a group's mentions: soft context for the resolver."""
import re
from functools import lru_cache
from pathlib import Path

from service.names import InvalidName, normalize_name
from service.nlp import PersonGroup

_STOPWORDS = Path(__file__).parent / "data" / "stopwords.txt"
_WORD = re.compile(r"[^\W\d_]{4,}")
# Enough to carry the gist of a few sentences; a long list would mostly add noise.
MAX_WORDS = 24


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words = set()
    for line in _STOPWORDS.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def context_words(group: PersonGroup) -> set[str]:
    """Lower-case words of four letters or more around the group's mentions,
    less common news words and the person's own name parts."""
    own = set()
    for spelling in group.spellings or [m.text for m in group.mentions]:
        own.update(_WORD.findall(spelling.lower()))
        try:
            own.update(normalize_name(spelling).replace("-", " ").split())
        except InvalidName:
            pass
    found = []
    for window in group.context:
        # The window's first and last words may be cut in half.
        inner = " ".join(window.split()[1:-1])
        for word in _WORD.findall(inner.lower()):
            if word not in stopwords() and word not in own and word not in found:
                found.append(word)
    return set(found[:MAX_WORDS])
