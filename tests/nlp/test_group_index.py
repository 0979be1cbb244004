"""Grouping through the key index: the same groups as comparing every name
with every group, for a number of comparisons that grows with the names."""
import dataclasses
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.nlp import extract_people, group
from service.nlp.aliases import read_aliases
from service.nlp.extract import PersonMention
from service.nlp.group import group_mentions
from service.nlp.kinship import read_kinship
from tests.conftest import SEEDS

REPO = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).parent / "articles"


def reference_groups(mentions: list[PersonMention], text: str, gated: bool = False) -> list[group.PersonGroup]:
    """group_mentions as it was before the index, kept as the reference: each
    full name against every group so far, each short form against every
    full-name group. `gated`: only against the groups sharing a key with it,
    which is what the index gives."""
    full, short = [], []
    for m in sorted(mentions, key=lambda m: m.start):
        parts = group._parts(m.text)
        if parts is not None:
            (full if len(group._core(parts)) > 1 else short).append((m, parts))
    kin = read_kinship([m for m, _ in full + short], text)
    drafts, found_by = [], defaultdict(set)
    for m, parts in group._evidence_first(full, kin):
        keys, lookup = group._full_keys(m.text, parts)
        pool = [d for d in founded(drafts) if (not gated or found_by[id(d)] & lookup)
                and not group._conflicts(d, m, kin)]
        draft = group._matching_full(pool, m.text, parts)
        if draft is None:
            draft = group._Draft(m.text, parts)
            drafts.append(draft)
        elif len(parts) > len(draft.parts):
            draft.name, draft.parts = m.text, parts
        draft.add(m, kin)
        draft.relations |= kin.relations(m)
        found_by[id(draft)] |= keys
    held_by = {id(d): set().union(*(group._owner_keys(x.text, group._parts(x.text)) for x in d.mentions))
               for d in drafts}
    shorts = defaultdict(Counter)
    for _, parts in short:
        shorts[parts[0]][tuple(parts)] += 1
    pending = short
    while pending:
        left = []
        for m, parts in pending:
            wanted = group._short_keys(m.text)
            pool = [d for d in founded(drafts) if not gated or held_by[id(d)] & wanted]
            draft = group._short_form_owner(pool, m, shorts, kin)
            if draft is None:
                left.append((m, parts))
                continue
            held_by[id(draft)] |= group._owner_keys(m.text, parts)
            draft.add(m, kin)
            draft.relations |= kin.relations(m, appositive=False)
        if len(left) == len(pending):
            break
        pending = left
    drafts += group._alone_groups(pending, kin)
    drafts = group._join_aliases(drafts, read_aliases([m for m, _ in full + short], text), kin)
    return [group._finish(d, text) for d in sorted(drafts, key=lambda d: d.first)]


def founded(drafts: list[group._Draft]) -> list[group._Draft]:
    """The groups in the order of the mentions that founded them."""
    return sorted(drafts, key=lambda d: d.mentions[0].start)


def rows(groups: list[group.PersonGroup]) -> list[tuple]:
    return [dataclasses.astuple(g) for g in groups]


# --- real articles --------------------------------------------------------------

def corpus_pages() -> list[Path]:
    """tests/nlp/articles, bench/corpora and, where the evaluation kit is, its seeds."""
    folders = [ARTICLES, REPO / "bench" / "corpora" / "families" / "docs",
               REPO / "bench" / "corpora" / "wire" / "docs", SEEDS / "docs"]
    return [page for folder in folders for page in sorted(folder.glob("*.txt"))]


def test_real_articles_group_as_with_every_pair_compared(nlp):
    pages = corpus_pages()
    assert len(pages) >= 30
    for page in pages:
        text = page.read_text(encoding="utf-8")
        mentions = extract_people(nlp, text)
        assert rows(group_mentions(mentions, text)) == rows(reference_groups(mentions, text)), page.name


# --- made-up articles, built to put the rules to work --------------------------
# Fathers and sons, a frequent given name alone, initials, a compound given
# name and its head, a quoted nickname, a regnal number, romanizations of one
# family name, a possessive; kinship cues and ranks before the names.

GIVEN = ["Mohammed", "Muhammad", "Ahmed", "Bashar", "Hafez", "Riyad", "Seif al-Islam", "Izz al-Din",
         "Ezzedine", "John", "Bill", "William", 'Margaret "Peggy"', "Elizabeth", "Abdul-Aziz", "M.", "J."]
MIDDLE = ["", "", "", "bin Hamad", "Ali", "Nour", "M.", "Ezz al-Din"]
FAMILY = ["al-Assad", "Assad", "Khalouf", "Khalluf", "Kadhafi", "Gaddafi", "Qaddafi", "Hijab", "Smith",
          "Sullivan", "Blinken", "Houthi", "Windsor", "Haddad", "Morson"]
ENDING = ["", "", "", " II", " Jr."]
SHORT = ["Assad", "Khalouf", "Kadhafi", "Hijab", "Smith", "Blinken", "Blinken's", "Houthis", "Mohammed",
         "Bashar", "Seif", "Izz", "Peggy", "Elizabeth", "Elizabeth II", "Hamad", "Haddad", "Bill", "William"]
BEFORE = ["", "", "", "Capt. ", "Gen. ", "Maj. Gen. ", "his son ", "his son, Capt. ", "The elder ",
          "her father ", "Sheikh "]
AFTER = ["said.", "said on Tuesday.", ", his son, arrived.", ", the younger brother, left.", "wrote."]

full_name = st.builds(lambda g, m, f, e: " ".join(w for w in (g, m, f) if w) + e,
                      st.sampled_from(GIVEN), st.sampled_from(MIDDLE), st.sampled_from(FAMILY),
                      st.sampled_from(ENDING))
name = st.one_of(full_name, st.sampled_from(SHORT))
sentence = st.tuples(st.sampled_from(BEFORE), name, st.sampled_from(AFTER))


def article(sentences: list[tuple[str, str, str]]) -> tuple[list[PersonMention], str]:
    text, mentions = "", []
    for before, name, after in sentences:
        text += before
        title = before.split(",")[-1].strip() if before.strip().endswith(".") else ""
        start = len(text)
        text += name
        mentions.append(PersonMention(start, len(text), name, titles=(title,) if title else ()))
        text += f" {after} "
    return mentions, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentence, min_size=1, max_size=25))
def test_made_up_articles_group_as_with_every_sharing_pair_compared(sentences):
    """The index finds every group sharing a key, in the order a scan would.
    (Without the gate, the engine's letter-by-letter similarity alone puts a
    few more together: "Hamad" with the group of "Haddad".)"""
    mentions, text = article(sentences)
    assert rows(group_mentions(mentions, text)) == rows(reference_groups(mentions, text, gated=True))


# --- the keys: two names the rules may put together share one ------------------

@pytest.mark.parametrize("short, full", [
    ("Mohammed", "Mohammed Khalouf"),          # a frequent given name: no blocking key of its own
    ("Seif", "Seif al-Islam Kadhafi"),         # the head of a compound given name
    ("Peggy", 'Margaret "Peggy" Sullivan'),    # a quoted nickname
    ("Blinken", "Blinken's Meeting"),          # a possessive
    ("Houthis", "Houthi"),                     # a plural (once "Houthi" joined a group)
])
def test_a_short_form_meets_the_groups_that_hold_it(short, full):
    draft = group._Draft(full, group._parts(full), [PersonMention(0, len(full), full)])
    assert group._holds(draft, short)
    assert group._short_keys(short) & group._owner_keys(full, group._parts(full))


@pytest.mark.parametrize("first, later", [
    ("Elizabeth II", "Elizabeth Windsor"),     # one part for the engine, a frequent given name
    ("John M. Smith", "John Morson"),          # an initial stands for a family name
    ("John S.", "John Smith"),
    ("John M.", "John Michael Smith"),
])
def test_full_names_meet_the_groups_they_may_join(first, later):
    for a, b in ((first, later), (later, first)):
        drafts = [group._Draft(a, group._parts(a))]
        assert group._matching_full(drafts, b, group._parts(b)) is drafts[0]
        found_by, _ = group._full_keys(a, group._parts(a))
        _, lookup = group._full_keys(b, group._parts(b))
        assert found_by & lookup, (a, b)


# --- the cost --------------------------------------------------------------------

def made_up_names(count: int, seed: int) -> list[str]:
    """Names of random syllables, no two sharing a key: nothing to compare
    them with but their own group."""
    rng = random.Random(seed)

    def word(syllables: int) -> str:
        return "".join(rng.choice("bdfghklmnprstvz") + rng.choice("aeiou") for _ in range(syllables)).title()

    names, seen = [], set()
    while len(names) < count:
        name = f"{word(4)} {word(5)}"
        parts = group._parts(name)
        keys = set().union(*group._full_keys(name, parts), group._owner_keys(name, parts),
                           group._short_keys(name.split()[-1]))
        if not keys & seen:
            names.append(name)
            seen |= keys
    return names


def comparisons(names: list[str]) -> int:
    text, mentions = "", []
    for name in names + [n.split()[-1] for n in names]:  # each named in full, then by family name
        mentions.append(PersonMention(len(text), len(text) + len(name), name))
        text += name + " said. "
    group._matches.cache_clear()
    group_mentions(mentions, text)
    return group._matches.cache_info().misses  # compare_names calls


def test_comparisons_grow_with_the_names_not_with_their_square():
    small, large = comparisons(made_up_names(400, 1)), comparisons(made_up_names(800, 2))
    assert large <= 2.2 * small, (small, large)  # every pair compared: 4 times as many
