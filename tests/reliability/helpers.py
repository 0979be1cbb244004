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
