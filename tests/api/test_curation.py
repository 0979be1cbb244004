"""Curation through the API, on SQLite and PostgreSQL: merge, split, rename,
distinct, the audit log and undo, and later articles respecting each."""
import pytest

MERKEL = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."
MACRON = "Emmanuel Macron resigned on Tuesday, said Angela Merkel."


def post(client, text):
    response = client.post("/v1/articles", json={"text": text})
    assert response.status_code in (200, 201), response.text
    return response.json()


def one_id(body, surface):
    [entity_id] = {m["entity_id"] for m in body["mentions"] if m["text"] == surface}
    return entity_id


def curate(client, entity_id, action, **body):
    return client.post(f"/v1/entities/{entity_id}/{action}", json={"actor": "editor-1", **body})


def test_merge_then_later_articles_link_to_the_survivor_and_undo(client):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    macron = one_id(post(client, MACRON), "Emmanuel Macron")
    merged = curate(client, merkel, "merge", other_id=macron)
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["entity"]["id"] == merkel and body["entity"]["mention_count"] == 4
    assert body["audit"]["action"] == "merge" and body["audit"]["actor"] == "editor-1"
    assert client.get(f"/v1/entities/{macron}").json()["redirected_from"] == macron
    later = post(client, "Emmanuel Macron spoke in Paris on Friday.")
    assert one_id(later, "Emmanuel Macron") == merkel
    undone = client.post(f"/v1/audit/{body['audit']['id']}/undo", json={"actor": "editor-2"})
    assert undone.status_code == 200 and undone.json()["action"] == "undo"
    restored = client.get(f"/v1/entities/{macron}").json()
    assert restored["id"] == macron and restored["redirected_from"] is None
    assert restored["mention_count"] == 2
    assert client.post(f"/v1/audit/{body['audit']['id']}/undo", json={}).status_code == 409


def test_split_by_alias_then_later_articles_respect_it(client):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    macron = one_id(post(client, MACRON), "Emmanuel Macron")
    curate(client, merkel, "merge", other_id=macron)
    split = curate(client, merkel, "split", aliases=["Emmanuel Macron"])
    assert split.status_code == 200, split.text
    new = split.json()["entity"]
    assert new["id"] != merkel and new["canonical_name"] == "Emmanuel Macron"
    assert {a["surface"] for a in new["aliases"]} == {"Emmanuel Macron"}
    assert {a["surface"] for a in client.get(f"/v1/entities/{merkel}").json()["aliases"]} == {
        "Angela Merkel"}
    later = post(client, MACRON.replace("Tuesday", "Wednesday"))
    assert one_id(later, "Emmanuel Macron") == new["id"]
    assert one_id(later, "Angela Merkel") == merkel
    # split entities are distinct: merging them back needs an undo, not a merge
    assert curate(client, merkel, "merge", other_id=new["id"]).status_code == 409


def test_split_by_mention_ids(client):
    body = post(client, "Angela Merkel met Olaf Scholz in Berlin. Angela Merkel then left.")
    merkel = one_id(body, "Angela Merkel")
    second = [m["id"] for m in body["mentions"] if m["text"] == "Angela Merkel"][1]
    new = curate(client, merkel, "split", mention_ids=[second]).json()["entity"]
    assert new["mention_count"] == 1
    assert client.get(f"/v1/entities/{merkel}").json()["mention_count"] == 1
    article = client.get(f"/v1/articles/{body['id']}").json()
    assert [m["entity_id"] for m in article["mentions"] if m["text"] == "Angela Merkel"] == [
        merkel, new["id"]]


def test_rename_sticks_and_undo_restores(client):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    renamed = curate(client, merkel, "rename", name="Angela Dorothea Merkel")
    assert renamed.json()["entity"]["canonical_name"] == "Angela Dorothea Merkel"
    post(client, MACRON)
    post(client, "Angela Merkel met Olaf Scholz in Berlin. Angela Merkel then left.")
    assert client.get(f"/v1/entities/{merkel}").json()["canonical_name"] == "Angela Dorothea Merkel"
    client.post(f"/v1/audit/{renamed.json()['audit']['id']}/undo", json={})
    assert client.get(f"/v1/entities/{merkel}").json()["canonical_name"] == "Angela Merkel"


def test_distinct_entities_are_never_bridged(client):
    first = one_id(post(client, "Abdulaziz Jassem spoke to reporters in Amman on Sunday."),
                   "Abdulaziz Jassem")
    second = one_id(post(client, "Maj. Gen. Abdulaziz al-Shallal said he had defected."),
                    "Abdulaziz al-Shallal")
    assert curate(client, first, "distinct", other_id=second).status_code == 200
    post(client, "Maj. Gen. Abdul-Aziz Jassem al-Shallal, the head of the military police, "
                 "defected on Wednesday.")
    assert client.get(f"/v1/entities/{first}").json()["id"] == first
    assert client.get(f"/v1/entities/{second}").json()["id"] == second


def test_audit_log_lists_every_curation_newest_first(client):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    curate(client, merkel, "rename", name="A. Merkel")
    curate(client, merkel, "rename", name="Angela Merkel")
    page = client.get("/v1/audit", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_offset"] == 1
    assert page["items"][0]["details"]["name"] == "Angela Merkel"
    assert page["items"][0]["details"]["old_name"] == "A. Merkel"


@pytest.mark.parametrize("action, body, status", [
    ("merge", {"other_id": "nobody"}, 404),
    ("distinct", {"other_id": "nobody"}, 404),
    ("split", {"aliases": ["Nobody Known"]}, 409),
    ("split", {"mention_ids": "x"}, 422),
    ("rename", {"name": ""}, 422),
    ("rename", {}, 422),
])
def test_bad_curations_are_4xx(client, action, body, status):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    response = curate(client, merkel, action, **body)
    assert response.status_code == status, response.text
    assert response.json()["message"]


def test_curation_of_unknown_entity_is_404(client):
    assert curate(client, "nobody", "rename", name="X").status_code == 404
    assert client.post("/v1/audit/999999/undo", json={}).status_code == 404


def test_merging_an_entity_with_itself_is_409(client):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    assert curate(client, merkel, "merge", other_id=merkel).status_code == 409
    assert curate(client, merkel, "distinct", other_id=merkel).status_code == 409


def test_undoing_a_split_after_the_source_was_merged_away(client, settings):
    """Split Merkel's mention off, merge Merkel into Macron, undo the split:
    the mention goes to Macron, where Merkel now lives, never back onto the
    merged-away ID; the store stays consistent."""
    from tests.reliability.helpers import store_problems

    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    mention = next(m["id"] for m in post(client, MACRON)["mentions"] if m["text"] == "Angela Merkel")
    macron = one_id(post(client, MACRON + " Again."), "Emmanuel Macron")
    split = curate(client, merkel, "split", mention_ids=[mention])
    assert split.status_code == 200, split.text
    assert curate(client, macron, "merge", other_id=merkel).status_code == 200
    undone = client.post(f"/v1/audit/{split.json()['audit']['id']}/undo", json={})
    assert undone.status_code == 200, undone.text
    assert store_problems(settings.database_url) == {}
    assert client.get(f"/v1/entities/{split.json()['entity']['id']}").json()["id"] == macron


def _split_off_one_merkel(client):
    """Merkel's entity with a second article's mention split off; answers
    (Merkel's ID, Macron's ID, the split's answer)."""
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    mention = next(m["id"] for m in post(client, MACRON)["mentions"] if m["text"] == "Angela Merkel")
    macron = one_id(post(client, MACRON + " Again."), "Emmanuel Macron")
    split = curate(client, merkel, "split", mention_ids=[mention])
    assert split.status_code == 200, split.text
    return merkel, macron, split.json()


def test_undoing_a_split_after_the_new_entity_absorbed_another(client, settings):
    """Split off, merge Macron into the new entity, undo the split: the new
    entity joins Merkel with everything it took in, and no mention, alias
    or key is left on a merged-away ID."""
    from tests.reliability.helpers import store_problems

    merkel, macron, split = _split_off_one_merkel(client)
    new = split["entity"]["id"]
    assert curate(client, new, "merge", other_id=macron).status_code == 200
    undone = client.post(f"/v1/audit/{split['audit']['id']}/undo", json={})
    assert undone.status_code == 200, undone.text
    assert store_problems(settings.database_url) == {}
    for entity_id in (new, macron):
        assert client.get(f"/v1/entities/{entity_id}").json()["id"] == merkel
    assert client.get(f"/v1/entities/{merkel}").json()["mention_count"] == 6


def test_undoing_a_split_after_the_new_entity_was_merged_elsewhere_is_refused(client, settings):
    """Once the new entity lives on inside another person, the undo would
    join two people the editor never joined: 409, and nothing changes."""
    from tests.reliability.helpers import row_counts, store_problems

    merkel, macron, split = _split_off_one_merkel(client)
    new = split["entity"]["id"]
    assert curate(client, macron, "merge", other_id=new).status_code == 200
    before = row_counts(settings.database_url)
    undone = client.post(f"/v1/audit/{split['audit']['id']}/undo", json={})
    assert undone.status_code == 409 and macron in undone.json()["message"], undone.text
    assert row_counts(settings.database_url) == before
    assert store_problems(settings.database_url) == {}
    assert client.get(f"/v1/entities/{merkel}").json()["id"] == merkel


def test_undoing_a_merge_after_the_survivor_was_merged_on(client, settings):
    """Merge Macron into Merkel, then Merkel into a third person, then undo
    the first merge: Macron's mentions come back from where they went."""
    from tests.reliability.helpers import store_problems

    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    macron = one_id(post(client, MACRON), "Emmanuel Macron")
    scholz = one_id(post(client, "Chancellor Olaf Scholz spoke in Berlin."), "Olaf Scholz")
    first = curate(client, merkel, "merge", other_id=macron)
    assert first.status_code == 200
    assert curate(client, scholz, "merge", other_id=merkel).status_code == 200
    undone = client.post(f"/v1/audit/{first.json()['audit']['id']}/undo", json={})
    assert undone.status_code == 200, undone.text
    assert store_problems(settings.database_url) == {}
    restored = client.get(f"/v1/entities/{macron}").json()
    assert restored["id"] == macron and restored["mention_count"] == 2
    assert client.get(f"/v1/entities/{merkel}").json()["id"] == scholz


def test_a_split_takes_the_context_words_of_the_mentions_it_moves(client, settings):
    """Two articles about one person; the second one's mention split off
    takes that article's context words with it, and leaves the first's."""
    from sqlalchemy import create_engine, text

    from tests.reliability.helpers import store_problems

    first = post(client, "Chancellor Angela Merkel inaugurated the hydroelectric reservoir near Dresden.")
    second = post(client, "Angela Merkel criticized the pharmaceutical cartel during parliamentary questions.")
    merkel = one_id(first, "Angela Merkel")
    assert one_id(second, "Angela Merkel") == merkel
    moved = [m["id"] for m in second["mentions"] if m["text"] == "Angela Merkel"]
    split = curate(client, merkel, "split", mention_ids=moved)
    assert split.status_code == 200, split.text
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        def words(entity_id):
            return set(connection.execute(text("SELECT word FROM entity_word WHERE entity_id = :e"),
                                          {"e": entity_id}).scalars())
        source, new = words(merkel), words(split.json()["entity"]["id"])
    engine.dispose()
    assert {"hydroelectric", "reservoir"} <= source and not {"pharmaceutical", "cartel"} & source
    assert {"pharmaceutical", "cartel"} <= new and not {"hydroelectric", "reservoir"} & new
    assert store_problems(settings.database_url) == {}
