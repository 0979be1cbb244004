"""Request and response models: the public contract of the API."""
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from service.names import MATCH_THRESHOLD, compare_names


def _storable(value: str) -> str:
    """Text both databases can store: PostgreSQL refuses NUL characters, and
    lone surrogates (half of a UTF-16 pair) are not valid Unicode text."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (it holds a lone surrogate)") from None
    return value


def _as_utc(value: datetime) -> datetime:
    # SQLite hands back timestamps without a zone; they were written in UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _iso_8601(value: Any) -> Any:
    """The contract says ISO 8601; pydantic alone would also take a number
    (or a string of digits) as seconds since 1970, silently."""
    if isinstance(value, str) and not re.fullmatch(r"\s*[+-]?[\d.]+\s*", value):
        return value
    if isinstance(value, datetime):
        return value
    raise ValueError("must be an ISO 8601 date and time, e.g. 2024-05-01T12:00:00Z")


def _in_utc(value: datetime) -> datetime:
    """Every datetime taken in is kept in UTC: SQLite stores no offset (it
    would be dropped), and an instant that falls outside years 1-9999 in UTC
    could be written to PostgreSQL but never read back into Python."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # no offset given: taken as UTC
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must fall within the years 1 to 9999 once converted to UTC") from None


class _Documented:
    """Puts a pattern in the published JSON Schema, for clients and fuzzers;
    the validators above enforce it, with clearer messages than a regex."""

    def __init__(self, pattern: str):
        self.pattern = pattern

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema["pattern"] = self.pattern
        return schema


# White space, written out so that Python and the published JSON Schema agree
# (ECMAScript's \s and Python's str.isspace() differ on a few characters).
_BLANK = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
NOT_BLANK = f"[^{_BLANK}]"
# No NUL anywhere, and an article's text has at least one character that is not blank.
NO_NUL = r"^[^\x00]*$"
TEXT_PATTERN = rf"^[^\x00]*[^\x00{_BLANK}][^\x00]*$"
Text = Annotated[str, AfterValidator(_storable), _Documented(NO_NUL)]
IsoDatetime = Annotated[datetime, BeforeValidator(_iso_8601), AfterValidator(_in_utc)]

# External identifiers: a scheme names the system ("wikidata", the newsroom's
# own), the value is the ID in it ("Q567").
# A scheme starts with a letter or digit: it is a URL path segment, and "." or
# ".." would be rewritten by browsers and HTTP clients before it is sent.
SCHEME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
MAX_IDENTIFIER = 256


def check_scheme(scheme: str) -> str:
    if not re.fullmatch(SCHEME_PATTERN, scheme):
        raise ValueError("a scheme is 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter "
                         f"or digit (got {scheme[:80]!r})")
    return scheme


def check_identifier(value: str) -> str:
    """An identifier as stored: 1 to 256 characters, something other than
    white space, none around it (Q42 and "Q42 " would be two identifiers)."""
    _storable(value)
    if not 1 <= len(value) <= MAX_IDENTIFIER:
        raise ValueError(f"an identifier is 1 to {MAX_IDENTIFIER} characters (got {len(value)})")
    if not re.search(NOT_BLANK, value):
        raise ValueError("an identifier must contain something other than white space")
    if re.search(f"^[{_BLANK}]|[{_BLANK}]\\Z", value):
        raise ValueError(f"an identifier must not start or end with white space (got {value[:80]!r})")
    return value


def parse_pair(written: str) -> tuple[str, str]:
    """`scheme:value` ("wikidata:Q567"), checked; the value may hold colons."""
    scheme, colon, value = written.partition(":")
    if not colon:
        raise ValueError(f"write an identifier as scheme:value, e.g. wikidata:Q567 (got {written[:80]!r})")
    return check_scheme(scheme), check_identifier(value)


# What check_identifier accepts, for the published JSON Schema: no NUL, 1 to
# 256 characters, the first and the last not blank.
_VALUE = rf"[^\x00{_BLANK}](?:[^\x00]{{0,{MAX_IDENTIFIER - 2}}}[^\x00{_BLANK}])?"
IDENTIFIER_PATTERN = f"^{_VALUE}$"
PAIR_PATTERN = f"^{SCHEME_PATTERN[1:-1]}:{_VALUE}$"
Scheme = Annotated[str, AfterValidator(check_scheme), _Documented(SCHEME_PATTERN)]
Identifier = Annotated[str, AfterValidator(check_identifier), _Documented(IDENTIFIER_PATTERN)]

# Database row IDs (audit entries, review items, mentions) are 32-bit integers
# in PostgreSQL; a larger number can name no row and must not reach the query.
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class ArticleIn(BaseModel):
    """An article to read. Fields beyond these (html, ...) are accepted and ignored."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [{
        "external_id": "wire-001", "title": "Defection", "source": "Wire", "url": "https://news.example.org/wire-001",
        "published_at": "2024-05-01T12:00:00Z",
        "text": "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."}]})

    text: Text = Field(description="The article's plain text; mention offsets index into it.",
                       json_schema_extra={"pattern": TEXT_PATTERN})
    external_id: Text | None = Field(
        None, min_length=1, max_length=512,
        description="The caller's own ID; posting the same ID and text again creates nothing.",
    )
    title: Text | None = Field(None, max_length=10_000)
    url: Text | None = Field(None, max_length=10_000)
    source: Text | None = Field(None, max_length=512)
    published_at: IsoDatetime | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not re.search(NOT_BLANK, text):
            raise ValueError("text must contain something other than white space")
        return text


class MentionOut(BaseModel):
    id: int = Field(description="The mention's ID, for editors splitting an entity.")
    start: int = Field(description="Offset of the first code point of the mention.")
    end: int = Field(description="Offset just past the mention (exclusive).")
    text: str = Field(description="Equal to article_text[start:end].")
    entity_id: str
    score: float = Field(description="Confidence of the link to the entity, 0 to 1.")
    titles: list[str] = Field(default_factory=list,
                              description='Titles and ranks written before the name ("Maj. Gen.").')


class EntityRef(BaseModel):
    id: str
    canonical_name: str


class ArticleFields(BaseModel):
    id: str
    external_id: str | None
    title: str | None
    source: str | None
    url: str | None
    published_at: UtcDatetime | None
    created_at: UtcDatetime


class Page(BaseModel):
    """Offset paging shared by every list: `next_offset` is null on the last page."""

    limit: int
    offset: int
    next_offset: int | None


_Row = TypeVar("_Row")


def page_rows(rows: Sequence[_Row], limit: int, offset: int) -> tuple[Sequence[_Row], int | None]:
    """A page out of the rows read one past it (LIMIT limit + 1): its rows,
    and the next page's offset, None on the last page."""
    return rows[:limit], (offset + limit if len(rows) > limit else None)


class ArticleOut(ArticleFields):
    content_hash: str
    mentions: list[MentionOut]
    entities: list[EntityRef] = Field(description="The people this article names.")


class ArticleDetail(ArticleOut):
    text: str


class AliasOut(BaseModel):
    surface: str
    normalized: str
    count: int
    first_seen: UtcDatetime
    last_seen: UtcDatetime


class EntitySummary(BaseModel):
    id: str
    canonical_name: str
    mention_count: int
    article_count: int
    description: str | None = Field(None, description="Who the person is, from an authority file.")


class EntityOut(EntitySummary):
    created_at: UtcDatetime
    updated_at: UtcDatetime
    aliases: list[AliasOut]
    titles: dict[str, int] = Field(default_factory=dict,
                                   description="Titles and ranks seen on the mentions, with counts "
                                               "(0 for a title only an authority file gave).")
    external_ids: dict[str, str] = Field(
        default_factory=dict, description="Identifiers in other systems by scheme ({\"wikidata\": \"Q567\"}): "
                                          "the entity's own, and for a scheme it lacks, that of an entity "
                                          "merged into it.")
    redirected_from: str | None = Field(
        None, description="The ID asked for, when it was merged into this entity.")


class EntityHit(EntitySummary):
    score: float = Field(description="How well the query matches the entity's best alias.")
    updated_at: UtcDatetime = Field(description="When the entity last changed: a mention, a curation.")


# The orders of GET /v1/entities besides the name score: most mentioned first,
# or most recently changed first.
EntitySort = Literal["mentions", "updated"]


class EntityPage(Page):
    items: list[EntityHit]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")


class ReviewExample(BaseModel):
    """One article that raised the pair: its group `name` scored `score` against the other entity."""

    article_id: str
    name: str
    score: float


class ReviewItem(BaseModel):
    """Two entities that might be one person: one item per pair, however many
    articles raised it. `entity` is the one the first article's group went
    to; accepting merges it into `candidate`."""

    id: int
    entity: EntityRef
    candidate: EntityRef
    article_count: int = Field(description="How many articles raised the pair.")
    examples: list[ReviewExample] = Field(description="The newest articles that raised it (up to 3), "
                                                      "newest first.")
    article_id: str = Field(description="The newest article that raised it (the first example).")
    name: str = Field(description="The name as the newest article wrote it.")
    score: float = Field(description="The best score an article gave the pair.")
    status: str
    created_at: UtcDatetime = Field(description="When an article first raised it.")
    updated_at: UtcDatetime = Field(description="When an article last raised it.")


class ReviewPage(Page):
    items: list[ReviewItem]


class Actor(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"actor": "desk"}]})

    actor: Text = Field("anonymous", min_length=1, max_length=128,
                        description="Who makes the change, for the audit log.")


class MergeIn(Actor):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"other_id": "b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1", "actor": "desk"}]})

    other_id: Text = Field(min_length=1, max_length=64,
                          description="The entity to absorb; its ID keeps answering.")


class SplitIn(Actor):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"aliases": ["Ezzedine"], "actor": "desk"}, {"mention_ids": [41, 57], "actor": "desk"}]})

    mention_ids: list[RowId] = Field(default_factory=list, max_length=10_000)
    aliases: list[Text] = Field(default_factory=list, max_length=1000,
                                description="Split off every mention written so.")


class ExternalIdIn(Actor):
    value: Identifier = Field(description="The entity's identifier under the scheme (\"Q567\").",
                              min_length=1, max_length=MAX_IDENTIFIER)


class RenameIn(Actor):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "Mohammed Nour Izz al-Din Khalouf", "actor": "desk"}]})

    name: Text = Field(min_length=1, max_length=512)


class DistinctIn(Actor):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"other_id": "c3f1a2b4c5d6e7f8a9b0c1d2e3f4a5b6", "actor": "desk"}]})

    other_id: Text = Field(min_length=1, max_length=64)


class AuditOut(BaseModel):
    id: int
    at: UtcDatetime
    actor: str
    action: str
    entity_id: str
    details: dict
    undone_by: int | None


class CurationOut(BaseModel):
    audit: AuditOut
    entity: "EntityOut" = Field(description="The entity after the change (for a split: the new one).")


class AuditPage(Page):
    items: list[AuditOut]


class EntityMention(MentionOut):
    article_id: str
    article_title: str | None
    published_at: UtcDatetime | None
    created_at: UtcDatetime
    context: str = Field(description="The text around the mention.")


class MentionPage(Page):
    items: list[EntityMention]


class ArticleSummary(ArticleFields):
    mentions: int = Field(description="How often the article names the entity.")


class ArticlePage(Page):
    items: list[ArticleSummary]


class ArticleListItem(ArticleFields):
    """An article without its text: what GET /v1/articles lists."""

    updated_at: UtcDatetime = Field(description="When the article was last stored or edited.")
    mention_count: int = Field(description="How many mentions of people the article holds.")
    entity_count: int = Field(description="How many distinct people it names.")


class ArticleList(BaseModel):
    """A page of articles, newest first (by `updated_at`, then `id`). Ask for
    the next page with `cursor` = `next_cursor`; it is null on the last page."""

    items: list[ArticleListItem]
    limit: int
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class BatchIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"articles": [
        {"external_id": "a1", "text": "Olaf Scholz spoke in Berlin on Tuesday."},
        {"external_id": "a2", "text": "Emmanuel Macron left Paris."}]}]})

    articles: list[Any] = Field(min_length=1, max_length=100,
                                 description="Up to 100 articles, each as for POST /v1/articles.")


class BatchItem(BaseModel):
    index: int
    status: str = Field(description="created, stored (already there or updated), or error")
    article: ArticleOut | None = None
    error: "ErrorOut | None" = Field(None, description="Why the article was refused, as its own POST would say.")


class BatchOut(BaseModel):
    items: list[BatchItem]


class CompareIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"a": "Riyad Hijab", "b": "Riad Hijab"}]})

    a: Text = Field(min_length=1, max_length=1000)
    b: Text = Field(min_length=1, max_length=1000)


class AlignmentOut(BaseModel):
    a: str | None = Field(description="The part of name a, or null when b's part has no partner.")
    b: str | None = Field(description="The part of name b, or null when a's part has no partner.")
    rule: str = Field(description="Why the parts align (or do not).")
    score: float


class CompareOut(BaseModel):
    a: str
    b: str
    score: float = Field(ge=0, le=1)
    match: bool
    threshold: float = Field(description="Scores at or above it are a match.")
    explanation: list[AlignmentOut]

    @classmethod
    def of(cls, a: str, b: str) -> "CompareOut":
        """The name engine's verdict on two names, with which part aligned with which."""
        result = compare_names(a, b)
        return cls(a=a, b=b, score=result.score, match=result.match, threshold=MATCH_THRESHOLD,
                   explanation=[AlignmentOut(a=x.a, b=x.b, rule=x.rule, score=x.score)
                                for x in result.alignments])


class WhyCandidate(BaseModel):
    """A known entity the resolver weighed for the mention's person."""

    entity: EntityRef = Field(description="The candidate, with its canonical name at the time.")
    spelling: str | None = Field(description="The person's spelling that aligned best with the candidate.")
    alias: str | None = Field(description="The candidate's alias it aligned with.")
    alignment: CompareOut | None = Field(
        description="The spelling against the alias, as POST /v1/names/compare explains it.")
    name_score: float = Field(description="The name evidence alone, 0 to 1.")
    name_match: bool = Field(description="The name engine accepts the two names as one person.")
    score: float = Field(description="Name evidence with context (titles, company, nearby words), "
                                     "as the candidates were ranked: not clipped to 0..1.")
    evidence_for: list[str]
    evidence_against: list[str]
    plausible: bool = Field(description="In play: at or above create_below, with a name match or "
                                        "(for a full name) context speaking for it.")
    chosen: bool = Field(description="The person was linked to this candidate.")
    absorbed: bool = Field(description="Merged into the chosen one: the person's fuller name bridged the two.")
    review: bool = Field(description="Listed for editors as a possible match (GET /v1/review).")


class Thresholds(BaseModel):
    link_above: float
    create_below: float
    short_margin: float
    dominance: int


class WhyMention(BaseModel):
    id: int
    article_id: str
    start: int
    end: int
    text: str


Outcome = Literal["linked", "created", "queued_for_review", "merged", "unknown"]


class WhyOut(BaseModel):
    """The decision behind one mention, as the resolver made it when the
    article was stored."""

    mention: WhyMention
    outcome: Outcome = Field(
        description="unknown: the mention was stored before decisions were recorded.")
    rule: Literal["name_match", "context", "singled_out", "sole_bearer", "dominant_bearer"] | None = Field(
        description="How the person was linked to a known entity; null when a new entity was created.")
    summary: str = Field(description="The decision in one or two plain sentences.")
    name: str | None = Field(description="The person's name in the article.")
    spellings: list[str] = Field(description="Every spelling of the person in the article.")
    titles: list[str] = Field(description="The titles written before them, canonical.")
    decided_entity: EntityRef | None = Field(description="The entity the person went to then.")
    current_entity: EntityRef = Field(description="The entity the mention belongs to now.")
    moved: bool = Field(description="Curation (a merge, a split) moved the mention since.")
    candidates: list[WhyCandidate] = Field(description="The candidates weighed, best score first.")
    more_candidates: int = Field(description="Candidates weighed but not listed, all scoring lower.")
    notes: list[str] = Field(description="What held a one-word form back from a known person.")
    thresholds: Thresholds | None
    decided_at: UtcDatetime | None


class Status(BaseModel):
    status: str
    checks: dict[str, str] = Field(default_factory=dict)


class FieldProblem(BaseModel):
    field: str = Field(description='The field at fault, as a dotted path ("body.text", "q7.limit").')
    problem: str


class ErrorOut(BaseModel):
    """Every error the service answers, whatever the status."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"error": "not_found", "message": "no article with id 'a1'"},
        {"error": "invalid_request", "message": "body.text: Field required",
         "details": [{"field": "body.text", "problem": "Field required"}]}]})

    error: str = Field(description="A stable code: not_found, invalid_request, ...")
    message: str
    details: list[FieldProblem] | None = Field(None, description="Each field at fault, when fields were checked.")


# A route's documented answers besides its success, as FastAPI's `responses` takes them.
Responses = dict[int | str, dict[str, Any]]


class ChangeOut(BaseModel):
    """One change a client may cache."""

    id: int = Field(description="The change's number: numbers follow commit order, every replica agreeing.")
    kind: str = Field(description="entity.created, entity.merged, entity.split, entity.renamed, "
                                  "entity.distinct, curation.undone, external_id.set, external_id.removed "
                                  "or article.deleted.")
    entity_ids: list[str] = Field(description="The entities involved; for a merge the survivor first, "
                                              "for a split the source first.")
    article_id: str | None = Field(description="The article that caused it, for changes an article made.")
    actor: str = Field(description='"machine", or the name of the API key (the editor) that made it.')
    at: UtcDatetime
    details: dict[str, Any]


class ChangePage(BaseModel):
    """A page of the change feed. Ask again with `after` = `next_after`;
    `more` says whether further changes were there already."""

    items: list[ChangeOut]
    next_after: int = Field(description="The cursor for the next page: the last item's number, "
                                        "or the `after` asked with when there was nothing new.")
    more: bool


class WebhookPayload(BaseModel):
    """The body of a webhook delivery: changes of the feed, oldest first, each
    exactly as `GET /v1/changes` shows it."""

    items: list[ChangeOut]


class DeliveryOut(BaseModel):
    """One attempt to send a batch of changes to a webhook URL."""

    id: int = Field(description="The delivery's number, sent as the X-Namesake-Delivery header.")
    url: str
    first_change: int = Field(description="The number of the batch's first change.")
    last_change: int = Field(description="The number of the batch's last change.")
    attempt: int = Field(description="1 for the first try of this batch, 2 for its first retry, ...")
    outcome: Literal["delivered", "failed", "pending"] = Field(
        description="delivered: the receiver answered 2xx; failed: another status, a timeout or no "
                    "connection; pending: sent, no answer recorded yet (or the sender stopped first).")
    status_code: int | None = Field(description="The receiver's HTTP status, when it answered.")
    error: str | None = Field(description="Why no answer came (timeout, connection refused ...).")
    at: UtcDatetime = Field(description="When the attempt was made.")


class DeliveryPage(Page):
    items: list[DeliveryOut]


class WebhookOut(BaseModel):
    """How far one configured URL has been sent the change feed."""

    url: str
    after: int = Field(description="The last change the URL acknowledged (0: none yet).")
    lag: int = Field(description="Changes not yet acknowledged: the newest change's number minus `after`.")
    lease_owner: str | None = Field(description="The server process sending to the URL (host:pid:tag), "
                                                "if one holds it.")
    leased_until: UtcDatetime | None = Field(description="When that claim runs out unless renewed.")
    last_attempt: DeliveryOut | None = Field(description="The newest delivery attempt and its outcome.")


class WebhookList(BaseModel):
    items: list[WebhookOut]
