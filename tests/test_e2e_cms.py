"""A newsroom's day, end to end on SQLite and PostgreSQL, with real processes:
people imported from an authority file with their Wikidata IDs (`namesake
import-people`), articles posted by the wire service to `namesake serve`,
the change feed followed by the CMS while an editor merges, splits, renames
and sets identifiers, the same changes received by webhook (a receiver of
the test's own, in a thread), an article deleted, and the store exported
(`GET /v1/entities:export` and `namesake export`) and read back in.

Waits poll with generous bounds; nothing asserts timing."""
import json
import threading
from collections.abc import Iterator

import httpx
import pytest

from bench.server import running_server
from service.client import ChangeOut, NamesakeClient, verify_signature
from tests.test_import_people import check_is_clean, exported, holder, import_people, jsonl, summary
from tests.test_webhooks import Receiver, delivered_all, wait_until

pytestmark = pytest.mark.e2e

SECRET = "newsroom-webhook-secret-0123456789"
# name -> (key, role): the CMS reads, the wire service posts, the desk edits.
KEYS = {"cms": ("cms-read-key-0123456789", "read"), "wire": ("wire-write-key-0123456789", "write"),
        "desk": ("desk-admin-key-0123456789", "admin")}

MERKEL = {"name": "Angela Merkel", "aliases": ["Angela Dorothea Merkel"], "external_ids": {"wikidata": "Q567"},
          "titles": ["Chancellor"], "description": "Chancellor of Germany, 2005-2021"}
MACRON = {"name": "Emmanuel Macron", "aliases": ["Emmanuel Jean-Michel Frédéric Macron"],
          "external_ids": {"wikidata": "Q3052772", "newsroom": "p-17"}, "titles": ["President"],
          "description": "President of France"}
SCHOLZ = {"name": "Olaf Scholz", "external_ids": {"wikidata": "Q61053"}, "titles": ["Chancellor"],
          "description": "Chancellor of Germany, 2021-2025"}
ZELENSKY_QID = "Q3874799"

ARTICLES = {
    "wire-001": "German Chancellor Olaf Scholz met French President Emmanuel Macron and former chancellor "
                "Angela Merkel in Berlin on Monday. Scholz said the talks had been frank, Macron called them "
                "useful, and Merkel said she was glad to be back.",
    "wire-002": "Ukrainian President Volodymyr Zelensky addressed the Bundestag on Wednesday. Zelensky thanked "
                "Olaf Scholz for Germany's support.",
    # Her name before she married: the machine cannot know it is hers.
    "wire-003": "Angela Kasner, a young physicist, defended her doctoral thesis in East Berlin in 1986, "
                "archive records show.",
    # A namesake of the chancellor: linked to him, until the desk splits him off.
    "wire-004": "Olaf Scholz, a dentist in Hamburg who shares the chancellor's name, says he still gets letters "
                "meant for the government.",
}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def server_settings(receiver: Receiver) -> dict[str, str]:
    """API keys, and webhooks with short pauses, so that the test takes seconds."""
    return {"API_KEYS": ",".join(f"{name}:{key}:{role}" for name, (key, role) in KEYS.items()),
            "WEBHOOK_URLS": receiver.url, "WEBHOOK_SECRET": SECRET, "WEBHOOK_BATCH_SIZE": "3",
            "WEBHOOK_TIMEOUT": "2", "WEBHOOK_LEASE": "6", "WEBHOOK_BACKOFF": "0.05",
            "WEBHOOK_MAX_BACKOFF": "0.2", "WEBHOOK_POLL_INTERVAL": "0.05"}


def client(base: str, name: str) -> NamesakeClient:
    return NamesakeClient(base, api_key=KEYS[name][0], timeout=120)


def http(base: str, name: str) -> httpx.Client:
    """For the calls service.client has no method for (identifier lookups and
    changes, the webhooks' status, the export)."""
    return httpx.Client(base_url=base, headers={"X-API-Key": KEYS[name][0]}, timeout=120)


class Follower:
    """The CMS following the change feed from cursor 0 in a thread, as it
    would: pages read to the end, then looked at again, the cursor kept."""

    def __init__(self, base: str):
        self.items: list[ChangeOut] = []
        self.failure: BaseException | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, args=(base,), daemon=True)
        self._thread.start()

    def _run(self, base: str) -> None:
        cursor = 0
        try:
            with client(base, "cms") as cms:
                while not self._stop.is_set():
                    for change in cms.follow_changes(after=cursor, stop_when_idle=True, limit=4):
                        with self._lock:
                            self.items.append(change)
                        cursor = change.id
                    self._stop.wait(0.05)
        except BaseException as err:  # noqa: BLE001  shown by the test's thread
            self.failure = err

    def seen(self) -> list[ChangeOut]:
        assert self.failure is None, f"the follower failed: {self.failure!r}"
        with self._lock:
            return list(self.items)

    def caught_up(self, newest: int) -> list[ChangeOut]:
        return wait_until(lambda: (seen := self.seen()) and seen[-1].id >= newest and seen,
                          f"the follower to reach change {newest}")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(60)


def newest(cms: NamesakeClient) -> int:
    return cms.changes(after=0, limit=1000).next_after


def linked(article) -> dict[str, str]:
    """Each written form of the article's mentions -> its entity."""
    found: dict[str, set[str]] = {}
    for mention in article.mentions:
        found.setdefault(mention.text, set()).add(mention.entity_id)
    assert all(len(ids) == 1 for ids in found.values()), found
    return {text: ids.pop() for text, ids in found.items()}


def shape(changes: list[ChangeOut]) -> list[tuple[str, list[str], str | None, str]]:
    return [(c.kind, c.entity_ids, c.article_id, c.actor) for c in changes]


def test_a_newsroom_day(empty_database, receiver, tmp_path):
    url = empty_database
    # --- 2. the authority file, imported before the server runs ---
    people = jsonl(tmp_path / "people.jsonl", MERKEL, MACRON, SCHOLZ)
    imported = import_people(url, people, "--actor", "wikidata-sync")
    assert imported.returncode == 0, imported.stderr
    assert summary(imported) == {"records": 3, "created": 3, "updated": 0, "unchanged": 0, "refused": 0}

    # --- 3. the server, with keys and a webhook ---
    with running_server(url, tmp_path, server_settings(receiver)) as base, \
            client(base, "wire") as wire, client(base, "desk") as desk, client(base, "cms") as cms, \
            http(base, "cms") as reader, http(base, "desk") as admin:
        merkel = holder(reader, "wikidata:Q567")
        macron = holder(reader, "wikidata:Q3052772")
        scholz = holder(reader, "wikidata:Q61053")
        assert (merkel["canonical_name"], macron["canonical_name"], scholz["canonical_name"]) == (
            "Angela Merkel", "Emmanuel Macron", "Olaf Scholz")
        assert macron["external_ids"] == {"wikidata": "Q3052772", "newsroom": "p-17"}
        follower = Follower(base)

        # --- 4. the wire service posts; the imported people are found from the first article ---
        posted = {external_id: wire.post_article(text, external_id=external_id, source="Wire")
                  for external_id, text in ARTICLES.items()}
        first = linked(posted["wire-001"])
        assert first == {"Olaf Scholz": scholz["id"], "Scholz": scholz["id"],
                         "Emmanuel Macron": macron["id"], "Macron": macron["id"],
                         "Angela Merkel": merkel["id"], "Merkel": merkel["id"]}
        assert {e.id for e in posted["wire-001"].entities} == {merkel["id"], macron["id"], scholz["id"]}
        second, third, fourth = (linked(posted[k]) for k in ("wire-002", "wire-003", "wire-004"))
        zelensky, kasner = second["Volodymyr Zelensky"], third["Angela Kasner"]
        assert second == {"Volodymyr Zelensky": zelensky, "Zelensky": zelensky, "Olaf Scholz": scholz["id"]}
        assert third == {"Angela Kasner": kasner}
        assert len({zelensky, kasner, merkel["id"], macron["id"], scholz["id"]}) == 5
        assert fourth == {"Olaf Scholz": scholz["id"]}  # the namesake, linked to the chancellor
        dentist_mentions = [m.id for m in posted["wire-004"].mentions]

        # --- 5. the desk edits while the CMS follows the feed ---
        merged = desk.merge(merkel["id"], kasner)
        assert merged.entity.id == merkel["id"] and merged.audit.actor == "desk"
        assert desk.get_entity(kasner).redirected_from == kasner
        split = desk.split(scholz["id"], mention_ids=dentist_mentions)
        dentist = split.entity.id
        assert dentist != scholz["id"] and split.entity.mention_count == 1
        renamed = desk.rename(zelensky, "Volodymyr Zelenskyy")
        assert renamed.entity.canonical_name == "Volodymyr Zelenskyy"
        given = admin.put(f"/v1/entities/{zelensky}/external-ids/wikidata", json={"value": ZELENSKY_QID})
        assert given.status_code == 200 and given.json()["external_ids"] == {"wikidata": ZELENSKY_QID}, given.text
        # The newsroom's own people database knows the namesake.
        keyed = admin.put(f"/v1/entities/{dentist}/external-ids/newsroom", json={"value": "p-4711"})
        assert keyed.status_code == 200 and keyed.json()["external_ids"] == {"newsroom": "p-4711"}, keyed.text
        taken = admin.delete(f"/v1/entities/{macron['id']}/external-ids/newsroom")
        assert taken.status_code == 200 and taken.json()["external_ids"] == {"wikidata": "Q3052772"}
        assert holder(reader, f"wikidata:{ZELENSKY_QID}")["id"] == zelensky
        assert reader.get("/v1/entities", params={"external_id": "newsroom:p-17"}).json()["items"] == []

        seen = follower.caught_up(newest(cms))
        imported_changes = [
            ("entity.created", [merkel["id"]], None, "wikidata-sync"),
            ("external_id.set", [merkel["id"]], None, "wikidata-sync"),
            ("entity.created", [macron["id"]], None, "wikidata-sync"),
            ("external_id.set", [macron["id"]], None, "wikidata-sync"),  # newsroom, then wikidata
            ("external_id.set", [macron["id"]], None, "wikidata-sync"),
            ("entity.created", [scholz["id"]], None, "wikidata-sync"),
            ("external_id.set", [scholz["id"]], None, "wikidata-sync")]
        article_changes = [("entity.created", [zelensky], posted["wire-002"].id, "machine"),
                           ("entity.created", [kasner], posted["wire-003"].id, "machine")]
        desk_changes = [("entity.merged", [merkel["id"], kasner], None, "desk"),
                        ("entity.split", [scholz["id"], dentist], None, "desk"),
                        ("entity.renamed", [zelensky], None, "desk"),
                        ("external_id.set", [zelensky], None, "desk"),
                        ("external_id.set", [dentist], None, "desk"),
                        ("external_id.removed", [macron["id"]], None, "desk")]
        assert shape(seen) == imported_changes + article_changes + desk_changes
        assert [c.id for c in seen] == sorted({c.id for c in seen})  # in order, each once
        assert [c.details for c in seen[3:5]] == [
            {"scheme": "newsroom", "value": "p-17", "previous": None},
            {"scheme": "wikidata", "value": "Q3052772", "previous": None}]
        merge, split_change, rename, set_id, _, removed_id = seen[-6:]
        assert (merge.details["survivor"], merge.details["absorbed"]) == (merkel["id"], kasner)
        assert merge.details["audit_id"] == merged.audit.id
        assert (split_change.details["source"], split_change.details["new"]) == (scholz["id"], dentist)
        assert rename.details["name"] == "Volodymyr Zelenskyy"
        assert set_id.details == {"scheme": "wikidata", "value": ZELENSKY_QID, "previous": None}
        assert removed_id.details == {"scheme": "newsroom", "value": "p-17"}

        # --- 6. the webhook got the same changes, signed ---
        everything = delivered_all(admin, receiver)
        assert [ChangeOut.model_validate(c) for c in everything] == seen
        assert receiver.items() == everything  # the same items, in order, once each
        check_deliveries(receiver)

        # --- 7. an article deleted: in the feed and by webhook ---
        wire.delete_article(posted["wire-003"].id)
        deleted = follower.caught_up(newest(cms))[-1]
        follower.stop()
        # Its person is where the merge took her.
        assert shape([deleted]) == [("article.deleted", [merkel["id"]], posted["wire-003"].id, "wire")]
        assert deleted.details == {"external_id": "wire-003"}
        everything = delivered_all(admin, receiver)
        assert [ChangeOut.model_validate(c) for c in everything] == follower.seen() == seen + [deleted]
        assert receiver.items() == everything
        check_deliveries(receiver)

        # --- 8. the store exported, by the API and the command, and read back in ---
        streamed = reader.get("/v1/entities:export")
        assert streamed.status_code == 200 and streamed.headers["content-type"] == "application/x-ndjson"
        lines = exported(url).splitlines()
        assert streamed.text.splitlines() == lines
        records = {r["id"]: r for r in map(json.loads, lines)}
        assert set(records) == {merkel["id"], macron["id"], scholz["id"], zelensky, dentist}
        check_record(records[merkel["id"]], "Angela Merkel", {"wikidata": "Q567"},
                     {"Angela Merkel": 1, "Merkel": 1, "Angela Dorothea Merkel": 0}, mentions=2, articles=1,
                     merged=[kasner])
        check_record(records[macron["id"]], "Emmanuel Macron", {"wikidata": "Q3052772"},
                     {"Emmanuel Macron": 1, "Macron": 1, "Emmanuel Jean-Michel Frédéric Macron": 0},
                     mentions=2, articles=1)
        check_record(records[scholz["id"]], "Olaf Scholz", {"wikidata": "Q61053"},
                     {"Olaf Scholz": 2, "Scholz": 1}, mentions=3, articles=2)
        check_record(records[zelensky], "Volodymyr Zelenskyy", {"wikidata": ZELENSKY_QID},
                     {"Volodymyr Zelensky": 1, "Zelensky": 1}, mentions=2, articles=1)
        check_record(records[dentist], "Olaf Scholz", {"newsroom": "p-4711"}, {"Olaf Scholz": 1}, mentions=1,
                     articles=1)
        assert records[merkel["id"]]["description"] == "Chancellor of Germany, 2005-2021"
        assert records[merkel["id"]]["titles"]["chancellor"] == 1

        before = newest(cms)
        export_file = tmp_path / "export.jsonl"
        export_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        # Every person is keyed, so nothing is refused and nothing created. The
        # names articles wrote ("Merkel", the namesake's "Olaf Scholz") become
        # names the authority gave, as the README says, and so does the name
        # the desk gave: each record updates its person once.
        again = import_people(url, export_file)
        assert again.returncode == 0, again.stderr
        assert summary(again) == {"records": 5, "created": 0, "updated": 5, "unchanged": 0, "refused": 0}
        records[zelensky]["aliases"]["Volodymyr Zelenskyy"] = 0
        lines = exported(url).splitlines()
        assert {r["id"]: r for r in map(json.loads, lines)} == records
        once_more = import_people(url, export_file)
        assert once_more.returncode == 0, once_more.stderr
        assert summary(once_more) == {"records": 5, "created": 0, "updated": 0, "unchanged": 5, "refused": 0}
        assert once_more.stdout.strip().endswith("(nothing to change)")
        assert exported(url).splitlines() == lines
        assert newest(cms) == before and cms.changes(after=before).items == []
        assert len(reader.get("/v1/entities", params={"limit": 100}).json()["items"]) == 5
        check_is_clean(url)


def check_record(record: dict, name: str, external_ids: dict[str, str], aliases: dict[str, int], *,
                 mentions: int, articles: int, merged: list[str] | None = None) -> None:
    assert (record["name"], record["external_ids"]) == (name, external_ids), record
    assert record["aliases"] == aliases, record
    assert (record["mention_count"], record["article_count"]) == (mentions, articles), record
    assert record["merged_ids"] == (merged or []), record


def check_deliveries(receiver: Receiver) -> None:
    """Every delivery the receiver took is signed with the secret, and
    numbered apart from the others."""
    accepted = receiver.accepted()
    assert accepted
    for headers, body in accepted:
        assert headers["Content-Type"] == "application/json"
        assert verify_signature(body, headers["X-Namesake-Timestamp"], headers["X-Namesake-Signature"], SECRET)
    numbers = [int(headers["X-Namesake-Delivery"]) for headers, _ in accepted]
    assert numbers == sorted(set(numbers))
