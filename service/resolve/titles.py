"""Titles and ranks as evidence: do two sets of titles agree or conflict?"""
import re
from functools import lru_cache
from pathlib import Path

_TABLE = Path(__file__).parent / "data" / "titles.tsv"

# "General" alone shortens any general's rank (Maj. Gen. X is "General X"
# on second mention), so it agrees with each of these.
GENERAL_RANKS = {"general", "brigadier general", "major general", "lieutenant general"}


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str]]:
    table = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, canonical, kind = line.split("\t")
            table[written] = (canonical, kind)
    return table


@lru_cache(maxsize=4096)
def canonical_title(written: str) -> tuple[str, str] | None:
    """("major general", "rank") for "Maj. Gen."; None for a title not in the table."""
    key = re.sub(r"\s+", " ", written.lower().replace(".", " ")).strip()
    table = _table()
    if key in table:
        return table[key]
    # "Syrian Maj. Gen.", "former President": the longest known ending decides.
    words = key.split()
    for i in range(1, len(words)):
        if " ".join(words[i:]) in table:
            return table[" ".join(words[i:])]
    return None


def canonical_titles(written: list[str] | tuple[str, ...]) -> set[str]:
    return {t[0] for t in map(canonical_title, written) if t}


def _ranks(titles: set[str]) -> set[str]:
    return {t for t in titles if _table().get(t, ("", ""))[1] == "rank"}


def ranks_conflict(a: set[str], b: set[str]) -> bool:
    """Both sides carry ranks and no rank of one agrees with a rank of the other."""
    ra, rb = _ranks(a), _ranks(b)
    if not ra or not rb:
        return False
    return not any(_ranks_agree(x, y) for x in ra for y in rb)


def _ranks_agree(x: str, y: str) -> bool:
    if x == y:
        return True
    return "general" in (x, y) and {x, y} <= GENERAL_RANKS
