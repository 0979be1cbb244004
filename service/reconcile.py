"""Entity reconciliation (W3C Reconciliation Service API 0.2, as OpenRefine
speaks it) on top of entity search: a list of written names in, the canonical
entity each one most likely is out."""
import json
from html import escape
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlmodel import Session, col, or_, select

from service import entities, external_ids
from service.config import Settings
from service.db.models import Alias, Entity, ExternalId
from service.errors import NotFound, field_problems, problems_message
from service.names import MATCH_THRESHOLD, InvalidName, blocking_keys, normalize_name, parse_name
from service.schemas import EntityHit, EntityOut, Text, check_identifier, check_scheme

VERSION = "0.2"
PERSON_TYPE = "person"

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
# OpenRefine sends batches of 10; the caps keep one request's work bounded.
MAX_QUERIES = 100
MAX_BATCH_CHARS = 1_000_000
MAX_QUERY_CHARS = 1000
SUGGEST_PAGE = 10
PREVIEW_ALIASES = 5
# A best result is a certain match ("match": true) only when the name engine
# calls it a match, the query has at least two name parts and the result leads
# the runner-up by this much (0-1 scale). Two namesakes scoring alike must stay
# a choice for the user, never an automatic link; so must a lone "Assad", which
# the resolver itself links only with the help of context a query lacks.
MATCH_LEAD = 0.1


class MalformedBatch(Exception):
    """A batch that is not valid JSON."""


class BatchTooLarge(Exception):
    """A batch longer than MAX_BATCH_CHARS."""


class InvalidBatch(Exception):
    """JSON that is no batch of valid queries. `details` names each field at
    fault ({"field": "q7.limit", "problem": ...}) when its queries were checked."""

    def __init__(self, message: str, details: list[dict] | None = None):
        super().__init__(message)
        self.details = details


# The protocol's JSON shapes. Field names follow the specification, camelCase included.

class TypeRef(BaseModel):
    id: str
    name: str


PERSON = TypeRef(id=PERSON_TYPE, name="Person")


class UrlTemplate(BaseModel):
    url: str = Field(description="`{{id}}` stands for an entity ID.")


class Preview(UrlTemplate):
    width: int
    height: int


class SuggestService(BaseModel):
    service_url: str
    service_path: str


class SuggestSettings(BaseModel):
    entity: SuggestService


class ExtendSettings(BaseModel):
    propose_properties: SuggestService = Field(description="Where to ask which properties can be fetched.")
    property_settings: list[dict[str, Any]] = Field(default_factory=list, description="None: no property "
                                                    "takes settings.")


class Manifest(BaseModel):
    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    serviceVersion: str
    defaultTypes: list[TypeRef]
    view: UrlTemplate
    preview: Preview
    suggest: SuggestSettings
    extend: ExtendSettings


class ReconQuery(BaseModel):
    """One query of a batch. A property whose `pid` is an identifier scheme
    ({"pid": "wikidata", "v": "Q567"}) matches its holder exactly; other
    properties and `type_strict` are accepted and ignored."""

    model_config = ConfigDict(extra="ignore")

    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)
    type: str | list[str] | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    properties: list[Any] = Field(default_factory=list)


class ReconCandidate(BaseModel):
    id: str
    name: str
    type: list[TypeRef]
    score: float = Field(description="0-100: the name engine's score against the best alias.")
    match: bool = Field(description="A certain match: safe to accept without review.")
    description: str


class QueryResult(BaseModel):
    result: list[ReconCandidate]


class SuggestItem(BaseModel):
    id: str
    name: str
    description: str
    notable: list[TypeRef]


class SuggestResult(BaseModel):
    result: list[SuggestItem]


_BATCH = TypeAdapter(dict[str, ReconQuery])


def manifest(settings: Settings, service_version: str) -> Manifest:
    """The manifest; its URLs start with the service's public base URL, and
    the deployment names its spaces and entity pages (service/config.py)."""
    base_url = settings.public_base_url()
    return Manifest(
        versions=[VERSION], name="Namesake", identifierSpace=settings.reconcile_identifier_space,
        schemaSpace=settings.reconcile_schema_space, serviceVersion=service_version, defaultTypes=[PERSON],
        view=UrlTemplate(url=settings.reconcile_view()),
        preview=Preview(url=f"{base_url}/v1/reconcile/preview?id={{{{id}}}}", width=400, height=120),
        suggest=SuggestSettings(entity=SuggestService(
            service_url=base_url, service_path="/v1/reconcile/suggest/entity")),
        extend=ExtendSettings(propose_properties=SuggestService(
            service_url=base_url, service_path="/v1/reconcile/properties")),
    )


def parse_batch(raw: str) -> dict[str, ReconQuery]:
    """Read a batch, refusing anything malformed with a reason (never a 500)."""
    data = _json(raw, "queries")
    if not isinstance(data, dict):
        raise InvalidBatch('queries must be a JSON object of named queries: {"q0": {"query": ...}}')
    if len(data) > MAX_QUERIES:
        raise InvalidBatch(f"{len(data)} queries in one batch; the limit is {MAX_QUERIES}")
    batch = _validated(data)
    _check_names(batch)
    return batch


def _json(raw: str, field: str) -> Any:
    """A batch's JSON (`queries` or `extend`), bounded in size and refused with a reason, never a 500."""
    if len(raw) > MAX_BATCH_CHARS:
        raise BatchTooLarge(f"{field} has {len(raw)} characters; the limit is {MAX_BATCH_CHARS}")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise MalformedBatch(f"{field} is not valid JSON") from err


def _validated(data: Any, adapter: TypeAdapter = _BATCH) -> Any:
    try:
        return adapter.validate_python(data)
    except ValidationError as err:
        details = field_problems(err.errors())
        raise InvalidBatch(problems_message(details), details) from err


def _check_names(batch: dict[str, ReconQuery]) -> None:
    # Checked up front so that one bad name refuses the batch and names its key.
    for key, query in batch.items():
        try:
            blocking_keys(query.query)
        except InvalidName as err:
            raise InvalidName(f"{key}.query: {err}") from err


def reconcile_batch(session: Session, batch: dict[str, ReconQuery]) -> dict[str, QueryResult]:
    return {key: reconcile_one(session, query) for key, query in batch.items()}


def reconcile_one(session: Session, query: ReconQuery) -> QueryResult:
    """Candidates best first: the holders of the identifiers the query gives
    (certain matches), then entity search (the name engine on every alias).
    A candidate holding another value under a scheme the query gives is
    never a certain match."""
    if not _wants_person(query.type):
        return QueryResult(result=[])
    wanted = identifiers_asked(query.properties)
    exact = list({e.id: e for s, v in wanted if (e := external_ids.holder(session, s, v)) is not None}.values())
    # One more hit than asked for, to tell whether the best one stands out.
    hits = entities.search_entities(session, query.query, max(query.limit, 2), 0).items
    certain = not exact and _certain(query.query, [h.score for h in hits])
    held = external_ids.identifiers(session, [e.id for e in exact] + [h.id for h in hits])
    found = [ReconCandidate(id=e.id, name=e.canonical_name, type=[PERSON], score=100.0, match=len(exact) == 1,
                            description=describe(e, held.get(e.id))) for e in exact]
    found += [ReconCandidate(id=h.id, name=h.canonical_name, type=[PERSON], score=round(h.score * 100, 2),
                             match=certain and i == 0 and not _contradicts(held.get(h.id, {}), wanted),
                             description=describe(h, held.get(h.id)))
              for i, h in enumerate(hits) if h.id not in {e.id for e in exact}]
    return QueryResult(result=found[:query.limit])


def identifiers_asked(properties: list[Any]) -> list[tuple[str, str]]:
    """The (scheme, value) pairs of a query's properties whose pid is a
    scheme: {"pid": "wikidata", "v": "Q567"}, `v` also a list, or an object
    with an `id`, as the specification allows. Others are ignored."""
    pairs = []
    for prop in properties:
        if not isinstance(prop, dict) or not isinstance(prop.get("pid"), str):
            continue
        given = prop.get("v")
        for value in given if isinstance(given, list) else [given]:
            value = value.get("id") if isinstance(value, dict) else value
            try:
                pairs.append((check_scheme(prop["pid"]), check_identifier(str(value))))
            except ValueError:
                continue
    return pairs


def _contradicts(held: dict[str, str], wanted: list[tuple[str, str]]) -> bool:
    return any(scheme in held and held[scheme] != value for scheme, value in wanted)


def _certain(query: str, scores: list[float]) -> bool:
    if not scores or scores[0] < MATCH_THRESHOLD or len(parse_name(query).parts) < 2:
        return False
    return len(scores) == 1 or scores[0] - scores[1] >= MATCH_LEAD


def _wants_person(type_: str | list[str] | None) -> bool:
    # No type means "any type"; Namesake only knows people.
    wanted = [type_] if isinstance(type_, str) else type_
    return wanted is None or any(t.strip().lower() == PERSON_TYPE for t in wanted)


def describe(entity, held: dict[str, str] | None = None) -> str:
    """One line telling namesakes apart: who the person is (the authority's
    description), how much the news wrote about them, their identifiers."""
    mentions, articles = entity.mention_count, entity.article_count
    parts = [entity.description] if entity.description else []
    parts.append(f"{mentions} mention{'s' * (mentions != 1)} in {articles} article{'s' * (articles != 1)}")
    parts += [f"{scheme}:{value}" for scheme, value in sorted((held or {}).items())]
    return "; ".join(parts)


def suggest_entities(session: Session, prefix: str, cursor: int) -> SuggestResult:
    """Entities for a name being typed: first those the name engine matches in
    any spelling, then those with a word of an alias starting with the prefix."""
    wanted = cursor + SUGGEST_PAGE
    found: dict[str, EntityHit | Entity] = {
        hit.id: hit for hit in entities.search_entities(session, prefix, wanted, 0).items}
    for entity in _completions(session, normalize_name(prefix), wanted):
        found.setdefault(entity.id, entity)
    page = list(found.values())[cursor:wanted]
    held = external_ids.identifiers(session, [e.id for e in page])
    return SuggestResult(result=[
        SuggestItem(id=e.id, name=e.canonical_name, description=describe(e, held.get(e.id)), notable=[PERSON])
        for e in page
    ])


def _completions(session: Session, start: str, limit: int) -> list[Entity]:
    # A prefix ("Gadd") is no whole name, so the blocking keys cannot find it;
    # this LIKE lookup serves interactive typing, bounded by `limit`.
    normalized = col(Alias.normalized)
    words = or_(normalized.startswith(start, autoescape=True),
                normalized.contains(" " + start, autoescape=True),
                normalized.contains("-" + start, autoescape=True))
    return list(session.exec(
        select(Entity).join(Alias, col(Alias.entity_id) == col(Entity.id))
        .where(words, col(Entity.merged_into).is_(None)).distinct()
        .order_by(col(Entity.mention_count).desc(), col(Entity.id)).limit(limit)
    ).all())


def preview_html(entity: EntityOut) -> str:
    """A self-contained card for the client's preview frame. Names come from
    articles, so every value is escaped: markup in a name shows as text."""
    aliases = ", ".join(f"{escape(a.surface)} ({a.count})" for a in entity.aliases[:PREVIEW_ALIASES])
    name = escape(entity.canonical_name)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{name}</title><style>body{{font:13px sans-serif;margin:6px}}"
        "p{margin:2px 0}.m{color:#555}</style></head><body>"
        f"<p><strong>{name}</strong></p>"
        f'<p class="m">Also written: {aliases or "-"}</p>'
        f'<p class="m">{escape(describe(entity, entity.external_ids))}</p></body></html>'
    )


# Data extension: the values of a few properties of reconciled entities, one
# row per ID (OpenRefine's "Add columns from reconciled values").

ALIASES = "aliases"
DESCRIPTION = "description"
# One property per scheme of external identifiers: external_id:wikidata.
EXTERNAL = "external_id:"
MAX_EXTEND_IDS = 100
MAX_EXTEND_PROPERTIES = 50


class PropertyRef(BaseModel):
    id: str
    name: str


class ProposedProperty(PropertyRef):
    description: str


class PropertyProposal(BaseModel):
    type: str = Field(description="The type asked for.")
    limit: int | None = Field(None, description="The limit asked for.")
    properties: list[ProposedProperty]


class ExtendProperty(BaseModel):
    """A property to fetch; `settings` are accepted and ignored (none is offered)."""

    id: str = Field(min_length=1, max_length=128)
    settings: dict[str, Any] = Field(default_factory=dict)


class ExtendQuery(BaseModel):
    ids: list[Annotated[Text, Field(min_length=1, max_length=64)]] = Field(max_length=MAX_EXTEND_IDS)
    properties: list[ExtendProperty] = Field(min_length=1, max_length=MAX_EXTEND_PROPERTIES)


class PropertyValue(BaseModel):
    """A literal value; the protocol names its field `str`."""

    model_config = ConfigDict(populate_by_name=True)

    text: str = Field(alias="str")


class ExtendResult(BaseModel):
    meta: list[PropertyRef] = Field(description="The properties asked for, in the order asked.")
    rows: dict[str, dict[str, list[PropertyValue]]] = Field(
        description="For each ID asked for, each property's values (none for an unknown ID).")


def propose_properties(session: Session, type_: str, limit: int | None) -> PropertyProposal:
    """What data extension can fetch for people: aliases, description, and an
    external ID per scheme the store holds."""
    properties = []
    if _wants_person(type_):
        schemes = session.exec(select(ExternalId.scheme).distinct().order_by(col(ExternalId.scheme))).all()
        properties = [_proposed(p) for p in [ALIASES, DESCRIPTION, *(EXTERNAL + s for s in schemes)]]
    return PropertyProposal(type=type_, limit=limit, properties=properties[:limit])


def _proposed(property_id: str) -> ProposedProperty:
    if property_id == ALIASES:
        return ProposedProperty(id=ALIASES, name="Aliases",
                                description="Every spelling articles used, the most frequent first.")
    if property_id == DESCRIPTION:
        return ProposedProperty(id=DESCRIPTION, name="Description", description="Who the person is, in a few words.")
    scheme = property_id.removeprefix(EXTERNAL)
    return ProposedProperty(id=property_id, name=f"{scheme} ID", description=f"The person's ID in {scheme}.")


_EXTEND = TypeAdapter(ExtendQuery)


def parse_extend(raw: str) -> ExtendQuery:
    """Read a data extension query, refusing anything malformed with a reason."""
    query: ExtendQuery = _validated(_json(raw, "extend"), _EXTEND)
    unknown = [p.id for p in query.properties if not _known_property(p.id)]
    if unknown:
        raise InvalidBatch(f"extend.properties: no property {', '.join(map(repr, unknown))}; "
                           f"ask for {ALIASES}, {DESCRIPTION} or {EXTERNAL}<scheme>")
    return query


def _known_property(property_id: str) -> bool:
    return property_id in (ALIASES, DESCRIPTION) or (
        property_id.startswith(EXTERNAL) and len(property_id) > len(EXTERNAL))


def extend(session: Session, query: ExtendQuery) -> ExtendResult:
    """Each asked ID's values; a merged-away ID answers its survivor's, an unknown one none."""
    wanted = list(dict.fromkeys(p.id for p in query.properties))
    live = _live(session, query.ids)
    values = _values(session, wanted, list(live.values()))

    def row(entity: Entity | None) -> dict[str, list[PropertyValue]]:
        return {prop: [PropertyValue(text=v) for v in values.get((entity.id, prop), [])] if entity else []
                for prop in wanted}

    return ExtendResult(meta=[PropertyRef(id=p, name=_proposed(p).name) for p in wanted],
                        rows={asked: row(live.get(asked)) for asked in query.ids})


def _live(session: Session, ids: list[str]) -> dict[str, Entity]:
    """Each asked ID that names an entity, to its live entity."""
    found = {}
    for asked in dict.fromkeys(ids):
        try:
            found[asked] = entities.live_entity(session, asked)
        except NotFound:
            continue  # an unknown ID gets an empty row, not a refusal of the whole batch
    return found


def _values(session: Session, wanted: list[str], people: list[Entity]) -> dict[tuple[str, str], list[str]]:
    """(entity ID, property) -> values, with one query per kind of property asked for."""
    ids = [e.id for e in people]
    values: dict[tuple[str, str], list[str]] = {
        (e.id, DESCRIPTION): [e.description] for e in people if e.description}
    if ALIASES in wanted:
        for entity_id, surface in session.exec(
                select(Alias.entity_id, Alias.surface).where(col(Alias.entity_id).in_(ids))
                .order_by(col(Alias.count).desc(), col(Alias.surface))):
            values.setdefault((entity_id, ALIASES), []).append(surface)
    schemes = [p.removeprefix(EXTERNAL) for p in wanted if p.startswith(EXTERNAL)]
    if schemes:
        # The external_id table, read here: an entity holds one value per scheme.
        for entity_id, scheme, value in session.exec(
                select(ExternalId.entity_id, ExternalId.scheme, ExternalId.value)
                .where(col(ExternalId.entity_id).in_(ids), col(ExternalId.scheme).in_(schemes))):
            values[(entity_id, EXTERNAL + scheme)] = [value]
    return values
