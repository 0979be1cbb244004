"""What stored mentions imply for their entities, from the mention rows alone,
and what an authority file gave them: the one definition that recording,
retracting, rebuilding and checking share.

Each mention keeps what it was written with (its spelling, the titles before
it, the context words of its person in that article), so the tally never
runs extraction again: it gives the same answer whatever that code does later.

An authority's name (authority_name) counts as a spelling seen 0 times, at
the moment it was stored: it gives the entity an alias and its name keys
before any article names the person, and the alias's first and last seen
take that moment in as they take in each mention's. An authority's title
(authority_title) counts as a title of 0 articles. Both count on the live
entity of the one they were given to: a merge takes them to the survivor
without moving a row, and its undo takes them back."""
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from service.names import blocking_keys
from service.names.titles import canonical_titles
from service.resolve.score import name_size

# How a mention's titles and context words are stored in one column each.
TITLE_SEPARATOR = "; "
WORD_SEPARATOR = " "


@dataclass(frozen=True)
class Row:
    """One stored mention, as the ledger reads it."""

    entity_id: str
    article_id: str
    text: str
    titles: str | None
    words: str | None
    seen: datetime  # when the article's current text came in


@dataclass(frozen=True)
class Named:
    """A name an authority gave a live entity (or one merged into it)."""

    entity_id: str
    surface: str
    at: datetime  # when it was stored


@dataclass(frozen=True)
class Titled:
    """A title an authority gave a live entity (or one merged into it), canonical."""

    entity_id: str
    title: str


@dataclass
class Seen:
    """One spelling of an entity: how often, and the first and last time."""

    count: int
    first: datetime
    last: datetime


@dataclass
class Tally:
    """Everything an entity's mentions imply."""

    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    aliases: dict[str, Seen] = field(default_factory=dict)
    titles: Counter = field(default_factory=Counter)  # title -> articles it preceded the person in
    words: Counter = field(default_factory=Counter)   # word -> articles it was near the person in

    def keys(self) -> set[str]:
        """The blocking keys of every spelling: how the resolver finds the entity."""
        return set().union(*(blocking_keys(s) for s in self.aliases)) if self.aliases else set()


def tally(rows: list[Row], names: Iterable[Named] = (), titles: Iterable[Titled] = ()) -> dict[str, Tally]:
    """Each entity's tally from its mention rows (any subset: one article's
    rows give what that article adds) and the authority's names and titles."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    per_article: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        t = tallies[row.entity_id]
        t.mentions += 1
        t.articles.add(row.article_id)
        _sighted(t, row.text, 1, utc(row.seen))
        per_article[row.entity_id, row.article_id].append(row)
    # Titles and words count articles: once per article, however many mentions.
    for (entity_id, _), own in per_article.items():
        tallies[entity_id].titles.update(canonical_titles(
            [t for r in own for t in split(r.titles, TITLE_SEPARATOR)]))
        tallies[entity_id].words.update({w for r in own for w in split(r.words, WORD_SEPARATOR)})
    for name in names:
        _sighted(tallies[name.entity_id], name.surface, 0, utc(name.at))
    for title in titles:
        tallies[title.entity_id].titles[title.title] += 0  # present, counting no article
    return dict(tallies)


def _sighted(t: Tally, surface: str, count: int, seen: datetime) -> None:
    alias = t.aliases.get(surface)
    if alias is None:
        t.aliases[surface] = Seen(count, seen, seen)
    else:
        alias.count, alias.first, alias.last = alias.count + count, min(alias.first, seen), max(alias.last, seen)


def best_name(forms: dict[str, int], current: str | None = None) -> str | None:
    """The canonical name among an entity's spellings (with their counts).
    The best form is the most complete well-attested full name: a full name
    before a one-word form, then among the forms seen at least twice (or all,
    when none is) the one with the most name parts, then the most seen
    (Mohammed Nour Izz al-din Khalouf rather than Khalouf). The current name
    stays unless the best is clearly better, so that the name does not flip
    between equals as posts come in (Yusuf Kabbani, Youssef Qabbani)."""
    if not forms:
        return current
    best = max(forms, key=lambda s: (_completeness(s, forms), forms[s], s))
    if current not in forms or _clearly_better(best, current, forms):
        return best
    return current


# "Used much more often": at least this many times as often, and by at least
# MORE_OFTEN_BY sightings (one article more is chance, not usage).
MORE_OFTEN_TIMES, MORE_OFTEN_BY = 2, 2


def _completeness(surface: str, forms: dict[str, int]) -> tuple:
    return name_size(surface) > 1, min(forms[surface], 2), name_size(surface)


def _clearly_better(best: str, current: str, forms: dict[str, int]) -> bool:
    """More complete (a full name for a one-word form, more parts, equally
    well attested), or used much more often."""
    if _completeness(best, forms) > _completeness(current, forms):
        return True
    return (forms[best] >= MORE_OFTEN_TIMES * forms[current]
            and forms[best] - forms[current] >= MORE_OFTEN_BY)


def split(joined: str | None, separator: str) -> list[str]:
    return [part for part in (joined or "").split(separator) if part]


def utc(moment: datetime) -> datetime:
    """An aware UTC datetime: SQLite gives back naive ones (stored in UTC),
    PostgreSQL aware ones."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
