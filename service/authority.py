"""What an authority file (`namesake import-people`) says about people: the
names and titles it gives an entity. This module owns `authority_name` and
`authority_title`; the ledger counts their rows among the entity's aliases,
name keys and titles (service/ledger/tally.py), so that the person is found
from the first article that names them.

Rows are only ever added: a name an authority gave stays the person's name
whatever articles do later. Each stays with the entity it was given to; a
merge counts it on the survivor without moving it. Nothing here commits."""
from sqlmodel import Session

from service import ledger
from service.db.models import AuthorityName, AuthorityTitle, utcnow
from service.db.upsert import insert_rows
from service.names.titles import canonical_titles


def give(session: Session, entity_id: str, names: list[str], titles: list[str]) -> bool:
    """Give the live entity these names and titles (written titles, taken
    through the title vocabulary: one it does not know is left out); those
    it holds already (itself, or through an entity merged into it) change
    nothing. Answers whether anything was added."""
    held_names, held_titles = ledger.read_given(session, [entity_id])
    new_names = sorted(set(names) - {n.surface for n in held_names})
    new_titles = sorted(canonical_titles(titles) - {t.title for t in held_titles})
    if not new_names and not new_titles:
        return False
    now = utcnow()
    insert_rows(session, AuthorityName, [{"entity_id": entity_id, "surface": n, "created_at": now}
                                         for n in new_names])
    insert_rows(session, AuthorityTitle, [{"entity_id": entity_id, "title": t, "created_at": now}
                                          for t in new_titles])
    ledger.record_given(session, [ledger.Named(entity_id, n, now) for n in new_names],
                        [ledger.Titled(entity_id, t) for t in new_titles])
    return True
