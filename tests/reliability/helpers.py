"""Shared by the reliability tests: row counts of every table, a sample text,
mention offsets checked against it. (The server process: tests/server.py.)"""
from sqlalchemy import func, select
from sqlmodel import SQLModel

import service.db.models  # noqa: F401  (registers the tables)
from service.db.engine import make_engine

TEXT = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table of the schema (article, mention, alias, name_key,
    entity, entity_title, entity_word, possible_match, ...)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                    for table in SQLModel.metadata.sorted_tables}
    finally:
        engine.dispose()


def assert_mentions_consistent(body: dict, text: str) -> None:
    """Offsets index the text that was sent: text[start:end] is the mention."""
    for mention in body["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"], mention


# Each query lists what breaks one rule of a consistent store.
_PROBLEMS = {
    "mention on a merged-away entity":
        "SELECT m.id FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.merged_into IS NOT NULL",
    "entity merged into itself": "SELECT id FROM entity WHERE merged_into = id",
    "merge chain longer than one step":
        "SELECT a.id FROM entity a JOIN entity b ON a.merged_into = b.id WHERE b.merged_into IS NOT NULL",
    "entity counts that differ from its mentions":
        "SELECT e.id FROM entity e LEFT JOIN (SELECT entity_id, count(*) AS n, "
        "count(DISTINCT article_id) AS a FROM mention GROUP BY entity_id) m ON m.entity_id = e.id "
        "WHERE e.mention_count <> coalesce(m.n, 0) OR e.article_count <> coalesce(m.a, 0)",
    "alias counts that differ from its mentions":
        "SELECT coalesce(a.entity_id, m.entity_id) FROM alias a FULL OUTER JOIN "
        "(SELECT entity_id, text, count(*) AS n FROM mention GROUP BY entity_id, text) m "
        "ON m.entity_id = a.entity_id AND m.text = a.surface WHERE coalesce(a.count, 0) <> coalesce(m.n, 0)",
}


def store_problems(url: str) -> dict[str, list]:
    """Every broken rule of the whole store, with the rows that break it:
    none is the answer for a consistent store."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            found = {rule: connection.exec_driver_sql(query).scalars().all()
                     for rule, query in _PROBLEMS.items()}
    finally:
        engine.dispose()
    return {rule: rows for rule, rows in found.items() if rows}
