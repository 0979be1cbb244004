"""The ledger against the database itself, on both backends: what a writer
sees when another writer changed an entity under it."""
from sqlalchemy import text
from sqlmodel import Session

from service import ledger
from service.db.engine import make_engine
from service.db.models import Entity, utcnow
from tests.conftest import wipe


def test_names_are_chosen_from_the_stored_name_not_a_stale_object(database_url):
    """A writer holding an entity object loaded earlier (as the resolver
    loads its candidates before taking their locks) chooses the canonical
    name from what is stored now, not from its stale copy."""
    engine = make_engine(database_url)
    with Session(engine) as writer:
        entity = Entity(canonical_name="Dmitri Valdivia")
        writer.add(entity)
        writer.flush()
        ledger.record(writer, [ledger.Row(entity.id, "a1", "Dmitri Valdivia", None, None, utcnow()),
                               ledger.Row(entity.id, "a2", "Valdivia", None, None, utcnow())])
        writer.commit()
        entity_id = entity.id
        assert writer.get(Entity, entity_id).canonical_name == "Dmitri Valdivia"  # now held in the session
        with engine.begin() as other:  # another writer stores a worse name meanwhile
            other.execute(text("UPDATE entity SET canonical_name = 'Valdivia' WHERE id = :e"), {"e": entity_id})
        ledger.refresh_names(writer, {entity_id})
        writer.commit()
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT canonical_name FROM entity WHERE id = :e"),
                                    {"e": entity_id}).scalar_one()
    engine.dispose()
    wipe(database_url)
    assert stored == "Dmitri Valdivia"
