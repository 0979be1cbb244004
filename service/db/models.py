"""The tables. Every change here needs an Alembic revision in migrations/."""
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, Table, Text, UniqueConstraint, inspect, text
from sqlmodel import Field, SQLModel

# Named constraints: SQLite's batch migrations can only alter what has a name,
# and both backends then agree on every name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def core_table(model: type[SQLModel]) -> Table:
    """A table model's core Table, for statements that skip the ORM.
    (SQLModel's classes have one as `__table__`, undeclared to type checkers.)"""
    mapped = inspect(model, raiseerr=True).local_table
    if not isinstance(mapped, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return mapped


def new_id() -> str:
    # Random IDs: safe to create on several replicas at once, and they reveal
    # nothing about how many people or articles the store holds.
    return uuid.uuid4().hex


def timestamp(**kwargs) -> Any:  # what Field() answers: it stands as the default of any field
    """A timezone-aware timestamp column (SQLite stores it as text)."""
    return Field(sa_column=Column(DateTime(timezone=True), **kwargs))


class Article(SQLModel, table=True):
    # The paged list of articles, newest first, and its `updated_since` filter.
    __table_args__ = (Index("ix_article_updated_at_id", "updated_at", "id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    # Unique when given; NULLs never collide, in SQLite and PostgreSQL alike.
    external_id: str | None = Field(default=None, unique=True, max_length=512)
    content_hash: str = Field(index=True, max_length=64)
    title: str | None = Field(default=None, sa_column=Column(Text))
    source: str | None = Field(default=None, max_length=512)
    url: str | None = Field(default=None, sa_column=Column(Text))
    published_at: datetime | None = timestamp(nullable=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = timestamp(nullable=False, default=utcnow)
    updated_at: datetime = timestamp(nullable=False, default=utcnow, onupdate=utcnow)


class Entity(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    canonical_name: str = Field(max_length=512)
    mention_count: int = Field(default=0)
    article_count: int = Field(default=0)
    # Set when this entity was found to be another one: the ID stays resolvable.
    merged_into: str | None = Field(default=None, foreign_key="entity.id", index=True,
                                    max_length=32)
    # An editor chose the canonical name: the machine no longer changes it.
    name_locked: bool = Field(default=False)
    # Who the person is, in a few words, from an authority file or an editor.
    description: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = timestamp(nullable=False, default=utcnow)
    updated_at: datetime = timestamp(nullable=False, default=utcnow, onupdate=utcnow)


class Alias(SQLModel, table=True):
    """One surface form of an entity's name, as articles wrote it."""

    __table_args__ = (UniqueConstraint("entity_id", "surface"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)
    surface: str = Field(max_length=512)
    normalized: str = Field(index=True, max_length=512)
    count: int = Field(default=0)
    first_seen: datetime = timestamp(nullable=False, default=utcnow)
    last_seen: datetime = timestamp(nullable=False, default=utcnow)


class NameKey(SQLModel, table=True):
    """A blocking key of one of an entity's aliases: candidate retrieval is an
    indexed lookup on `key`, never a scan of all entities."""

    __tablename__ = "name_key"
    __table_args__ = (UniqueConstraint("key", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=128)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)


class Mention(SQLModel, table=True):
    """A span of an article naming an entity; offsets in code points, end exclusive."""

    # An entity's most recent mentions, read in index order (the resolver's
    # company lookup), however many mentions the entity has.
    __table_args__ = (Index("ix_mention_entity_id_id", "entity_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: str = Field(foreign_key="article.id", index=True, max_length=32)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)
    start: int
    end: int
    text: str = Field(max_length=512)
    score: float = Field(default=1.0)
    # Titles and ranks written before the name ("Maj. Gen."), joined by "; ".
    titles: str | None = Field(default=None, max_length=512)
    # The context words of the person in this article (service/resolve/words.py),
    # joined by spaces: what the mention added to entity_word, kept so that
    # taking it back or moving it needs no extraction run again.
    words: str | None = Field(default=None, sa_column=Column(Text))
    # The ordinal of the decision that placed it: (article_id, decision) is
    # its row in `decision`. None for mentions stored before decisions were.
    decision: int | None = Field(default=None)


class StoredDecision(SQLModel, table=True):
    """Why one person group of an article went where it did, as the resolver
    saw it then (service/resolve/why.py): one row per group, numbered within
    the article, written and deleted with the article's mentions."""

    __tablename__ = "decision"

    article_id: str = Field(foreign_key="article.id", primary_key=True, max_length=32)
    ordinal: int = Field(primary_key=True)
    # The entity the group went to then; curation may have moved its mentions since.
    entity_id: str = Field(max_length=32)
    # linked, created, queued_for_review or merged.
    outcome: str = Field(max_length=32)
    details: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    created_at: datetime = timestamp(nullable=False, default=utcnow)


class EntityTitle(SQLModel, table=True):
    """How often a title or rank ("captain", "president") preceded an entity's
    mentions: context that tells apart people who share a name."""

    __tablename__ = "entity_title"
    __table_args__ = (UniqueConstraint("entity_id", "title"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)
    title: str = Field(max_length=128)
    count: int = Field(default=0)


class EntityWord(SQLModel, table=True):
    """How many articles used a distinctive word near an entity's mentions
    ("defected", "logistics"): context that tells apart people who share a name."""

    __tablename__ = "entity_word"
    __table_args__ = (UniqueConstraint("entity_id", "word"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)
    word: str = Field(max_length=64)
    count: int = Field(default=0)


class PossibleMatch(SQLModel, table=True):
    """Two entities that might be one person, for editors to review: one item
    per pair (smaller ID first), however many articles raised it. Settled
    items (accepted: merged; rejected: marked distinct) stay as history; a
    pair has at most one open item."""

    __tablename__ = "possible_match"
    # Writers raise a pair with INSERT ... ON CONFLICT on this index: two
    # articles raising the same pair at once update one item.
    __table_args__ = (Index("ix_possible_match_open_pair", "entity_a", "entity_b", unique=True,
                            sqlite_where=text("status = 'open'"),
                            postgresql_where=text("status = 'open'")),)

    id: int | None = Field(default=None, primary_key=True)
    entity_a: str = Field(foreign_key="entity.id", index=True, max_length=32)
    entity_b: str = Field(foreign_key="entity.id", index=True, max_length=32)
    # The one of the two that the first article's group went to: accepting
    # merges it into the other (the candidate).
    entity_id: str = Field(foreign_key="entity.id", max_length=32)
    article_count: int = Field(default=0)
    # The best score any article gave the pair.
    score: float
    # JSON: the newest few {"article_id", "name", "score"}, oldest first.
    examples: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", index=True, max_length=16)
    created_at: datetime = timestamp(nullable=False, default=utcnow)  # first raised
    updated_at: datetime = timestamp(nullable=False, default=utcnow)  # last raised


class DistinctPair(SQLModel, table=True):
    """Two entities an editor marked as different people: never merged.
    Stored once, with the smaller ID first."""

    __tablename__ = "distinct_pair"
    __table_args__ = (UniqueConstraint("entity_a", "entity_b"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_a: str = Field(foreign_key="entity.id", index=True, max_length=32)
    entity_b: str = Field(foreign_key="entity.id", index=True, max_length=32)
    created_at: datetime = timestamp(nullable=False, default=utcnow)


class AuditEntry(SQLModel, table=True):
    """One curation (merge, split, rename, distinct, undo): who, when, what,
    and what it takes to undo it."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp(nullable=False, default=utcnow)
    actor: str = Field(max_length=128)
    action: str = Field(max_length=32, index=True)
    entity_id: str = Field(max_length=32, index=True)
    details: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    undone_by: int | None = Field(default=None)



class ExternalId(SQLModel, table=True):
    """An identifier of an entity in another system, under a named scheme
    (`wikidata`: Q42, the newsroom's own people database). A (scheme, value)
    names one entity, and an entity holds one value per scheme."""

    __tablename__ = "external_id"
    __table_args__ = (UniqueConstraint("scheme", "value"), UniqueConstraint("entity_id", "scheme"))

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)
    scheme: str = Field(max_length=64)
    value: str = Field(max_length=256)
    created_at: datetime = timestamp(nullable=False, default=utcnow)


class AuthorityName(SQLModel, table=True):
    """A name an authority file gave an entity (`namesake import-people`),
    beside the names articles wrote: the ledger counts it among the entity's
    aliases and name keys, so that the person is found from the first article
    that names them."""

    __tablename__ = "authority_name"
    __table_args__ = (UniqueConstraint("entity_id", "surface"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)
    surface: str = Field(max_length=512)
    created_at: datetime = timestamp(nullable=False, default=utcnow)


class AuthorityTitle(SQLModel, table=True):
    """A title an authority file gave an entity ("chancellor"), in its
    canonical form (service/names/titles.py): the ledger counts it among the
    entity's titles, as it counts authority names among its aliases."""

    __tablename__ = "authority_title"
    __table_args__ = (UniqueConstraint("entity_id", "title"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=32)
    title: str = Field(max_length=128)
    created_at: datetime = timestamp(nullable=False, default=utcnow)


class Change(SQLModel, table=True):
    """One change a client may cache (an entity created, merged, split,
    renamed, marked distinct; an external ID set or removed; an article
    deleted), numbered in commit order: the change feed and its cursor
    (service/changes.py)."""

    __tablename__ = "change_log"
    # SQLite: an INTEGER PRIMARY KEY with AUTOINCREMENT never hands out a
    # number twice, even after the newest rows are deleted.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"),
                                                            primary_key=True, autoincrement=True))
    at: datetime = timestamp(nullable=False, default=utcnow)
    kind: str = Field(max_length=32)
    # JSON list: the entities the change involves, the surviving one first.
    entity_ids: str = Field(sa_column=Column(Text, nullable=False))
    article_id: str | None = Field(default=None, max_length=32)
    actor: str = Field(max_length=128)
    details: str = Field(sa_column=Column(Text, nullable=False))  # JSON


class WebhookCursor(SQLModel, table=True):
    """How far each configured webhook URL has been sent the change feed, and
    which process holds the right to send it (a lease, so that one replica
    sends each change once)."""

    __tablename__ = "webhook_cursor"

    url: str = Field(primary_key=True, max_length=1024)
    after: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    lease_owner: str | None = Field(default=None, max_length=128)
    leased_until: datetime | None = timestamp(nullable=True)


class WebhookDelivery(SQLModel, table=True):
    """One attempt to send a batch of changes to a webhook URL: the delivery log."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_url_id", "url", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=1024)
    first_change: int = Field(sa_column=Column(BigInteger, nullable=False))
    last_change: int = Field(sa_column=Column(BigInteger, nullable=False))
    attempt: int = Field(default=1)
    status_code: int | None = Field(default=None)
    error: str | None = Field(default=None, max_length=512)
    delivered: bool = Field(default=False)
    at: datetime = timestamp(nullable=False, default=utcnow)


class BackfillBatch(SQLModel, table=True):
    """A batch of a shared backfill (`namesake ingest --shard I/N`) that is
    stored: the machines sharing it store their batches in the input's order,
    each waiting for the row of the batch before its own. Batch -1 marks the
    run's start. `alias_upto` is the highest alias id once the batch was
    stored (at the start, for batch -1): the known names a later batch is
    read with."""

    __tablename__ = "backfill_batch"

    run: str = Field(primary_key=True, max_length=64)
    batch: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    alias_upto: int = Field(sa_column=Column(BigInteger, nullable=False))
    stored_at: datetime = timestamp(nullable=False, default=utcnow)
