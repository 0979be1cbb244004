"""`namesake import-people` and `namesake export`, the real commands, on
SQLite and PostgreSQL: people keyed by their external identifiers, found
from the first article that names them, an import run twice changing nothing,
the ledger consistent after it all, and an export that reads back in."""
import csv
import json
import os
import re
import subprocess
from pathlib import Path

from tests.api.test_changes import feed
from tests.api.test_curation import curate, one_id, post
from tests.test_config_cli import NAMESAKE

SABAHI = {"name": "Hamdeen Sabahi", "aliases": ["Hamdin Sabbahi"], "external_ids": {"wikidata": "Q1056123"},
          "titles": ["politician"], "description": "Egyptian politician"}
HIJAB = {"name": "Riyad Hijab", "aliases": ["Riad Hijab", "Riyad Farid Hijab"],
         "external_ids": {"wikidata": "Q720370", "newsroom": "p-2"}, "titles": ["Prime Minister"],
         "description": "Prime minister of Syria in 2012"}
SHALLAL = {"name": "Abdulaziz al-Shallal", "external_ids": {"wikidata": "Q4666931"}}
# Its identifiers name two different people: refused.
BOTH = {"name": "Somebody", "external_ids": {"wikidata": "Q1056123", "newsroom": "p-2"}}
# spaCy alone finds no one here (tests/nlp/test_known.py).
SABAHI_SAID = "Sabahi said on Tuesday that the constitution must be rewritten."


def namesake(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "warning"}
    return subprocess.run([NAMESAKE, *args], capture_output=True, text=True, env=env, timeout=300)


def import_people(url: str, path: Path, *flags: str) -> subprocess.CompletedProcess:
    return namesake(url, "import-people", "--quiet", str(path), *flags)


def summary(result: subprocess.CompletedProcess) -> dict[str, int]:
    """The summary line's counts: {"records": 3, "created": 3, ...}."""
    line = result.stdout.strip().splitlines()[-1]
    return {name: int(value) for name, value in re.findall(r"([a-z][a-z ]*): (\d+)(?![\d.])", line)}


def jsonl(path: Path, *lines: dict | str) -> Path:
    path.write_text("".join((json.dumps(x) if isinstance(x, dict) else x) + "\n" for x in lines), encoding="utf-8")
    return path


def holder(client, written: str) -> dict:
    [hit] = client.get("/v1/entities", params={"external_id": written}).json()["items"]
    return client.get(f"/v1/entities/{hit['id']}").json()


def check_is_clean(url: str) -> None:
    result = namesake(url, "check", "--quiet")
    assert result.returncode == 0 and result.stdout.strip() == "0 differences in 0 entities", result


def test_import_creates_people_refuses_bad_records_and_a_second_run_changes_nothing(client, database_url,
                                                                                     tmp_path):
    people = jsonl(tmp_path / "people.jsonl", SABAHI, HIJAB, "", "{not json", {"name": "Nobody Known"},
                   BOTH, SHALLAL)
    first = import_people(database_url, people)
    assert first.returncode == 1, first.stderr  # some records refused
    assert summary(first) == {"records": 6, "created": 3, "updated": 0, "unchanged": 0, "refused": 3,
                              "conflict": 1, "no external identifier": 1, "unreadable": 1}
    assert f"{people}:4: unreadable: not valid JSON" in first.stderr
    assert f"{people}:5: no external identifier" in first.stderr
    assert f"{people}:6: conflict: the identifiers name different people" in first.stderr
    hijab = holder(client, "newsroom:p-2")
    assert hijab["canonical_name"] == "Riyad Hijab" and hijab["description"] == "Prime minister of Syria in 2012"
    assert hijab["external_ids"] == {"wikidata": "Q720370", "newsroom": "p-2"}
    assert {a["surface"]: a["count"] for a in hijab["aliases"]} == {
        "Riyad Hijab": 0, "Riad Hijab": 0, "Riyad Farid Hijab": 0}
    assert hijab["titles"] == {"prime minister": 0} and hijab["mention_count"] == 0
    assert holder(client, "wikidata:Q1056123")["titles"] == {}  # "politician" is no title the vocabulary knows
    changes = feed(client)
    assert sorted(c["kind"] for c in changes["items"]) == ["entity.created"] * 3 + ["external_id.set"] * 4
    assert {c["actor"] for c in changes["items"]} == {"import-people"}
    check_is_clean(database_url)

    again = import_people(database_url, people, "--actor", "nightly")
    assert summary(again)["unchanged"] == 3 and summary(again)["created"] == summary(again)["updated"] == 0
    assert feed(client, after=changes["next_after"])["items"] == []
    check_is_clean(database_url)


def test_csv_import_updates_a_known_person_with_what_it_lacks(client, database_url, tmp_path):
    first = tmp_path / "people.csv"
    first.write_text("name,aliases,external_ids,titles,description,notes\n"
                     "Riyad Hijab,Riad Hijab,wikidata:Q720370,Prime Minister,,ignored\n", encoding="utf-8")
    assert summary(import_people(database_url, first))["created"] == 1
    later = tmp_path / "later.csv"
    with later.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["external_ids", "name", "aliases", "titles", "description"])
        writer.writerow(["wikidata:Q720370; newsroom:p-2", "Riyad Farid Hijab", "Riad Hijab;Riyad Hijab",
                         "Prime Minister;General", "Prime minister of Syria, 2012"])
        writer.writerow(["viaf:1;wikidata:Q720370", "Riyad Hijab", "", "", ""])  # adds viaf:1
        writer.writerow(["newsroom:p-9;wikidata:Q720370", "Riyad Hijab", "", "", ""])  # it has newsroom:p-2
        writer.writerow(["wikidata", "Riyad Hijab", "", "", ""])
    result = import_people(database_url, later)
    assert summary(result) == {"records": 4, "created": 0, "updated": 2, "unchanged": 0, "refused": 2,
                               "conflict": 1, "unreadable": 1}, result.stderr
    assert f"{later}:4: conflict: entity" in result.stderr and "newsroom:p-9" in result.stderr
    assert f"{later}:5: unreadable: invalid record: external_ids:" in result.stderr
    hijab = holder(client, "newsroom:p-2")
    # The canonical name stays the one it was created with; the new name is an alias.
    assert hijab["canonical_name"] == "Riyad Hijab" and hijab["description"] == "Prime minister of Syria, 2012"
    assert hijab["external_ids"] == {"wikidata": "Q720370", "newsroom": "p-2", "viaf": "1"}
    assert {a["surface"] for a in hijab["aliases"]} == {"Riyad Hijab", "Riad Hijab", "Riyad Farid Hijab"}
    assert hijab["titles"] == {"prime minister": 0, "general": 0}
    later.write_text("name,external_ids\nRiyad Hijab,wikidata:Q720370\n", encoding="utf-8")
    quiet = import_people(database_url, later)
    assert quiet.returncode == 0 and quiet.stdout.strip().endswith("(nothing to change)"), quiet.stdout
    check_is_clean(database_url)


def test_files_that_cannot_be_read_stop_before_anything_is_done(database_url, tmp_path):
    assert import_people(database_url, tmp_path / "missing.jsonl").returncode == 2
    (tmp_path / "people.txt").write_text(json.dumps(SABAHI) + "\n")
    unknown = import_people(database_url, tmp_path / "people.txt")
    assert unknown.returncode == 2 and "--format" in unknown.stderr
    assert import_people(database_url, tmp_path / "people.txt", "--format", "jsonl").returncode == 0
    (tmp_path / "bad.csv").write_text("name,aliases\nRiyad Hijab,\n")
    headless = import_people(database_url, tmp_path / "bad.csv")
    assert headless.returncode == 2 and "lacks external_ids" in headless.stderr


def test_an_imported_person_is_linked_from_the_first_article(client, database_url, tmp_path):
    import_people(database_url, jsonl(tmp_path / "people.jsonl", SABAHI, HIJAB))
    sabahi, hijab = holder(client, "wikidata:Q1056123")["id"], holder(client, "wikidata:Q720370")["id"]
    # Found by the extraction matcher (the model alone sees no one), linked to the authority's person.
    said = post(client, SABAHI_SAID)
    assert one_id(said, "Sabahi") == sabahi
    # An alias the authority gave, and a short form of it.
    defected = post(client, "Prime Minister Riad Hijab defected to Jordan. Hijab said he had left Damascus.")
    assert one_id(defected, "Riad Hijab") == hijab and one_id(defected, "Hijab") == hijab
    found = holder(client, "wikidata:Q720370")
    assert found["canonical_name"] == "Riyad Hijab" and found["mention_count"] == 2
    assert {a["surface"]: a["count"] for a in found["aliases"]}["Riad Hijab"] == 1
    check_is_clean(database_url)
    # Deleting the article takes its mentions back; what the authority gave stays.
    assert client.delete(f"/v1/articles/{defected['id']}").status_code == 204
    after = holder(client, "wikidata:Q720370")
    assert {a["surface"]: a["count"] for a in after["aliases"]} == {
        "Riyad Hijab": 0, "Riad Hijab": 0, "Riyad Farid Hijab": 0}
    assert after["titles"] == {"prime minister": 0}
    check_is_clean(database_url)


def test_a_merge_takes_the_authority_names_to_the_survivor_and_its_undo_back(client, database_url, tmp_path):
    import_people(database_url, jsonl(tmp_path / "people.jsonl", SHALLAL))
    imported = holder(client, "wikidata:Q4666931")["id"]
    written = one_id(post(client, "Abdulaziz Jassem spoke in Riyadh on Monday."), "Abdulaziz Jassem")
    merged = curate(client, written, "merge", other_id=imported).json()
    survivor = merged["entity"]
    assert {a["surface"] for a in survivor["aliases"]} == {"Abdulaziz Jassem", "Abdulaziz al-Shallal"}
    assert survivor["external_ids"] == {"wikidata": "Q4666931"}
    check_is_clean(database_url)
    # A later article finds the survivor by the authority's name.
    assert one_id(post(client, "Abdulaziz al-Shallal met the minister."), "Abdulaziz al-Shallal") == written
    client.post(f"/v1/audit/{merged['audit']['id']}/undo", json={})
    assert {a["surface"] for a in client.get(f"/v1/entities/{imported}").json()["aliases"]} == {
        "Abdulaziz al-Shallal"}
    assert holder(client, "wikidata:Q4666931")["id"] == imported
    check_is_clean(database_url)


def exported(url: str, *flags: str) -> str:
    result = namesake(url, "export", "--quiet", *flags)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_export_reads_back_in_and_the_endpoint_streams_the_same(client, database_url, tmp_path):
    import_people(database_url, jsonl(tmp_path / "people.jsonl", SABAHI, HIJAB, SHALLAL))
    lines = exported(database_url).splitlines()
    records = [json.loads(line) for line in lines]
    assert sorted(r["name"] for r in records) == ["Abdulaziz al-Shallal", "Hamdeen Sabahi", "Riyad Hijab"]
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    hijab = next(r for r in records if r["name"] == "Riyad Hijab")
    assert hijab["aliases"] == {"Riad Hijab": 0, "Riyad Farid Hijab": 0, "Riyad Hijab": 0}
    assert hijab["titles"] == {"prime minister": 0} and hijab["merged_ids"] == []
    assert (hijab["mention_count"], hijab["article_count"]) == (0, 0)
    streamed = client.get("/v1/entities:export")
    assert streamed.status_code == 200 and streamed.headers["content-type"] == "application/x-ndjson"
    assert streamed.text.splitlines() == lines
    changes = feed(client)["next_after"]
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert summary(import_people(database_url, tmp_path / "export.jsonl"))["unchanged"] == 3
    out = tmp_path / "export.csv"
    namesake(database_url, "export", "--quiet", "--format", "csv", "--out", str(out))
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("id,name,aliases,titles,external_ids")
    assert summary(import_people(database_url, out))["unchanged"] == 3
    assert feed(client, after=changes)["items"] == []


def test_an_export_lists_the_ids_merged_into_each_entity(client, database_url):
    body = post(client, "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday.")
    merkel, macron = one_id(body, "Angela Merkel"), one_id(body, "Emmanuel Macron")
    curate(client, merkel, "merge", other_id=macron)
    [record] = [json.loads(line) for line in exported(database_url).splitlines()]
    assert (record["id"], record["merged_ids"], record["mention_count"]) == (merkel, [macron], 2)
    assert client.get("/v1/entities:export").text.splitlines() == exported(database_url).splitlines()
