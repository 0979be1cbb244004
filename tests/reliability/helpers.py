"""Shared by the reliability tests: row counts of every table, a sample text,
mention offsets checked against it, the rules of a consistent store, and
random operations about a few people. (The server process: bench/server.py.)"""
import random

import httpx
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

import service.db.models  # noqa: F401  (registers the tables)
from service.db.engine import make_engine
from service.ledger.check import differences

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


def store_problems(url: str) -> dict[str, list]:
    """What `namesake check` finds wrong with the whole store, by what is
    wrong, with the entities: none is the answer for a consistent store."""
    engine = make_engine(url)
    found: dict[str, list] = {}
    try:
        with Session(engine) as session:
            for entity_id, what in differences(session):
                found.setdefault(what, []).append(entity_id)
    finally:
        engine.dispose()
    return found


# Every person of these tests has a given name and a family name of their
# own: the resolver must never take two of them for one person.
GIVEN = ["Angela", "Boris", "Carlos", "Dmitri", "Elena", "Farid", "Gustavo", "Hannah", "Ingrid", "Jamal",
         "Kenji", "Leila", "Marco", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Yasmin",
         "Anton", "Beatriz", "Cyrus", "Dalia", "Emil", "Fatima", "Georg", "Helena", "Ivan", "Julia",
         "Karim", "Lucia"]
FAMILY = ["Albrecht", "Bouchard", "Castellano", "Dragunov", "Eriksen", "Fontaine", "Grimaldi",
          "Halvorsen", "Ibarra", "Jankowski", "Kowalczyk", "Lindqvist", "Moreau", "Novak", "Oyelaran",
          "Petrakis", "Quintero", "Rasmussen", "Sandoval", "Thorsen", "Underwood", "Valdivia",
          "Whitaker", "Xenakis", "Yamamoto", "Zeller", "Abernathy", "Brennan", "Corcoran", "Delacroix",
          "Espinoza", "Fairbanks"]


def person(i: int) -> str:
    return f"{GIVEN[i]} {FAMILY[(i * 7) % len(FAMILY)]}"


def meeting(a: str, b: str, day: int) -> str:
    return (f"Minister {a} met Ambassador {b} in Geneva on day {day}. "
            f"After the meeting, {a} said the talks with {b} went well.")



def random_operation(rng: random.Random, http: httpx.Client, people: list[str],
                   known: list[str]) -> tuple[str, httpx.Response]:
    """One random request about the few people of the test; `known` gathers
    the entity IDs seen, merged-away ones included."""
    kind = rng.choice(["post", "post", "edit", "delete", "merge", "split", "rename", "distinct", "undo",
                       "short", "review"])
    if kind == "short":  # a family name alone: doubtful, it may raise a review item
        family = rng.choice(people).split()[-1]
        answer = http.post("/v1/articles", json={"text": f"Minister {family} spoke on day {rng.randrange(1000)}."})
        if answer.status_code < 300:
            known.extend(e["id"] for e in answer.json()["entities"])
        return kind, answer
    if kind == "review":
        items = http.get("/v1/review", params={"status": "open"}).json()["items"]
        if not items:
            return kind, http.get("/v1/review")
        return kind, http.post(f"/v1/review/{rng.choice(items)['id']}",
                               json={"decision": rng.choice(["accept", "reject"])})
    if kind in ("post", "edit"):
        a, b = rng.sample(people, 2)
        article_id = f"mixed-{rng.randrange(6)}"  # a pool of IDs: a post may edit an earlier one
        answer = http.post("/v1/articles", json={"text": meeting(a, b, rng.randrange(1000)),
                                                 "external_id": article_id})
        if answer.status_code < 300:
            known.extend(e["id"] for e in answer.json()["entities"])
        return kind, answer
    if kind == "delete":
        listing = http.get(f"/v1/entities/{rng.choice(known)}/articles")
        items = listing.json()["items"] if listing.status_code == 200 else []
        if not items:
            return kind, listing
        return kind, http.delete(f"/v1/articles/{rng.choice(items)['id']}")
    if kind == "merge":
        a, b = rng.sample(known, 2)
        return kind, http.post(f"/v1/entities/{a}/merge", json={"other_id": b})
    if kind == "rename":
        return kind, http.post(f"/v1/entities/{rng.choice(known)}/rename",
                               json={"name": rng.choice(people)})
    if kind == "distinct":
        a, b = rng.sample(known, 2)
        return kind, http.post(f"/v1/entities/{a}/distinct", json={"other_id": b})
    if kind == "split":
        entity_id = rng.choice(known)
        mentions = http.get(f"/v1/entities/{entity_id}/mentions").json().get("items", [])
        answer = http.post(f"/v1/entities/{entity_id}/split",
                           json={"mention_ids": [m["id"] for m in mentions[:1]] or [1]})
        if answer.status_code == 200:
            known.append(answer.json()["entity"]["id"])
        return kind, answer
    entries = http.get("/v1/audit", params={"limit": 20}).json()["items"]
    if not entries:
        return kind, http.get("/v1/audit")
    return kind, http.post(f"/v1/audit/{rng.choice(entries)['id']}/undo", json={})
