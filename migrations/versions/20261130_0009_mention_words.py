"""mention words: each mention keeps its person's context words

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 23:55:00

entity_word counted, for each entity, the articles in which a word stood near
the person; taking an article back used to run today's extraction code on its
old text to find what to subtract. Each mention now stores the context words
of its person in its article, so retracting, moving and checking work from
what was stored. This revision fills the new column for stored mentions from
the articles' text, with a frozen copy of the context-word rule as it stands
(windows of 80 characters around a person's first three mentions, words of
four letters or more, less common news words and the person's own name
parts, at most 24), and recounts entity_word from the filled column, so that
the two agree (`namesake check` compares them).

Self-contained: it imports nothing from the service.
"""
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WORD = re.compile(r"[^\W\d_]{4,}")
_CONTEXT_CHARS, _WINDOWS, _MAX_WORDS = 80, 3, 24
# service/resolve/data/stopwords.txt as of this revision.
_STOPWORDS = frozenset("""
    about above across after again against along also although among another
    around away because been before behind being below beside besides between
    beyond both cannot could does doing down during each either else even ever
    every from further have having hence here herself himself however into itself
    just least less many more most much must near neither never none nonetheless
    once only other others otherwise over own past perhaps quite rather same
    several shall should since some such than that their theirs them themselves
    then there therefore these they this those though through throughout thus
    together toward towards under unless until upon very were what whatever when
    whenever where whereas whether which while whom whose will with within
    without would your yours yourself yet
    said says saying told tells according reported reports reporting added adding
    asked stated statement statements spoke speaking speak announced comment
    comments commented declined noted confirmed interview interviews news
    report newspaper article story stories press agency agencies media
    official officials spokesman spokeswoman spokesperson source sources
    people year years month months week weeks today yesterday tomorrow time
    times last first second third later early earlier recently former current
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    president minister leader chief head general officer
""".split())


def upgrade() -> None:
    op.add_column('mention', sa.Column('words', sa.Text(), nullable=True))
    bind = op.get_bind()
    counts: Counter = Counter()
    for article_id, text in bind.execute(sa.text("SELECT id, text FROM article ORDER BY id")).all():
        people = defaultdict(list)
        for entity_id, start, end, surface in bind.execute(sa.text(
                'SELECT entity_id, start, "end", text FROM mention WHERE article_id = :a ORDER BY start'),
                {"a": article_id}):
            people[entity_id].append((start, end, surface))
        for entity_id, mentions in people.items():
            words = _context_words(text, mentions)
            counts.update((entity_id, w) for w in words)
            bind.execute(sa.text("UPDATE mention SET words = :w WHERE article_id = :a AND entity_id = :e"),
                         {"w": " ".join(words) or None, "a": article_id, "e": entity_id})
    bind.execute(sa.text("DELETE FROM entity_word"))
    if counts:
        bind.execute(sa.text("INSERT INTO entity_word (entity_id, word, count) VALUES (:e, :w, :n)"),
                     [{"e": e, "w": w, "n": n} for (e, w), n in sorted(counts.items())])


def downgrade() -> None:
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_column('words')


def _context_words(text: str, mentions: list[tuple[int, int, str]]) -> list[str]:
    own = set()
    for surface in {m[2] for m in mentions}:
        own.update(_WORD.findall(surface.lower()))
        own.update(_WORD.findall(_plain(surface).lower()))
    found: list[str] = []
    for start, end, _ in mentions[:_WINDOWS]:
        window = text[max(0, start - _CONTEXT_CHARS):end + _CONTEXT_CHARS].split()
        # The window's first and last words may be cut in half.
        for word in _WORD.findall(" ".join(window[1:-1]).lower()):
            if word not in _STOPWORDS and word not in own and word not in found:
                found.append(word)
    return sorted(found[:_MAX_WORDS])


def _plain(surface: str) -> str:
    """Without accents: "José" is also "jose" among the person's own words."""
    return "".join(c for c in unicodedata.normalize("NFKD", surface) if not unicodedata.combining(c))
