"""GET /v1/mentions/{id}/why through the API, on SQLite and PostgreSQL:
articles posted as a newsroom would, and the decision behind each person's
mention read back: the candidates weighed, the rule, the outcome, and where
curation moved the mention since."""
from service.resolve.link import LINK_ABOVE
from tests.api.test_curation import curate, one_id, post
from tests.reliability.helpers import row_counts

VERLAQUE = "Secretary of State Antonin Verlaque met the Jordanian foreign minister in Amman on Monday."
PERES = "Israeli President Shimon Peres met Palestinian leader Mahmoud Abbas in Jerusalem on the peace process."


def why(client, body, surface) -> dict:
    """The decision behind the first mention written `surface`."""
    mention = next(m for m in body["mentions"] if m["text"] == surface)
    response = client.get(f"/v1/mentions/{mention['id']}/why")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["mention"] == {key: mention[key] for key in ("id", "start", "end", "text")} \
        | {"article_id": body["id"]}
    return answer


def chosen(answer) -> dict:
    [candidate] = [c for c in answer["candidates"] if c["chosen"]]
    return candidate


def test_a_new_person_was_created_with_no_candidates(client):
    body = post(client, VERLAQUE)
    answer = why(client, body, "Antonin Verlaque")
    verlaque = one_id(body, "Antonin Verlaque")
    assert (answer["outcome"], answer["rule"], answer["candidates"]) == ("created", None, [])
    assert answer["decided_entity"]["id"] == answer["current_entity"]["id"] == verlaque
    assert not answer["moved"] and answer["name"] == "Antonin Verlaque"
    assert answer["titles"] == ["secretary of state"]
    assert answer["thresholds"]["link_above"] == LINK_ABOVE
    assert "new person" in answer["summary"] and "no known person" in answer["summary"]


def test_a_full_name_links_above_the_threshold_with_its_alignment(client):
    verlaque = one_id(post(client, VERLAQUE), "Antonin Verlaque")
    body = post(client, "Antonin Verlaque flew to Cairo on Tuesday to meet the Egyptian foreign minister.")
    answer = why(client, body, "Antonin Verlaque")
    assert (answer["outcome"], answer["rule"]) == ("linked", "name_match")
    best = chosen(answer)
    assert best["entity"]["id"] == verlaque == answer["decided_entity"]["id"]
    assert best["score"] >= LINK_ABOVE and best["name_match"] and best["plausible"]
    compared = client.post("/v1/names/compare", json={"a": best["spelling"], "b": best["alias"]}).json()
    assert best["alignment"] == compared and compared["match"]
    assert "linked to Antonin Verlaque" in answer["summary"]


def test_a_surname_alone_links_to_its_sole_bearer(client):
    verlaque = one_id(post(client, VERLAQUE), "Antonin Verlaque")
    body = post(client, '"We are ready," Verlaque told reporters in Amman on Tuesday.')
    answer = why(client, body, "Verlaque")
    assert (answer["outcome"], answer["rule"]) == ("linked", "sole_bearer")
    assert chosen(answer)["entity"]["id"] == verlaque
    assert "only known person" in answer["summary"]


def test_a_doubtful_spelling_is_a_new_person_queued_for_review(client):
    peres = one_id(post(client, PERES), "Shimon Peres")
    body = post(client, "Shimon Perez, a tenor from Madrid, sang at the opera festival in Salzburg.")
    answer = why(client, body, "Shimon Perez")
    assert (answer["outcome"], answer["rule"]) == ("queued_for_review", None)
    [candidate] = answer["candidates"]
    assert candidate["entity"]["id"] == peres and candidate["review"] and not candidate["chosen"]
    assert not candidate["name_match"] and candidate["alignment"]["explanation"]
    listed = {i["candidate"]["id"] for i in client.get("/v1/review").json()["items"]}
    assert listed == {peres}
    assert "Listed for review as possibly Shimon Peres" in answer["summary"]


def test_a_doubtful_spelling_linked_by_its_company_is_queued_for_review(client):
    peres = one_id(post(client, PERES), "Shimon Peres")
    body = post(client, "Shimon Perez and Mahmoud Abbas discussed the peace process again in Jerusalem on Tuesday.")
    answer = why(client, body, "Shimon Perez")
    assert (answer["outcome"], answer["rule"]) == ("queued_for_review", "context")
    best = chosen(answer)
    assert best["entity"]["id"] == peres and best["review"] and best["score"] < LINK_ABOVE
    assert best["evidence_for"], best
    assert "The link is listed for editors to review." in answer["summary"]


def test_a_lone_surname_of_two_known_people_names_both_for_review(client):
    bashar = one_id(post(client, "President Bashar al-Assad met the envoys in Damascus."), "Bashar al-Assad")
    hafez = one_id(post(client, "Hafez al-Assad died in 2000 after three decades in power."), "Hafez al-Assad")
    answer = why(client, post(client, "Assad said on Monday that the talks had failed."), "Assad")
    assert answer["outcome"] == "queued_for_review" and answer["rule"] is None
    assert {c["entity"]["id"] for c in answer["candidates"] if c["review"]} == {bashar, hafez}


def test_a_bridging_name_merged_two_entities(client):
    first = one_id(post(client, "Abdulaziz Jassem spoke to reporters in Amman on Sunday."), "Abdulaziz Jassem")
    second = one_id(post(client, "Maj. Gen. Abdulaziz al-Shallal said he had defected."), "Abdulaziz al-Shallal")
    body = post(client, "Maj. Gen. Abdul-Aziz Jassem al-Shallal, the head of the military police, "
                        "defected on Wednesday.")
    answer = why(client, body, "Abdul-Aziz Jassem al-Shallal")
    assert answer["outcome"] == "merged" and answer["rule"] == "name_match"
    survivor = chosen(answer)["entity"]["id"]
    absorbed = [c["entity"]["id"] for c in answer["candidates"] if c["absorbed"]]
    assert {survivor, *absorbed} == {first, second} and len(absorbed) == 1
    assert "same person" in answer["summary"]


def test_after_an_editor_merge_the_mention_is_elsewhere(client):
    verlaque = one_id(post(client, VERLAQUE), "Antonin Verlaque")
    body = post(client, "Tony Verlaque, the secretary's nickname in Paris, made headlines on Friday.")
    tony = one_id(body, "Tony Verlaque")
    assert tony != verlaque
    assert curate(client, verlaque, "merge", other_id=tony).status_code == 200
    answer = why(client, body, "Tony Verlaque")
    assert answer["decided_entity"]["id"] == tony and answer["current_entity"]["id"] == verlaque
    assert answer["moved"] and "moved the mention to Antonin Verlaque" in answer["summary"]


def test_every_mention_listed_has_its_decision(client):
    body = post(client, VERLAQUE + " Verlaque said the talks went well.")
    article = client.get(f"/v1/articles/{body['id']}").json()
    mentions = client.get(f"/v1/entities/{one_id(body, 'Antonin Verlaque')}/mentions").json()["items"]
    assert {m["id"] for m in mentions} <= {m["id"] for m in article["mentions"]}
    for mention in mentions:
        answer = client.get(f"/v1/mentions/{mention['id']}/why").json()
        assert answer["outcome"] == "created" and set(answer["spellings"]) == {"Antonin Verlaque", "Verlaque"}


def test_an_edited_article_is_decided_again(client, settings):
    first = client.post("/v1/articles", json={"text": VERLAQUE, "external_id": "wire-7"}).json()
    edited = client.post("/v1/articles", json={"text": "Paul Durand said in Lyon on Monday that "
                                               + VERLAQUE, "external_id": "wire-7"}).json()
    assert row_counts(settings.database_url)["decision"] == 2  # the old version's decision is gone
    answer = why(client, edited, "Antonin Verlaque")
    # Decided against the store as it was: the old version's person, linked again.
    assert answer["outcome"] == "linked" and answer["decided_entity"]["id"] == first["mentions"][0]["entity_id"]
    assert why(client, edited, "Paul Durand")["outcome"] == "created"


def test_a_deleted_article_or_unknown_mention_is_404(client, settings):
    body = post(client, VERLAQUE)
    mention = body["mentions"][0]["id"]
    assert client.delete(f"/v1/articles/{body['id']}").status_code == 204
    assert row_counts(settings.database_url)["decision"] == 0
    for gone in (mention, 999_999):
        response = client.get(f"/v1/mentions/{gone}/why")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found" and str(gone) in response.json()["message"]
    assert client.get("/v1/mentions/0/why").status_code == 422
