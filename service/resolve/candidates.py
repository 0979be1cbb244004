"""Candidate retrieval: an indexed lookup by blocking keys, never a scan."""
from collections import defaultdict

from sqlmodel import Session, col, select

from service.db.models import Alias, Entity, NameKey

# A common family name can be shared by very many entities; past this many
# candidates the key is not selective and the lookup is cut short.
MAX_CANDIDATES = 200


def find_candidates(session: Session, keys: set[str]) -> list[tuple[Entity, list[Alias]]]:
    """The entities sharing at least one key, each with its aliases."""
    if not keys:
        return []
    ids = session.exec(
        select(NameKey.entity_id).where(col(NameKey.key).in_(sorted(keys))).distinct()
        .limit(MAX_CANDIDATES)
    ).all()
    if not ids:
        return []
    entities = session.exec(select(Entity).where(col(Entity.id).in_(ids))).all()
    aliases: dict[str, list[Alias]] = defaultdict(list)
    for alias in session.exec(select(Alias).where(col(Alias.entity_id).in_(ids))):
        aliases[alias.entity_id].append(alias)
    return [(entity, aliases[entity.id]) for entity in entities]
