"""The candidate lookup in a store where a family name is shared by far more
people than one key's list holds: the bearer of a full name is still found,
and no lookup returns more than its cap. Real databases, both backends."""
import itertools
from collections import Counter

import pytest
from sqlmodel import Session

from service.db.engine import make_engine
from service.db.models import Entity
from service.names import blocking_keys
from service.resolve.aliases import add_keys, record_aliases
from service.resolve.candidates import (
    MAX_CANDIDATES, PER_KEY, PER_SINGLE_KEY, candidate_ids, find_candidates,
)
from tests.conftest import wipe

SYLLABLES = ["ba", "ka", "da", "fa", "ga", "la", "ma", "na", "ra", "sa", "ta", "za"]


def made_up_names(count: int) -> list[str]:
    """Made-up names, none of them a spelling of Riyad or of Hijab."""
    taken = blocking_keys("Riyad") | blocking_keys("Hijab")
    made = ("".join(p).capitalize() for p in itertools.product(SYLLABLES, repeat=3))
    return list(itertools.islice((n for n in made if not blocking_keys(n) & taken), count))


def store(database_url, names: list[str]):
    """Entities with one alias each, their IDs in the order of `names`."""
    wipe(database_url)
    engine = make_engine(database_url)
    ids = {}
    with Session(engine) as session:
        for number, name in enumerate(names):
            entity = Entity(id=f"{number:032x}", canonical_name=name)
            session.add(entity)
            session.flush()
            ids[name] = entity.id
            record_aliases(session, Counter({(entity.id, name): 1}), entity.created_at)
            add_keys(session, {(entity.id, key) for key in blocking_keys(name)})
        session.commit()
    return engine, ids


@pytest.fixture
def crowded_store(database_url):
    """3 x PER_KEY people named "<someone> Hijab" and as many "Riyad <someone>",
    then Riyad Hijab, last of all: both of his parts' lists are cut short."""
    others = made_up_names(3 * PER_KEY)
    engine, ids = store(database_url, [f"{o} Hijab" for o in others] + [f"Riyad {o}" for o in others]
                        + ["Riyad Hijab"])
    yield engine, ids
    engine.dispose()
    wipe(database_url)


def test_a_full_name_finds_its_bearer_among_many_who_share_the_family_name(crowded_store):
    engine, ids = crowded_store
    with Session(engine) as session:
        found = [c.entity.id for c in find_candidates(session, {"Riad Hijab"})]
        ranked = candidate_ids(session, {"Riad Hijab"})
    assert ids["Riyad Hijab"] in found
    assert ranked[0] == ids["Riyad Hijab"]  # the given and family names together weigh most


def test_a_lookup_reads_a_bounded_number_of_candidates(crowded_store):
    engine, ids = crowded_store
    assert len(ids) > MAX_CANDIDATES  # the store holds more Hijabs than a lookup keeps
    with Session(engine) as session:
        found = find_candidates(session, {"Hijab"})
    assert 0 < len(found) <= min(PER_SINGLE_KEY, MAX_CANDIDATES)


def test_the_exact_spelling_is_found_among_more_namesakes_than_a_list_holds(database_url):
    """Every key of "Riyad Hijab" is shared by 3 x PER_KEY other spellings
    (Raed Hajab, Reid Hujib, ...), all before it in the index: its bearer is
    found by the spelling itself."""
    vowels = "aeou"
    crowd = [f"R{a}{b}d H{c}j{d}b" for a, b, c, d in itertools.product(vowels, repeat=4)]
    assert len(crowd) >= 3 * PER_KEY and all(blocking_keys(n) == blocking_keys("Riyad Hijab") for n in crowd)
    engine, ids = store(database_url, crowd + ["Riyad Hijab"])
    with Session(engine) as session:
        found = candidate_ids(session, {"Riyad Hijab"})
    engine.dispose()
    wipe(database_url)
    assert ids["Riyad Hijab"] in found
