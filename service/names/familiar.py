"""English given names and their familiar forms (Peggy/Margaret, Dick/Richard,
Kit/Christopher, Hal/Harold), from the `nicknames` package: the hand-curated
names.csv of github.com/carltonnorthern/nicknames (Apache-2.0), shipped inside
the package, read at import time, never downloaded.

Its rows say "X has_nickname Y". Some link two formal names, each with
familiar forms of its own (Andrea/Andrew, Amos/Moses, Alice/Lisa, Ian/John):
names of about the same length that are different names, or related only
across languages. Since a familiar form is a shortened or a pet form, such a
link is kept only when one name is clearly the short form of the other (at
least two letters shorter: Alex/Alexander, Tom/Thomas, Bill/William) or its
pet form, with the English diminutive ending -y/-ie/-ey that the other lacks
(Bobby/Robert, Charlie/Charles, Harry/Harold). A nickname
standing for several names (Pat: Patrick, Patricia) links to each; two names
sharing a nickname are not linked to each other (similarity.py compares a
part with a nickname's own names only).
"""
from functools import lru_cache

from nicknames import NickNamer

# A formal name and a familiar form that is itself a formal name: the
# familiar form is at least this many letters shorter, or ends in one of the
# English diminutive endings (Bobby, Charlie, Mickey) and the name does not.
SHORTER_BY = 2
DIMINUTIVE = ("y", "ie", "ey")


def _familiar_pair(x: str, y: str) -> tuple[str, str] | None:
    """(name, familiar form) for two names that each have familiar forms of
    their own, or None when neither is a short or pet form of the other."""
    if abs(len(x) - len(y)) >= SHORTER_BY:
        return (x, y) if len(x) > len(y) else (y, x)
    if x.endswith(DIMINUTIVE) != y.endswith(DIMINUTIVE):
        return (y, x) if x.endswith(DIMINUTIVE) else (x, y)
    return None


@lru_cache(maxsize=1)
def english_nicknames() -> tuple[tuple[str, str], ...]:
    """(name, familiar form) pairs: the package's links, those between two
    formal names only as _familiar_pair keeps them."""
    lookup = NickNamer().nickname_lookup
    pairs = set()
    for name, nicks in lookup.items():
        for nick in nicks:
            if nick not in lookup:
                pairs.add((name, nick))
            elif pair := _familiar_pair(name, nick):
                pairs.add(pair)
    return tuple(sorted(pairs))
