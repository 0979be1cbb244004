"""Build tests/names/public_pairs.tsv from public lists of real people's names.

    .venv/bin/python -m bench.pairs_sources.build_public_pairs SOURCES_DIR [--out FILE]

SOURCES_DIR holds the raw files named in bench/pairs_sources/README.md (they are
not committed). The rows drawn from them are joined with the hand-collected rows
of bench/pairs_sources/manual_pairs.tsv. Every choice is deterministic: the
same sources give the same file.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jellyfish

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MANUAL = HERE / "manual_pairs.tsv"
OUT = ROOT / "tests" / "names" / "public_pairs.tsv"

OFAC_COPY = "github:edu777art/ListLookup@6903d86"
CONGRESS_HIST = "github:unitedstates/congress-legislators@8112283:legislators-historical.csv"
CONGRESS_CUR = "github:unitedstates/congress-legislators@dfa9622:legislators-current.yaml"
NICKNAMES = "github:carltonnorthern/nicknames@21d7505:names.csv"

# Rows kept per (class, label): no class is more than ~30% of the file, and
# over 40% of the rows are different people.
CAPS = {
    ("multi", 1): 160, ("multi", 0): 20, ("system", 1): 110, ("nickname", 1): 80, ("nickname", 0): 70,
    ("suffix", 1): 60, ("suffix", 0): 60, ("initials", 1): 60, ("initials", 0): 80,
    ("honorific", 1): 40, ("dropped_given", 1): 60, ("noise", 1): 80, ("shared_given", 0): 70,
    ("common", 1): 50, ("common", 0): 90, ("kin", 0): 60, ("namesake", 0): 130,
}
CLASSES = ["multi", "system", "nickname", "suffix", "initials", "regnal", "honorific", "dropped_given",
           "noise", "shared_given", "script", "common", "kin", "namesake"]

ARABIC_PERSIAN = {
    "SDGT", "SYRIA", "IFSR", "IRAQ2", "IRAQ3", "IRAN-HR", "IRGC", "IRAN-EO13876", "SYRIA-EO13894",
    "IRAN", "LIBYA2", "LIBYA3", "IRAN-EO13846", "IRAN-TRA", "YEMEN", "LEBANON", "HRIT-IR",
    "SYRIA-CAESAR", "CAATSA - IRAN", "HRIT-SY", "IRAN-CON-ARMS-EO",
}
SLAVIC = {
    "UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "UKRAINE-EO13685", "CYBER2", "MAGNIT",
    "BELARUS", "BELARUS-EO14038", "CAATSA - RUSSIA", "RUSSIA-EO14024", "ELECTION-EO13848",
}
CHINESE = {"HK-EO13936"}

HONORIFICS = {
    "sheikh", "shaykh", "shaikh", "sheik", "mullah", "mulla", "mullo", "haji", "hajji", "hajj",
    "mawlawi", "maulawi", "maulavi", "molvi", "mawlavi", "qari", "sayyid", "sayed", "seyed", "seyyed",
    "sayyed", "mian", "pasha", "ayatollah", "hojatoleslam", "hojjatoleslam", "commandant",
    "doctor", "dr", "dr.", "mufti", "daw", "u", "ma", "maung", "nai", "ko", "maulana", "mawlana", "hafiz",
    "ustad", "ustadh", "moulavi", "mulvi", "alhaji",
}
PARTICLES = {"abd", "abdul", "abdel", "abu", "bin", "ibn", "ben", "ul"}
ARTICLES = {"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an"}
# Given names so frequent that sharing them says little about identity.
COMMON = {
    "mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad", "mohmmad", "mehmet", "ahmed",
    "ahmad", "ali", "hassan", "hasan", "hussein", "husayn", "husain", "hussain", "abdul", "abd", "abdel",
    "abu", "bin", "ibn", "al", "el", "mahmoud", "mahmud", "ibrahim", "khalid", "khaled", "omar", "umar",
    "abdullah", "abdallah", "john", "james", "william", "yusuf", "youssef", "salem", "saleh", "salih",
    "hamid", "hamed", "mustafa", "mostafa", "musa", "mousa", "said", "sayed", "jamal", "karim", "reza",
    "hossein", "mahdi", "mehdi", "isa", "issa", "khan", "nur", "noor", "abdal", "al-", "ul",
}
# Transliteration variants of the common given names above (same name).
COMMON_VARIANTS = [
    {"mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad", "mohmmad", "mohammd",
     "muhamad", "mahomed", "mouhammad", "muhamed", "mohd", "mohamud", "mohammud"},
    {"ahmed", "ahmad", "ahmet", "ahmedi"}, {"hassan", "hasan", "hasen"},
    {"hussein", "husayn", "husain", "hussain", "hossein", "husein", "hussien", "husseyn"},
    {"abdul", "abd", "abdel", "abdol", "abdal", "abdoul", "abdelhamid"}, {"mahmoud", "mahmud", "mahmood"},
    {"khalid", "khaled"}, {"omar", "umar", "omer"}, {"yusuf", "youssef", "yousef", "yusif", "yousuf", "yousif"},
    {"abdullah", "abdallah", "abdollah", "abdulla"}, {"salih", "saleh", "salah"}, {"mustafa", "mostafa", "mustapha"},
    {"hamid", "hamed"}, {"mahdi", "mehdi"}, {"isa", "issa", "eisa"}, {"ibrahim", "ebrahim", "ibraheem"},
    {"ali", "aly"}, {"musa", "mousa", "moussa"}, {"jamal", "gamal"}, {"said", "sayed", "saeed", "saied"},
]

KIN_RE = re.compile(
    r"\b(son|daughter|brother|sister|wife|husband|father|mother|nephew|niece|cousin|spouse|uncle)"
    r"(-in-law)? of ([A-Z][^;\".,]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    a: str
    b: str
    label: int
    cls: str
    source: str
    note: str
    # The class a row was sampled with, when it was relabelled afterwards: the
    # rows of `compatible` were drawn as nickname, namesake or suffix rows, and
    # are still drawn so, which keeps the file's rows and their order.
    drawn: str = ""

    def key(self) -> frozenset[str]:
        return frozenset((fold(self.a), fold(self.b)))

    @property
    def group(self) -> str:
        return self.drawn or self.cls


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def compact(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", fold(text).replace("'", "").replace("`", "")) if t]


def cap_word(word: str) -> str:
    """QADHAFI -> Qadhafi, AL-QADHAFI -> al-Qadhafi, MU'AMMAR -> Mu'ammar."""
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        low = part.lower()
        if i == 0 and len(parts) > 1 and low in ("al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an"):
            out.append(low)
            continue
        j = 0
        while j < len(low) and not low[j].isalpha():
            j += 1
        out.append(low[:j] + low[j:j + 1].upper() + low[j + 1:])
    return "-".join(out)


def news_form(sdn_name: str) -> str:
    """OFAC writes 'FAMILY, Given Names'; a newspaper writes 'Given Names Family'."""
    if "," in sdn_name:
        family, given = (s.strip() for s in sdn_name.split(",", 1))
        name = f"{given} {family}"
    else:
        name = sdn_name.strip()
    return " ".join(cap_word(w) for w in name.split())


# --- OFAC -------------------------------------------------------------------

@dataclass
class Entity:
    ent: str
    name: str  # as OFAC writes it
    programs: set[str]
    remarks: str
    akas: list[tuple[str, str]] = field(default_factory=list)  # (alt_num, name)

    @property
    def dobs(self) -> set[str]:
        return {m.strip() for m in re.findall(r"DOB ([^;]+)", self.remarks)}


def load_ofac(src: Path) -> dict[str, Entity]:
    ents: dict[str, Entity] = {}
    with open(src / "sdn.csv", encoding="latin-1", newline="") as fh:
        for r in csv.reader(fh):
            if len(r) >= 12 and r[2].strip() == "individual":
                progs = {p.strip() for p in r[3].replace("]", "[").split("[") if p.strip()}
                ents[r[0]] = Entity(r[0], r[1], progs, r[11])
    with open(src / "alt.csv", encoding="latin-1", newline="") as fh:
        for r in csv.reader(fh):
            if len(r) >= 4 and r[0] in ents and r[2].strip() == "aka":
                ents[r[0]].akas.append((r[1], r[3]))
    return ents


def skeleton(tok: str) -> str:
    """Consonants of a romanized Arabic/Persian word, with the letters that
    romanizations swap folded together."""
    t = tok
    for a, b in (("gh", "k"), ("kh", "k"), ("q", "k"), ("g", "k"), ("c", "k"), ("dh", "d"), ("th", "d"),
                 ("z", "d"), ("t", "d"), ("sh", "s"), ("ph", "f"), ("j", "y"), ("w", "v"), ("ou", "u")):
        t = t.replace(a, b)
    t = re.sub(r"[aeiouy']", "", t)
    return re.sub(r"(.)\1+", r"\1", t)


def variant_of_common(x: str, y: str) -> bool:
    return any(x in group and y in group for group in COMMON_VARIANTS)


def classify_alias(primary: str, aka: str, programs: set[str]) -> tuple[str, str] | None:
    """The class of a same-person pair (primary name, a.k.a.), or None when the
    a.k.a. is another name rather than another spelling."""
    primary, aka = news_form(primary), news_form(aka)
    p, a = tokens(primary), tokens(aka)
    if not p or not a or p == a:
        return None
    if compact(primary) == compact(aka):
        return "noise", "spaces, hyphens or apostrophes"
    ph = [t for t in p if t not in HONORIFICS]
    ah = [t for t in a if t not in HONORIFICS]
    if (len(ph) != len(p)) != (len(ah) != len(a)) and "".join(ph) == "".join(ah) and min(len(ph), len(ah)) >= 2 \
            and min(len(t) for t in ph + ah) > 1:
        return "honorific", "honorific on one side"
    for x, y in ((p, a), (a, p)):
        for i, t in enumerate(x[:-1]):
            if t in ARTICLES and x[:i] + x[i + 1:] == y:
                return "noise", f"article {t}- on one side only"
        if len(x) >= 3 and len(y) >= 2 and x[1:] == y and x[0] not in HONORIFICS | ARTICLES:
            return "dropped_given", f"leading given name {x[0]!r} left out"
    if len(p) != len(a):
        return None
    differing = [(x, y) for x, y in zip(p, a, strict=True) if x != y]
    if not all(variant_of_common(x, y) or (
            jellyfish.jaro_winkler_similarity(skeleton(x), skeleton(y)) >= 0.8
            and jellyfish.levenshtein_distance(x, y) <= 0.5 * max(len(x), len(y))
            and abs(len(x) - len(y)) <= 3) for x, y in differing):
        return None
    if all(variant_of_common(x, y) for x, y in differing) and any(t not in COMMON for t in p):
        return "common", "common given name spelled differently, rare name shared"
    edits = sum(jellyfish.levenshtein_distance(x, y) for x, y in differing)
    if programs & SLAVIC or programs & CHINESE:
        if edits >= 2 or len(differing) >= 2:
            return "system", "Cyrillic romanized in another system"
        return None
    if programs & ARABIC_PERSIAN:
        if edits >= 2:
            return "multi", f"{edits} letter changes across {len(differing)} word(s)"
        if edits == 1 and len(differing[0][0]) >= 8 and differing[0] == (p[-1], a[-1]):
            return "noise", "one letter off in a long family name"
    return None


def ofac_rows(src: Path) -> list[Row]:
    ents = load_ofac(src)
    rows: list[Row] = []
    # Same person: the primary name against each a.k.a. of the same entry.
    for e in ents.values():
        for alt_num, aka in e.akas:
            got = classify_alias(e.name, aka, e.programs)
            if got:
                cls, note = got
                rows.append(Row(news_form(e.name), news_form(aka), 1, cls,
                                f"OFAC SDN ent_num {e.ent} alt_num {alt_num} ({OFAC_COPY}:alt.csv)", note))
    # Different people: two entries with different dates of birth.
    dated = [e for e in ents.values() if e.dobs]
    by_token: dict[str, list[Entity]] = defaultdict(list)
    for e in dated:
        for t in set(tokens(news_form(e.name))):
            if t not in COMMON:
                by_token[t].append(e)
    seen: set[tuple[str, str]] = set()
    for group in by_token.values():
        for x, y in itertools.combinations(sorted(group, key=lambda e: int(e.ent)), 2):
            if (x.ent, y.ent) in seen or x.dobs & y.dobs:
                continue
            seen.add((x.ent, y.ent))
            row = different_people(x, y)
            if row:
                rows.append(row)
    by_given: dict[str, list[Entity]] = defaultdict(list)
    for e in dated:
        if "," in e.name:
            by_given[compact(e.name.split(",", 1)[1])].append(e)
    for given, group in by_given.items():
        for x, y in itertools.combinations(sorted(group, key=lambda e: int(e.ent)), 2):
            if (x.ent, y.ent) in seen or x.dobs & y.dobs:
                continue
            seen.add((x.ent, y.ent))
            fx, fy = compact(x.name.split(",")[0]), compact(y.name.split(",")[0])
            fx, fy = re.sub(r"^(al|el)", "", fx), re.sub(r"^(al|el)", "", fy)
            sim = jellyfish.jaro_winkler_similarity(fx, fy)
            if fx != fy and sim >= 0.75 and len(tokens(given)) >= 1:
                note = f"same given names, family names differ (JW {sim:.2f})"
                rows.append(ofac_negative(x, y, "shared_given", note))
    by_common: dict[tuple[str, ...], list[Entity]] = defaultdict(list)
    for e in dated:
        t = tokens(news_form(e.name))
        for pair in itertools.combinations(sorted(set(t) & COMMON - ARTICLES - PARTICLES), 2):
            by_common[pair].append(e)
    for group in by_common.values():
        for x, y in itertools.combinations(sorted(group, key=lambda e: int(e.ent)), 2):
            tx, ty = set(tokens(news_form(x.name))), set(tokens(news_form(y.name)))
            if (x.ent, y.ent) in seen or x.dobs & y.dobs or (tx - COMMON) & (ty - COMMON) or x.ent == y.ent:
                continue
            if not (tx & ty) <= COMMON or not (tx - COMMON) or not (ty - COMMON) \
                    or len(tx & ty - ARTICLES - PARTICLES) < 2:
                continue
            seen.add((x.ent, y.ent))
            shared = ", ".join(sorted(tx & ty))
            rows.append(ofac_negative(x, y, "common", f"share only common parts: {shared}"))
    rows += kin_rows(ents)
    return rows


def ofac_negative(x: Entity, y: Entity, cls: str, note: str) -> Row:
    dob = f"DOB {sorted(x.dobs)[0]} vs {sorted(y.dobs)[0]}"
    return Row(news_form(x.name), news_form(y.name), 0, cls,
               f"OFAC SDN ent_num {x.ent} and {y.ent} ({OFAC_COPY}:sdn.csv)", f"{note}; {dob}")


def different_people(x: Entity, y: Entity) -> Row | None:
    a, b = news_form(x.name), news_form(y.name)
    ta, tb = tokens(a), tokens(b)
    if fold(a) == fold(b) or compact(a) == compact(b):
        return None  # identical names cannot be told apart by any name matcher
    if sorted(ta) == sorted(tb):
        return ofac_negative(x, y, "namesake", "same words in another order")
    sim = jellyfish.jaro_winkler_similarity(compact(a), compact(b))
    shared = set(ta) & set(tb)
    differing = [(p, q) for p, q in zip(ta, tb, strict=False) if p != q]
    if sim >= 0.93 and len(ta) == len(tb) and len(differing) == 1 and \
            jellyfish.levenshtein_distance(*differing[0]) <= 2:
        return ofac_negative(x, y, "namesake", f"near-identical names (JW {sim:.2f})")
    if len(ta) == len(tb) and len(ta) >= 2 and x.programs & ARABIC_PERSIAN and y.programs & ARABIC_PERSIAN \
            and [skeleton(t) for t in ta] == [skeleton(t) for t in tb] and sim >= 0.85:
        return ofac_negative(x, y, "multi", "names that differ only as romanizations do")
    if len(shared) >= 2 and shared <= COMMON and not (set(ta) - COMMON) & (set(tb) - COMMON):
        return ofac_negative(x, y, "common", f"share only common parts: {', '.join(sorted(shared))}")
    return None


def kin_rows(ents: dict[str, Entity]) -> list[Row]:
    rows = []
    for e in ents.values():
        for m in KIN_RE.finditer(e.remarks):
            relation = (m.group(1) + (m.group(2) or "")).lower()
            other = m.group(3).strip()
            if len(other.split()) < 2 or other.lower().startswith("the "):
                continue
            rows.append(Row(news_form(e.name), other, 0, "kin",
                            f"OFAC SDN ent_num {e.ent} remarks ({OFAC_COPY}:sdn.csv)",
                            f"{relation} of {other}"))
    return rows


# --- US Congress ------------------------------------------------------------

@dataclass(frozen=True)
class Member:
    bioguide: str
    first: str
    middle: str
    last: str
    suffix: str
    nickname: str
    birthday: str
    source: str

    def name(self, middle: str | None = None, suffix: bool = True) -> str:
        mid = self.middle if middle is None else middle
        parts = [self.first, mid, self.last, self.suffix if suffix else ""]
        name = " ".join(p for p in parts if p)
        return name.replace(f"{self.last} Jr.", f"{self.last} Jr.")

    @property
    def initial(self) -> str:
        return (self.middle[:1] + ".") if self.middle and self.middle[0].isalpha() else ""


def load_congress(src: Path) -> list[Member]:
    members = []
    with open(src / "legislators-historical.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            members.append(Member(r["bioguide_id"], r["first_name"], r["middle_name"], r["last_name"],
                                  r["suffix"], r["nickname"], r["birthday"], CONGRESS_HIST))
    import yaml  # only the build needs it

    for p in yaml.safe_load((src / "legislators-current.yaml").read_text(encoding="utf-8")):
        n = p["name"]
        members.append(Member(p["id"]["bioguide"], n.get("first", ""), n.get("middle", "") or "", n.get("last", ""),
                              n.get("suffix", "") or "", n.get("nickname", "") or "",
                              str(p.get("bio", {}).get("birthday", "")), CONGRESS_CUR))
    return [m for m in members if m.first and m.last and m.bioguide]


def load_nicknames(src: Path) -> dict[str, set[str]]:
    nick: dict[str, set[str]] = defaultdict(set)
    with open(src / "names.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["relationship"] == "has_nickname":
                nick[r["name1"]].add(r["name2"])
    return nick


def congress_rows(src: Path) -> list[Row]:
    members = load_congress(src)
    nick = load_nicknames(src)
    nicknames = set().union(*nick.values())
    rows: list[Row] = []

    def cite(*ms: Member) -> str:
        ids = " and ".join(m.bioguide for m in ms)
        return f"US Congress bioguide {ids} ({ms[0].source})"

    for m in members:
        if m.nickname and m.nickname.lower() != m.first.lower() and len(m.first) > 2:
            listed = m.nickname.lower() in nick.get(m.first.lower(), set())
            rows.append(Row(m.name(suffix=False), f"{m.nickname} {m.last}", 1, "nickname", cite(m),
                            "nickname field" + ("; in nicknames names.csv" if listed else "")))
        if m.suffix:
            rows.append(Row(m.name(), m.name(suffix=False), 1, "suffix", cite(m),
                            f"suffix {m.suffix} on one side only"))
        if len(m.middle) > 2 and m.middle[1] != "." and len(m.first) > 2:
            rows.append(Row(m.name(suffix=False), m.name(middle=m.initial, suffix=False), 1, "initials",
                            cite(m), "middle name written out vs its initial"))
    by_first: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for m in members:
        by_first[(m.first.lower(), m.last[:2].lower())].append(m)
    for group in by_first.values():
        for x, y in itertools.combinations(sorted(group, key=lambda m: m.bioguide), 2):
            lx, ly = x.last.lower(), y.last.lower()
            if lx != ly and len(lx) >= 4 and jellyfish.levenshtein_distance(lx, ly) == 1 and x.bioguide != y.bioguide:
                rows.append(Row(x.name(middle=x.initial), y.name(middle=y.initial), 0, "namesake", cite(x, y),
                                "different people, family names one letter apart"))
    by_last: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        by_last[m.last.lower()].append(m)
    for group in by_last.values():
        for x, y in itertools.combinations(sorted(group, key=lambda m: m.bioguide), 2):
            if x.bioguide == y.bioguide or (x.birthday and x.birthday == y.birthday):
                continue
            fx, fy = x.first.lower(), y.first.lower()
            if fx == fy and len(fx) > 2:
                sx, sy = x.suffix, y.suffix
                if sx != sy and (sx or sy) and x.middle == y.middle:
                    # A suffix on one side only fits one person: only Jr. against Sr. tells two apart.
                    rows.append(Row(x.name(), y.name(), 0, "suffix" if sx and sy else "compatible", cite(x, y),
                                    f"different people: {sx or 'no suffix'} vs {sy or 'no suffix'}", "suffix"))
                elif x.initial and y.initial and x.initial != y.initial:
                    rows.append(Row(x.name(middle=x.initial, suffix=False), y.name(middle=y.initial, suffix=False),
                                    0, "initials", cite(x, y), "same given and family names, other middle initial"))
                elif bool(x.middle) != bool(y.middle) and not sx and not sy:
                    rows.append(Row(x.name(), y.name(), 0, "compatible", cite(x, y),
                                    "namesakes, one with a middle name", "namesake"))
            elif (fy in nick.get(fx, set()) and (fx not in nicknames or len(fx) > len(fy))
                   or fx in nick.get(fy, set()) and (fy not in nicknames or len(fy) > len(fx))) \
                    and not x.suffix and not y.suffix:
                rows.append(Row(x.name(middle="", suffix=False), y.name(middle="", suffix=False), 0, "compatible",
                                cite(x, y), "different people; one given name is a nickname of the other",
                                "nickname"))
    return rows


# --- more pairs of different people (issue 18) -------------------------------
#
# Issue 18 asks that at least 40% of the rows scored (the class compatible left
# out) be different people with similar names. The rows below are drawn after
# all the others, by rules of their own and with a random generator of their
# own, so that the rows drawn before stay as they were. Only pairs of different
# people: different bioguide ids whose birthdays are both known and differ, or
# OFAC entries whose dates of birth are all given and none shared.

# kind: (rows kept, rows per pair of look-alike names or per OFAC family name)
ADDED_CAPS = {
    "congress given names alike": (60, 1),
    "congress family names alike": (80, 1),
    "congress suffixes": (10, 1),
    "ofac given names alike": (60, 2),
}


@dataclass(frozen=True)
class Candidate:
    kind: str
    row: Row
    people: tuple[str, str]  # a person is in at most two of the added rows
    variety: str  # the look-alike names (or the family name): at most ADDED_CAPS[kind][1] rows each


def cite_members(x: Member, y: Member) -> str:
    if x.source == y.source:
        return f"US Congress bioguide {x.bioguide} and {y.bioguide} ({x.source})"
    return f"US Congress bioguide {x.bioguide} ({x.source}) and {y.bioguide} ({y.source})"


def one_given_name(a: str, b: str, nick: dict[str, set[str]]) -> bool:
    """Whether two given names (lower case) may be one name: a short form or an
    initial of the other, spellings that sound alike (Stephen / Steven, Jon /
    John), or names that names.csv lists as one name and its nickname, or as
    two nicknames of one name (Jack / Jake)."""
    if a.startswith(b) or b.startswith(a):
        return True
    if jellyfish.metaphone(a) == jellyfish.metaphone(b):
        return True
    return any({a, b} <= names | {formal} for formal, names in nick.items())


def congress_lookalikes(src: Path) -> list[Candidate]:
    members = load_congress(src)
    nick = load_nicknames(src)
    dated = sorted((m for m in members if m.birthday), key=lambda m: m.bioguide)
    out: list[Candidate] = []

    def candidate(kind: str, x: Member, y: Member, row: Row, variety: tuple[str, str]) -> None:
        out.append(Candidate(kind, row, (x.bioguide, y.bioguide), " / ".join(sorted(variety))))

    def apart(x: Member, y: Member) -> bool:
        return x.bioguide != y.bioguide and x.birthday != y.birthday

    # The same family name, given names that look alike but are not one name
    # (Willis / William, Warner / Warren): the first and last names only.
    by_last: dict[str, list[Member]] = defaultdict(list)
    for m in dated:
        if re.fullmatch(r"[A-Za-z]{3,}", m.first):
            by_last[m.last.lower()].append(m)
    for group in by_last.values():
        for x, y in itertools.combinations(group, 2):
            fx, fy = x.first.lower(), y.first.lower()
            if fx == fy or not apart(x, y):
                continue
            sim = jellyfish.jaro_winkler_similarity(fx, fy)
            if sim >= 0.8 and not one_given_name(fx, fy, nick):
                note = f"different people, given names alike but not one name: {x.first} / {y.first} (JW {sim:.2f})"
                candidate("congress given names alike", x, y,
                          Row(f"{x.first} {x.last}", f"{y.first} {y.last}", 0, "namesake", cite_members(x, y), note),
                          (fx, fy))
    # The same given name, family names two or more letters apart that look
    # alike (Harris / Harrison, Thompson / Thomasson): first and last names only.
    by_first: dict[str, list[Member]] = defaultdict(list)
    for m in dated:
        if re.fullmatch(r"[A-Za-z]{3,}", m.first) and re.fullmatch(r"[A-Za-z]+", m.last):
            by_first[m.first.lower()].append(m)
    for group in by_first.values():
        lasts: dict[str, list[Member]] = defaultdict(list)
        for m in group:
            lasts[m.last.lower()].append(m)
        for lx, ly in itertools.combinations(sorted(lasts), 2):
            sim = jellyfish.jaro_winkler_similarity(lx, ly)
            if sim < 0.9 or jellyfish.levenshtein_distance(lx, ly) < 2:
                continue
            for x in lasts[lx]:
                for y in lasts[ly]:
                    if apart(x, y):
                        note = f"same given name, family names alike: {x.last} / {y.last} (JW {sim:.2f})"
                        candidate("congress family names alike", x, y,
                                  Row(f"{x.first} {x.last}", f"{y.first} {y.last}", 0, "shared_given",
                                      cite_members(x, y), note), (lx, ly))
    # Two members with the same first and last names and different suffixes
    # (Sr. / Jr., II / III) whose middle names are written differently (Walter
    # Beaman Jones Sr. / Walter B. Jones Jr.): the middle names as initials.
    by_name: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for m in dated:
        by_name[(m.first.lower(), m.last.lower())].append(m)
    for group in by_name.values():
        for x, y in itertools.combinations(group, 2):
            if x.suffix and y.suffix and x.suffix != y.suffix and x.middle != y.middle and apart(x, y):
                note = f"different people: {x.suffix} vs {y.suffix}; middle names as initials"
                candidate("congress suffixes", x, y,
                          Row(x.name(middle=x.initial), y.name(middle=y.initial), 0, "suffix", cite_members(x, y),
                              note), (x.bioguide, y.bioguide))
    return out


def dobs_apart(x: Entity, y: Entity) -> bool:
    """Whether no date of birth of one entry can be one of the other's: the
    years (two either side of a "circa") do not meet, or both are full dates
    and differ (29 Jun 1952 against 1952 is not apart)."""
    def span(dob: str) -> tuple[int, int]:
        years = [int(y) for y in re.findall(r"\d{4}", dob)]
        slack = 2 if "circa" in dob else 0
        return min(years) - slack, max(years) + slack

    def exact(dob: str) -> bool:
        return re.fullmatch(r"\d{2} [A-Z][a-z]{2} \d{4}", dob) is not None

    for dx in (d.rstrip(".").strip() for d in x.dobs):
        for dy in (d.rstrip(".").strip() for d in y.dobs):
            if not re.search(r"\d{4}", dx) or not re.search(r"\d{4}", dy):
                return False
            (lx, hx), (ly, hy) = span(dx), span(dy)
            if lx <= hy and ly <= hx and not (exact(dx) and exact(dy) and dx != dy):
                return False
    return True


def ofac_lookalikes(src: Path) -> list[Candidate]:
    """Two entries with dates of birth that cannot be one (dobs_apart), the same
    family name (an article al-/el- aside) and given names that look alike
    (Jaro-Winkler >= 0.8 over the letters) but are other names: neither entry's
    given names are all found in the other's, word for word or as another
    romanization (Aleksey / Aleksei Yurievich is left out). A family name made
    only of very common parts ('Ali, Khan) is left out."""
    ents = load_ofac(src)
    by_family: dict[str, list[Entity]] = defaultdict(list)
    for e in ents.values():
        if e.dobs and "," in e.name:
            family = e.name.split(",", 1)[0]
            if set(tokens(family)) - COMMON - ARTICLES - PARTICLES:
                by_family[re.sub(r"^(al|el)", "", compact(family))].append(e)

    def found(t: str, others: list[str]) -> bool:
        return any(t == o or variant_of_common(t, o) or skeleton(t) == skeleton(o) for o in others)

    out: list[Candidate] = []
    for family, group in sorted(by_family.items()):
        for x, y in itertools.combinations(sorted(group, key=lambda e: int(e.ent)), 2):
            if not dobs_apart(x, y) or compact(x.name) == compact(y.name):
                continue
            gx, gy = x.name.split(",", 1)[1], y.name.split(",", 1)[1]
            tx, ty = tokens(gx), tokens(gy)
            if not tx or not ty or all(found(t, ty) for t in tx) or all(found(t, tx) for t in ty):
                continue
            sim = jellyfish.jaro_winkler_similarity(compact(gx), compact(gy))
            if sim >= 0.8:
                row = ofac_negative(x, y, "namesake", f"same family name, given names alike (JW {sim:.2f})")
                out.append(Candidate("ofac given names alike", row, (x.ent, y.ent), family))
    return out


def added_negatives(src: Path, taken: set[frozenset[str]]) -> list[Row]:
    """Pick the added rows: within each kind, in an order drawn at random, a row
    is kept unless its pair is in the file already (or some source calls it one
    person), its look-alike names gave their rows, or one of its people is in
    two added rows already."""
    rng = random.Random(40)
    by_kind: dict[str, list[Candidate]] = defaultdict(list)
    for c in congress_lookalikes(src) + ofac_lookalikes(src):
        by_kind[c.kind].append(c)
    per_person: dict[str, int] = defaultdict(int)
    picked: list[Row] = []
    for kind in sorted(by_kind):
        cap, per_variety = ADDED_CAPS[kind]
        group = sorted(by_kind[kind], key=lambda c: (c.row.source, c.row.a, c.row.b))
        varieties: dict[str, int] = defaultdict(int)
        kept = 0
        for c in rng.sample(group, len(group)):
            key = c.row.key()
            if kept == cap:
                break
            if key in taken or len(key) < 2 or fold(c.row.a) == fold(c.row.b) or varieties[c.variety] >= per_variety \
                    or any(per_person[p] >= 2 for p in c.people):
                continue
            taken.add(key)
            varieties[c.variety] += 1
            for p in c.people:
                per_person[p] += 1
            picked.append(c.row)
            kept += 1
    order = {c: i for i, c in enumerate(CLASSES)}
    return sorted(picked, key=lambda r: (order.get(r.cls, 99), r.source, r.a))


# --- output -----------------------------------------------------------------

HEADER = """\
# Name pairs of real people from public sources, for issue 18: same person (1)
# or different people (0). Built by bench/pairs_sources/build_public_pairs.py;
# bench/pairs_sources/README.md says how, and from which files.
# Columns (tab-separated): a, b, label, class, source, note.
#   label   1 = the same person, 0 = different people
#   class   multi: several romanization changes in Arabic/Persian names
#           system: other romanization systems (Cyrillic, Chinese)
#           nickname: English nickname vs formal given name
#           suffix: Jr./Sr./II/III on one side, or on different people
#           initials: middle initials vs middle names
#           regnal: regnal numbers vs patronyms
#           honorific: Sheikh, Mullah, Haji, Sayyid... vs the bare name
#           dropped_given: a leading given name left out
#           noise: hyphens, spaces, apostrophes, one typing error
#           shared_given: different people sharing given names, with
#                   family names alike (Harris / Harrison)
#           script: a non-Latin script against a Latin form
#           common: only very common name parts shared (or a common given name
#                   spelled differently beside a rare family name)
#           kin: relatives with similar names
#           namesake: different people with near-identical names: family
#                   names a letter or two apart, the same family name with
#                   given names that look alike but are other names
#                   (William / Willis, Sreten / Sredoje)
#           compatible: different people whose names, as written, fit one
#                   person (Bill Archer / William Archer, a name with and
#                   without Jr., with and without a middle name): names alone
#                   cannot tell them apart, only context can. Scored on a line
#                   of its own and left out of the "all" line, since a name
#                   comparison that says "can be the same person" is right.
#   source  where the pair can be checked: a URL, or the list and its entry
#           ids (OFAC SDN ent_num/alt_num; US Congress bioguide ids) with the
#           public copy that was read (github:owner/repo@commit:path)
#   note    what differs
# OFAC writes "FAMILY, Given"; such names are written here "Given Family" with
# the family name in title case. Congress names are first, middle, last and
# suffix fields joined with spaces.
# The rows after the line "=== added later" (pairs of different people with
# similar names) were drawn after all the others, which they left unchanged.
"""


ADDED_HEADER = """\
# === added later (issue 18): more pairs of different people with similar names,
# drawn after the rows above, which they leave as they were ====================
"""


def build(src: Path) -> tuple[list[Row], list[Row]]:
    """The rows drawn first (with the hand-collected rows after them), and the
    rows of different people added after them (added_negatives)."""
    rows = ofac_rows(src) + congress_rows(src)
    rng = random.Random(18)
    by_class: dict[tuple[str, int], list[Row]] = defaultdict(list)
    labels: dict[frozenset[str], set[int]] = defaultdict(set)
    for row in rows:
        labels[row.key()].add(row.label)
    # A pair that one source calls the same person and another two people
    # (a son named exactly like his father) is kept as the two people.
    rows = [r for r in rows if r.label == 0 or labels[r.key()] == {1}]
    seen: set[frozenset[str]] = set()
    for row in sorted(rows, key=lambda r: (r.group, r.label, r.source, r.a, r.b)):
        if row.key() in seen or len(row.key()) < 2:
            continue
        seen.add(row.key())
        by_class[(row.group, row.label)].append(row)
    manual = load_manual()
    picked: list[Row] = []
    for (cls, label), group in sorted(by_class.items()):
        # At most two rows per entry, so one person's many aliases do not fill a class;
        # then the kinds of difference (the note) take turns.
        per_entry: dict[str, int] = defaultdict(int)
        kinds: dict[str, list[Row]] = defaultdict(list)
        for row in rng.sample(group, len(group)):
            entry = row.source.split(" (")[0].rsplit(" alt_num", 1)[0]
            if per_entry[entry] < 2:
                per_entry[entry] += 1
                kinds[re.sub(r"[\d.]+|'.*'|:.*|;.*|\(.*", "", row.note)].append(row)
        turns = itertools.zip_longest(*(kinds[k] for k in sorted(kinds)))
        kept = [row for turn in turns for row in turn if row is not None]
        picked += kept[:CAPS[(cls, label)]]
    manual_keys = {r.key() for r in manual}
    picked = [r for r in picked if r.key() not in manual_keys]
    order = {c: i for i, c in enumerate(CLASSES)}
    first = sorted(picked, key=lambda r: (order.get(r.group, 99), -r.label, r.source)) + manual
    taken = {r.key() for r in first} | {key for key, got in labels.items() if 1 in got}
    return first, added_negatives(src, taken)


def load_manual() -> list[Row]:
    rows = []
    for line in MANUAL.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, label, cls, source, note = line.split("\t")
            rows.append(Row(a, b, int(label), cls, source, note))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    first, added = build(args.sources)
    rows = first + added
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        current = None
        for r in first:
            if r.group != current:
                current = r.group
                fh.write(f"# --- {current} " + "-" * (70 - len(current)) + "\n")
            fh.write("\t".join((r.a, r.b, str(r.label), r.cls, r.source, r.note)) + "\n")
        fh.write(ADDED_HEADER)
        current = None
        for r in added:
            if r.group != current:
                current = r.group
                fh.write(f"# --- {current} " + "-" * (70 - len(current)) + "\n")
            fh.write("\t".join((r.a, r.b, str(r.label), r.cls, r.source, r.note)) + "\n")
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for r in rows:
        counts[(r.cls, r.label)] += 1
    for (cls, label), n in sorted(counts.items()):
        print(f"{cls:14} {label} {n}")
    print("total", len(rows), "negatives", sum(r.label == 0 for r in rows))


if __name__ == "__main__":
    main()
