"""The candidate lookup in a store where a family name is shared by far more
people than one key's list holds: the bearer of a full name is still found,
and no lookup returns more than its cap. Real databases, both backends."""
import itertools

import pytest
from sqlalchemy import event, text
from sqlmodel import Session, select

from service import ledger
from service.db.engine import make_engine
from service.db.migrate import upgrade
from service.db.models import Article, Entity, Mention
from service.names import blocking_keys
from service.resolve.candidates import (
    _NAMED_IN,
    MAX_CANDIDATES,
    PER_KEY,
    PER_SINGLE_KEY,
    RECENT_ARTICLES,
    RECENT_CHUNK,
    candidate_ids,
    candidate_lists,
    co_articles,
    find_candidates,
)
from tests.conftest import wipe

SYLLABLES = ["ba", "ka", "da", "fa", "ga", "la", "ma", "na", "ra", "sa", "ta", "za"]


def made_up_names(count: int) -> list[str]:
    """Made-up names, none of them a spelling of Riyad or of Hijab."""
    taken = blocking_keys("Riyad") | blocking_keys("Hijab")
    made = ("".join(p).capitalize() for p in itertools.product(SYLLABLES, repeat=3))
    return list(itertools.islice((n for n in made if not blocking_keys(n) & taken), count))


def store(database_url, names: list[str], mentioned: bool = False):
    """Entities with one alias each, their IDs in the order of `names`;
    `mentioned`: each also named in an article row of its own, as a merge
    needs (it moves mentions, and what they imply follows)."""
    wipe(database_url)
    engine = make_engine(database_url)
    ids = {}
    with Session(engine) as session:
        for number, name in enumerate(names):
            entity = Entity(id=f"{number:032x}", canonical_name=name)
            article = Article(id=f"a{number}", content_hash=f"h{number}", text=name)
            session.add_all([entity, article] if mentioned else [entity])
            session.flush()
            ids[name] = entity.id
            if mentioned:
                session.add(Mention(article_id=article.id, entity_id=entity.id, start=0, end=len(name), text=name))
            # What one mention of the name records.
            ledger.record(session, [ledger.Row(entity.id, article.id, name, None, None, entity.created_at)])
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
    groups = [{"Riyad Hijab"}, {crowd[7]}, {"Riad Hijab", crowd[0]}]
    with Session(engine) as session:
        found = candidate_ids(session, {"Riyad Hijab"})
        one_by_one = [candidate_ids(session, names) for names in groups]
        at_once = candidate_lists(session, groups)
    engine.dispose()
    wipe(database_url)
    assert ids["Riyad Hijab"] in found
    assert at_once == one_by_one  # the spelling first, in the article's statement too


@pytest.mark.parametrize("written, known", [("Alsharqawi", "Al-Sharqawi"), ("ALSHARQAWI", "Al Sharqawi"),
                                            ("Al-Sharqawi", "Alsharqawi")])
def test_a_one_word_form_is_found_among_namesakes_however_it_is_spaced(database_url, written, known):
    """3 x PER_KEY other one-word spellings share the key of Al-Sharqawi, all
    before it in the index: its case and spacing variants find it first."""
    vowels = "aeiou"
    crowd = [f"Alsh{a}rq{b}w{c}" for a, b, c in itertools.product(vowels, repeat=3)
             if f"Alsh{a}rq{b}w{c}" not in ("Alsharqawi",)]
    assert len(crowd) >= 2 * PER_KEY and all(blocking_keys(n) & blocking_keys(written) for n in crowd)
    engine, ids = store(database_url, crowd + [known])
    with Session(engine) as session:
        alone = candidate_ids(session, {written})
        at_once = candidate_lists(session, [{written}, {crowd[3]}])
    engine.dispose()
    wipe(database_url)
    assert alone[0] == ids[known] and at_once[0] == alone


def test_an_articles_groups_looked_up_at_once_get_the_lists_of_their_own_lookups(crowded_store):
    """candidate_lists (one statement for the whole article on PostgreSQL)
    answers each group what candidate_ids answers it, in the same order."""
    engine, ids = crowded_store
    someone = next(name for name in ids if name.endswith(" Hijab") and name != "Riyad Hijab")
    groups = [{"Riad Hijab"}, {"Hijab"}, {"Riyad"}, {"Riyad Hijab", "Hijab"}, {someone}, {"Zuzu Qwerty"}]
    with Session(engine) as session:
        one_by_one = [candidate_ids(session, names) for names in groups]
        at_once = candidate_lists(session, groups)
    assert at_once == one_by_one
    assert at_once[0][0] == ids["Riyad Hijab"] and at_once[4][0] == ids[someone]
    assert at_once[5] == [] and all(len(found) <= MAX_CANDIDATES for found in at_once)
    assert len(at_once[1]) > 1 and len(at_once[3]) > len(at_once[1])  # crowded lists, not just the first


def test_company_is_read_for_every_candidate_across_statement_sizes(database_url):
    """More candidates than one company statement takes, a count that is no
    power of two: each entity's recent articles are found, pairs named
    together are seen together, and a long-named entity's oldest articles
    drop out."""
    wipe(database_url)
    engine = make_engine(database_url)
    count, busy = RECENT_CHUNK + 7, RECENT_ARTICLES + 5
    named: dict[str, list[str]] = {}  # entity -> its articles, oldest first
    with Session(engine) as session:
        entities = [Entity(id=f"{n:032x}", canonical_name=f"Person {n}") for n in range(count)]
        session.add_all(entities)
        session.flush()
        for n, entity in enumerate(entities):
            # Entity n is named in its own article, with entity n + 1 when n is even;
            # the last entity in `busy` articles of its own.
            for k in range(busy if n == count - 1 else 1):
                article = Article(external_id=f"a-{n}-{k}", content_hash=f"{n}-{k}", text="x")
                session.add(article)
                session.flush()
                people = [entity] + ([entities[n + 1]] if n % 2 == 0 and n + 1 < count and k == 0 else [])
                for person in people:
                    session.add(Mention(article_id=article.id, entity_id=person.id, start=0, end=1, text="x"))
                    named.setdefault(person.id, []).append(article.id)
                session.flush()
        session.commit()
        found = co_articles(session, {e.id for e in entities})
    engine.dispose()
    wipe(database_url)
    recent = set().union(*(articles[-RECENT_ARTICLES:] for articles in named.values()))
    assert found == {entity: set(articles) & recent for entity, articles in named.items()}
    assert len(found[entities[-1].id]) == RECENT_ARTICLES  # the oldest 5 of its articles dropped out


def test_company_is_read_through_the_article_index_on_sqlite(tmp_path):
    """SQLite keeps no statistics: given the choice, it read every mention of
    each candidate (a cost that grows with every article) rather than the few
    recent articles' mentions."""
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    upgrade(engine)
    statement = _NAMED_IN.params(articles=["a1", "a2"], ids=["e1", "e2"])
    sql = str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        plan = " ".join(row[3] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql)))
    engine.dispose()
    assert "ix_mention_article_id" in plan and "entity_id" not in plan


def test_a_candidate_merged_after_its_keys_were_read(database_url):
    """The store as a resolver sees it when a merge commits between its key
    lookup and its read of the candidates: the absorbed entity, found by key,
    is merged away. It answers its survivor, once, never a merged-away
    entity and never nothing (which would make the person someone new)."""
    from service.resolve.candidates import each_once, load_candidates

    engine, ids = store(database_url, ["Riyad Hijab", "Riad Hijab"])
    survivor, absorbed = ids["Riyad Hijab"], ids["Riad Hijab"]
    with Session(engine) as session:
        session.get(Entity, absorbed).merged_into = survivor
        session.commit()
        for found in ([absorbed], [absorbed, survivor], [survivor, absorbed]):
            pool = load_candidates(session, set(found), set())
            assert [c.entity.id for c in each_once(pool, found)] == [survivor]
    engine.dispose()
    wipe(database_url)


def test_a_candidate_merged_between_its_entity_read_and_its_alias_read(database_url):
    """On PostgreSQL each statement sees what committed before it: a merge
    that commits between the read of the candidates' rows and the read of
    their aliases leaves the absorbed entity live but bare. It answers its
    survivor all the same, never nothing (which would make the person
    someone new, and a later bridging name merge the survivor away)."""
    from service.resolve.candidates import each_once, load_candidates
    from service.resolve.merge import merge_entities

    engine, ids = store(database_url, ["Riyad Hijab", "Riad Hijab"], mentioned=True)
    survivor, absorbed = ids["Riyad Hijab"], ids["Riad Hijab"]

    def merge_first(conn, cursor, statement, *args):
        if "FROM alias" in statement and not merged:
            merged.append(True)
            with Session(engine) as other:
                merge_entities(other, survivor=other.get(Entity, survivor), absorbed=other.get(Entity, absorbed))
                other.commit()

    merged: list[bool] = []
    with Session(engine) as session:
        session.exec(select(Entity).where(Entity.id == absorbed)).all()  # the read transaction starts before the merge
        event.listen(engine, "before_cursor_execute", merge_first)
        try:
            pool = load_candidates(session, {absorbed}, set())
        finally:
            event.remove(engine, "before_cursor_execute", merge_first)
        assert merged and [c.entity.id for c in each_once(pool, [absorbed])] == [survivor]
    engine.dispose()
    wipe(database_url)

