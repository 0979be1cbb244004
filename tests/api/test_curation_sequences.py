"""Long random sequences of posts, edits, deletes, merges, splits, renames,
distinct marks, undos and review settlements (five of the six seeds settle
at least one item) about a few people, one request at a time, in
process: after every answer `namesake check` must find the whole store
consistent (tests/reliability/helpers.py store_problems).
Where the concurrent tests find races, these find orders of operations that
curation code does not handle (an undo after a later merge, say)."""
import random

import pytest

from tests.reliability.helpers import meeting, person, random_operation, store_problems

# A refusal is a rightful answer to a random operation (the pair already
# merged, a split that would empty an entity, an entry already undone).
EXPECTED = {200, 201, 204, 404, 409}


@pytest.mark.parametrize("seed", range(6))
def test_random_curation_keeps_the_store_consistent(client, settings, seed):
    known = []
    for i in range(4):
        answer = client.post("/v1/articles", json={"text": meeting(person(2 * i), person(2 * i + 1), i),
                                                   "external_id": f"pair-{i}"})
        known += [e["id"] for e in answer.json()["entities"]]
    rng = random.Random(seed)
    done = []
    for _ in range(60):
        kind, answer = random_operation(rng, client, [person(i) for i in range(8)], known)
        done.append((kind, answer.status_code, answer.request.url.path))
        assert answer.status_code in EXPECTED, (done[-5:], answer.text)
        assert store_problems(settings.database_url) == {}, done[-5:]
    assert {kind for kind, status, _ in done if status < 300} >= {"merge", "split", "rename", "distinct", "undo"}
