"""Parsing a name into tagged parts: given, middle (patronymic), family.

Titles are set aside, particles (al-, bin, van) attach to the part they
introduce, and compounds stay whole: Abd al-Aziz, Abdulaziz and Abdel Aziz all
become the part "abd-al-aziz"; Izz al-Din, Ezzedine and Izzeddin become
"izz-al-din"; Nasr Allah and Nasrallah become "nasr-allah".
"""
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from service.names.korean import surname_spellings
from service.names.normalize import CAMEL_PARTICLES, InvalidName, Token, tokenize
from service.names.regnal import sovereign_style
from service.names.rules import ARABIC_GIVEN_NAMES, GIVEN_NAME_FAMILIES, NICKNAMES, PARTICLES, US_SURNAMES
from service.names.surface import cleaned
from service.names.syllables import readings
from service.names.titles import AFTER_NAME, NAME_FIRST_TITLES, QUALIFIERS, is_title_before, phrase_at
from service.names.transcriptions import name_readings, scholarly_text


@dataclass(frozen=True, slots=True)
class Part:
    """One name part. Derived forms are computed once, when the part is made
    (see `Part.make`), since comparisons read them many times."""

    core: str  # canonical form, compounds hyphen-joined: "izz-al-din"
    role: str  # "given", "middle", "family", or "name" for a one-part name
    article: bool  # introduced by the Arabic article (al-Assad)
    particle: str  # European family particles, e.g. "von der"
    marker: str  # "bin" when introduced as a father's name
    arabic: bool  # written in an abjad, Arabic or Hebrew script (consonants only)
    compact: str  # the core without hyphens: the form that is compared
    # The compact form fused with its particle, as some writers spell it:
    # DeRousse, Elsisi, and with a sun letter assimilated, Essebsi.
    fulls: tuple[str, ...]
    display: str  # the part as written in normalized names: "bin-khalifa", "al-assad"
    # Every part of the name reads as Mandarin syllables (Mao Tse-tung): its
    # parts may compare syllable by syllable (syllables.py).
    syllabic: bool = False
    korean: bool = False  # read from Hangul: compared on Korean skeletons (korean.py)
    # Of a name of the Arabic, Persian or Turkish tradition (parse_name sets
    # it): short vowels unwritten, the second name the father's.
    abjad_name: bool = False
    # Readings the whole name gives the part (parse_name sets them): in a
    # transcription another word shows (Jauhen as Yauhen beside Andrejevitj),
    # or from scholarly letters before they were folded (Chruščëv: Khrushchev).
    readings: tuple[str, ...] = ()

    @property
    def initial(self) -> bool:
        return len(self.core) == 1

    @classmethod
    def make(cls, core: str, role: str, article: bool = False, particle: str = "", marker: str = "",
             arabic: bool = False, syllabic: bool = False, korean: bool = False, abjad_name: bool = False) -> "Part":
        compact = core.replace("-", "")
        if korean:
            fulls: tuple[str, ...] = surname_spellings(compact)  # Kim: Gim; Lee: Yi, Rhee
        elif particle:
            fulls = (particle.replace(" ", "") + compact,)
        elif article:
            fulls = ("al" + compact,) + (("a" + compact[0] + compact,) if compact[0] in _SUN_LETTERS else ())
        else:
            fulls = _fused_patronym(compact) if marker else ()
        words = ([marker] if marker else []) + particle.split() + (["al"] if article else [])
        return cls(core, role, article, particle, marker, arabic, compact, fulls, "-".join(words + [core]), syllabic,
                   korean, abjad_name)


def _fused_patronym(compact: str) -> tuple[str, ...]:
    """Maghreb family names fuse "son of" with the father's name (Benflis,
    Benkirane, Benhammedi): written apart or together, one name."""
    return ("ben" + compact, "bin" + compact)


@dataclass(frozen=True, slots=True)
class ParsedName:
    parts: tuple[Part, ...]
    titles: tuple[str, ...]
    generation: str  # "jr", "sr", "iii"...: a father and son differ only here
    normalized: str  # comparable form of the whole name

    @classmethod
    def make(cls, parts: tuple[Part, ...], titles: tuple[str, ...], generation: str) -> "ParsedName":
        words = [part.display for part in parts] + ([generation] if generation else [])
        return cls(parts, titles, generation, " ".join(words))


# Latin initials of the Arabic sun letters, which assimilate the article
# (al-Sisi is said and often written as-Sisi, Essebsi).
_SUN_LETTERS = frozenset("tdrzsnl")


def _kind(token: Token | None) -> str | None:
    return _kind_of(token.text) if token else None


def _kind_of(word: str) -> str | None:
    return PARTICLES[word][0] if word in PARTICLES else None


def _canonical(token: Token) -> str:
    return PARTICLES[token.text][1]


# --- fused spellings ---------------------------------------------------------
# "Abd" + article written as one word with the name: Abdulaziz, Abderrahmane.
# Prefixes ending in a sun letter (abdur, abder) need that letter doubled
# (Abdurrahman); otherwise the shorter prefix applies (Abdurahman = Abdu-Rahman).
_ABD_PREFIXES = sorted((w for w, (k, _) in PARTICLES.items() if k == "abd"), key=len, reverse=True)
_SUN_ENDINGS = ("r", "s", "z", "t", "d", "n")
# Forms of "Allah" after Abd or a name: Abdullah, Abdulla, Nasrullah.
_ALLAH_FORMS = {"lah", "llah", "la", "lla", "allah", "alla", "ullah", "ulla", "ellah", "ollah",
                "lh", "llh"}  # the last two: الله read from Arabic script
_KUNYA_PREFIXES = ("aboul", "abul", "abol", "abou", "abu")  # kunya particles (particles.tsv) fused to the name
# Theophoric suffixes fused into one word: Ezzedine, Izzeddin, Nureddin,
# Salahuddin, Ezzeldin. A connecting vowel (+ l or d) is required, so that
# names merely ending in -din (Jardine) are left alone.
_FUSED_DIN = re.compile(r"^([a-z]{3,}?)(?:[aeiou]l|[aeiou]d|[aeiou])d(?:in|ine|een|inn)e?$")
# Fused Allah compounds: Nasrallah, Fadlallah, Saifullah (not Isabella); with
# the Persian adjective ending -i, family names made of them (Asadollahi,
# Fathollahi: of the family of Asadollah, of Fathollah).
_FUSED_ALLAH = re.compile(r"^([a-z]{3,}?)(?:[aeiou]llah|[uo]lla)(i?)$")


def _split_abd(word: str) -> str | None:
    for prefix in _ABD_PREFIXES:
        rest = word[len(prefix):]
        if not word.startswith(prefix) or not rest:
            continue
        if prefix[-1] in _SUN_ENDINGS and prefix not in ("abd",) and not rest.startswith(prefix[-1]):
            continue
        if rest in _ALLAH_FORMS:
            return "abd-allah"
        if len(rest) >= 3:
            return f"abd-al-{rest}"
    return None


def split_fused(word: str) -> str:
    """Canonical compound form of a one-word compound, or the word itself."""
    if word.startswith("abd"):
        return _split_abd(word) or word
    for prefix in _KUNYA_PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 4 and rest[0] not in "aeiouy":
            return f"abu-{rest}"
    if match := _FUSED_DIN.match(word):
        return f"{match.group(1)}-al-din"
    if match := _FUSED_ALLAH.match(word):
        return f"{match.group(1)}-allah{match.group(2)}"
    return word


# The article written fused to the end of the word before it, as South Asian
# names write it: Fazlur Rahman is Fazl ur-Rahman ("grace of the Merciful"),
# Nurul Islam is Nur ul-Islam, Hameedul Hassan is Hameed ul-Hassan. Read so
# only on evidence: -u plus a sun letter that the next word begins with (the
# article assimilated: ur Rahman, us Salam), or -ul before a word the tables
# list (Islam, Haq, Hassan); never in a word the tables list as a name of its
# own (Arthur, Rasul), nor with a stem of under three letters (Paul, Saul).
_FUSED_SUN = re.compile(r"^([a-z]{3,})u(sh|th|dh|[tdrzsn])$")
_FUSED_UL = re.compile(r"^([a-z]{3,})ul$")
_NAMED = frozenset({spelling.replace(" ", "").replace("-", "") for family in GIVEN_NAME_FAMILIES
                    for spelling in family.spellings} | {full for fulls in NICKNAMES.values() for full in fulls})


def _whole(word: str) -> bool:
    """A name of its own, never read as a fused article: a listed given name,
    a familiar form (Claud before Doe is no "Cla ud-Doe") or an established
    US surname (Arnaud, Giraud)."""
    return word in _NAMED or word in NICKNAMES or word in US_SURNAMES


def _fused_article(word: str, after: str) -> tuple[str, str] | None:
    """(stem, article) of a word ending in the article of the word `after`
    it (fazlur before rahman: fazl, ur); None when it does not."""
    if _whole(word) or not any(c in "aeiouy" for c in word[:-2]):
        return None
    if (sun := _FUSED_SUN.match(word)) and after.startswith(sun.group(2)):
        return sun.group(1), "u" + sun.group(2)
    if (moon := _FUSED_UL.match(word)) and (after in _NAMED or _kind_of(after) == "suffix"):
        return moon.group(1), "ul"
    return None


def split_fused_articles(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Tokens with a fused South Asian article written apart (Fazlur Rahman:
    Fazl-ur-Rahman), so that both spellings read as one name."""
    out: list[Token] = []
    for i, token in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        found = None if after is None or token.arabic or token.korean else _fused_article(token.text, after.text)
        if found is None:
            out.append(token)
            continue
        stem, article = found
        out += [Token(stem, True, False), Token(article, True, False)]
    return tuple(out)


def _suffix_core(stem: str, suffix: str) -> str:
    """Canonical compound of a name and a theophoric suffix: izz-al-din, nasr-allah."""
    return f"{stem}-allah" if suffix == "allah" else f"{stem}-al-{suffix}"


# Cores that already end in a theophoric suffix take no second one.
_SUFFIX_ENDINGS = tuple({_suffix_core("", c) for k, c in PARTICLES.values() if k in ("suffix", "fused_suffix")})


def _is_article(tokens: tuple[Token, ...], i: int) -> bool:
    """al-/el- always; a sun-letter article only when assimilated to the next
    word, whose first letter it doubles (as-Sisi, ash Shara, en-Nahda), since
    As, Ed, En... are also words and names, hyphen-joined ones among them (the
    Chinese given name En-lai)."""
    kind = _kind(tokens[i])
    if kind == "article":
        return True
    if kind != "sun_article" or i + 1 >= len(tokens):
        return False
    token = tokens[i]
    return tokens[i + 1].text.startswith(token.text[1:])


# --- titles --------------------------------------------------------------------
def _strip_titles(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], tuple[str, ...], str]:
    """Titles before the name and suffixes after it set aside (data/titles.tsv);
    a generation (jr, iii) is kept apart. At least one token stays the name."""
    end = len(tokens)
    after: list[str] = []
    generation = ""
    # A suffix is a word of its own: the "i" of Ang-i, a syllable joined by a
    # hyphen, is not the numeral I.
    while end > 1 and tokens[end - 1].text in AFTER_NAME and not tokens[end - 2].hyphen_after:
        entry = AFTER_NAME[tokens[end - 1].text]
        if entry.kind == "generation" and not generation:
            generation = entry.canonical
        else:
            after.append(entry.written)
        end -= 1
    # Titles are read after the suffixes are set aside: "Jr." is no part of
    # the name a title needs after it (Hafez al-Assad Jr. is a man named Hafez).
    start = _leading_titles(tokens[:end])
    return tokens[start:end], tuple([t.text for t in tokens[:start]] + after), generation


def _leading_titles(tokens: tuple[Token, ...]) -> int:
    """How many tokens at the start are titles ("secretary of state"), with
    the qualifiers before them ("former prime minister"); a qualifier with no
    title after it is part of the name (Marine Le Pen). The last token is
    always left as the name."""
    words = [t.text for t in tokens]
    i = end = 0
    while i < len(words) - 1:
        n = phrase_at(words, i) or _title_word_at(tokens, i)
        if n:
            i = end = i + n
        elif words[i] in QUALIFIERS:
            i += 1
        else:
            break
    return min(end, len(words) - 1)


def _title_word_at(tokens: tuple[Token, ...], i: int) -> int:
    """Tokens of the one-word title at tokens[i], 0 if none. The article
    before a title belongs to it (As-Sayyid, al-Hajj); a one-letter title (the
    Burmese U) is an initial before another initial (U. S. Grant)."""
    word, rest = tokens[i].text, tokens[i + 1:]
    if _kind(tokens[i]) in ("article", "sun_article") and len(rest) > 1:
        return 2 if _title_word_at(tokens, i + 1) else 0
    if len(word) == 1 and rest and len(rest[0].text) == 1:
        return 0
    if word in NAME_FIRST_TITLES and not any(_kind(t) == "patronymic" for t in rest):
        # More often a given name (Amir Hossein, Sultan Ahmed Al Jaber): the
        # title only before a ruler's name built with bin (Sultan Qaboos bin
        # Said), as extraction reads it (data/titles.tsv, name-first).
        return 0
    return int(is_title_before(word, _name_parts(rest)))


def _name_parts(tokens: tuple[Token, ...]) -> int:
    """Parts of a name, a particle belonging to the part it introduces."""
    return sum(1 for t in tokens if t.text not in PARTICLES)


# --- parts ---------------------------------------------------------------------
def _compound_after(tokens: tuple[Token, ...], i: int) -> tuple[str, int] | None:
    """A theophoric second half after token i: (suffix, index after it)."""
    j = i + 1
    if j < len(tokens) and _kind(tokens[j]) in ("suffix", "fused_suffix"):
        return _canonical(tokens[j]), j + 1
    while j + 1 < len(tokens) and _kind(tokens[j]) in ("article", "sun_article"):
        j += 1
    if j > i + 1 and _kind(tokens[j]) == "suffix":
        return _canonical(tokens[j]), j + 1
    return None


def _prefixed_compound(tokens: tuple[Token, ...], i: int) -> tuple[str, int] | None:
    """Abd or Abu + (article) + name: (core, index after it)."""
    kind = _kind(tokens[i])
    if kind not in ("abd", "kunya"):
        return None
    if kind == "kunya" and i + 1 < len(tokens) and _kind(tokens[i + 1]) == "abd":
        inner = _prefixed_compound(tokens, i + 1)  # Abu Abd al-Rahman
        if inner:
            return f"{_canonical(tokens[i])}-{inner[0]}", inner[1]
    j = i + 1
    while j < len(tokens) - 1 and _kind(tokens[j]) in ("article", "sun_article"):
        j += 1
    if j >= len(tokens) or _kind(tokens[j]) in ("patronymic", "abd", "kunya"):
        return None
    word = tokens[j].text
    if kind == "abd":
        return ("abd-allah" if word in _ALLAH_FORMS else f"abd-al-{word}"), j + 1
    head = _canonical(tokens[i])
    return f"{head}-{split_fused(word)}", j + 1


def _hyphenated(tokens: tuple[Token, ...], i: int, core: str) -> tuple[str, int]:
    """Words joined by hyphens, none a particle, are one part: the double
    family names (Moreno-Ocampo) and given names (Jean-Pierre) of European
    names, which writers never shorten to one half."""
    while i < len(tokens) and tokens[i - 1].hyphen_after and _kind(tokens[i]) is None:
        core, i = f"{core}-{tokens[i].text}", i + 1
    return core, i


def _raw_parts(tokens: tuple[Token, ...]) -> list[dict]:
    parts: list[dict] = []
    pending: dict = {}
    i, n = 0, len(tokens)
    while i < n:
        token, kind, last = tokens[i], _kind(tokens[i]), i == n - 1
        if not last and _is_article(tokens, i):
            pending["article"] = True
            i += 1
            continue
        if not last and kind == "patronymic" and not (token.text == "ben" and i == 0):
            pending["marker"] = "bin"
            i += 1
            continue
        # A leading particle opens a family name written alone (de Gaulle, Le Pen),
        # and one hyphen-joined to the next word belongs to it (as the
        # normalized form writes it: von-trapp).
        if not last and kind == "western" and (parts or n == 2 or token.hyphen_after):
            pending["particle"] = f"{pending.get('particle', '')} {token.text}".strip()
            i += 1
            continue
        compound = _prefixed_compound(tokens, i)
        if compound:
            core, i = compound
        else:
            core, i = split_fused(token.text), i + 1
        suffix = _compound_after(tokens, i - 1) if not core.endswith(_SUFFIX_ENDINGS) else None
        if suffix and "abd-" not in core:
            core, i = _suffix_core(core, suffix[0]), suffix[1]
        elif not compound and kind is None:
            core, i = _hyphenated(tokens, i, core)
        parts.append({"core": core, "arabic": token.arabic, "korean": token.korean, **pending})
        pending = {}
    return parts


def _roles(count: int) -> list[str]:
    if count <= 1:
        return ["name"] * count  # none for no parts (a written form may read back empty)
    return ["given"] + ["middle"] * (count - 2) + ["family"]


@lru_cache(maxsize=65536)
def parse_name(text: str) -> ParsedName:
    """Tagged parts of a written name; InvalidName when it holds no letters."""
    parsed = _read(text)
    abjad = _abjad_tradition(parsed.parts)
    in_system = name_readings(tuple(p.compact for p in parsed.parts))
    if (scholarly := scholarly_text(text)) is not None:
        other = _read(scholarly).parts
        if len(other) == len(parsed.parts):  # Nikita Chruščëv: Nikita Khrushchev
            in_system = tuple(tuple(sorted(set(r) | {o.compact} - {p.compact}))
                              for r, o, p in zip(in_system, other, parsed.parts, strict=True))
    if abjad or any(in_system):
        parts = zip(parsed.parts, in_system, strict=True)
        parsed = ParsedName(tuple(replace(p, abjad_name=abjad, readings=r) for p, r in parts),
                            parsed.titles, parsed.generation, parsed.normalized)
    return parsed


def _read(text: str) -> ParsedName:
    tokens = tokenize(cleaned(text))
    if not tokens:
        raise InvalidName(f"no name in {text!r}")
    tokens, titles, generation = _strip_titles(tokens)
    parsed = _from_tokens(tokens, titles, generation)
    # The written-out form must read back as the same name. For rare inputs
    # the first reading splits what the written form joins ("A0ALLAHALLAH"):
    # reading the written form again settles it, for the name and its
    # normalized form alike. (Arabic script is read once: its written-out
    # consonants would read back as Latin letters.)
    for _ in range(0 if any(t.arabic or t.korean for t in tokens) else 3):
        again = _from_tokens(tokenize(parsed.normalized), parsed.titles, parsed.generation)
        if not again.parts or again.parts == parsed.parts:
            break
        parsed = again
    return parsed


# Particles of the Arabic naming tradition: the article, "son of", "servant
# of", "father of" (particles.tsv), and God's name closing a compound.
_ARABIC_WORDS = frozenset(word for word, (kind, _) in PARTICLES.items()
                          if kind in ("article", "sun_article", "patronymic", "abd", "kunya")) | {"allah", "ullah"}


def _abjad_tradition(parts: tuple[Part, ...]) -> bool:
    """Is the name of the Arabic, Persian or Turkish tradition, first written
    in an abjad (short vowels unwritten), whose second name is the father's
    (Mohammed Ezz al-Din Khalouf: Mohammed son of Ezz al-Din)? Said by its
    script, its particles or its listed given names."""
    return any(p.arabic or p.article or p.marker or p.compact in ARABIC_GIVEN_NAMES
               # Mandarin syllables (Zhou En-lai) can spell a particle.
               or not p.syllabic and any(word in _ARABIC_WORDS for word in p.core.split("-"))
               for p in parts)


def _from_tokens(tokens: tuple[Token, ...], titles: tuple[str, ...], generation: str) -> ParsedName:
    tokens, titles, generation = sovereign_style(tokens, titles, generation)
    tokens = split_fused_articles(tokens)
    if generation and len(tokens) > 1 and tokens[-1].text == generation:
        tokens = tokens[:-1]  # the written-out form ends with it
    raw = _raw_parts(tokens)
    syllabic = _syllabic(raw)
    parts = tuple(Part.make(role=role, syllabic=syllabic, **fields)
                  for fields, role in zip(raw, _roles(len(raw)), strict=True))
    return ParsedName.make(parts, titles, generation)


def _syllabic(raw: list[dict]) -> bool:
    """Every part is a plain word (no particle, not Arabic script) made of
    Mandarin syllables: the name may be Chinese, written in either system."""
    return bool(raw) and all(
        not (p["arabic"] or p["korean"] or p.get("article") or p.get("particle") or p.get("marker"))
        and readings(p["core"])
        for p in raw)


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Comparable form of a whole name: folded, titles removed, particles
    hyphen-joined to their part, compounds in one canonical spelling.
    Idempotent: normalize_name(normalize_name(x)) == normalize_name(x)."""
    return parse_name(text).normalized


# A particle at the start of a word written as one (Albashir, ALBASHIR), read
# as its camel-case spelling would be (AlBashir): at least three letters after
# it, longest particle first.
_FUSED_PARTICLE = re.compile(
    rf"^({'|'.join(sorted((p.lower() for p in CAMEL_PARTICLES), key=len, reverse=True))})(?=[a-z]{{3}})")


@lru_cache(maxsize=65536)
def name_forms(text: str) -> frozenset[str]:
    """The normalized spellings of one form of a name: its particles written
    apart, hyphened, fused or camel-cased (Al Bashir, Al-Bashir, AlBashir,
    Albashir, ALBASHIR). normalize_name reads a fused particle from its
    capital only (a lower-case "Albert" is one word), so these normalize
    apart; two spellings are one form when their forms meet. Other letters
    (Bashir, with no article) are another form."""
    words = normalize_name(text).split()
    fused = [w.replace("-", "") for w in words]
    # A word the parser already divided (al-bashir, abd-al-aziz) is split as it is.
    split = [w if "-" in w else _FUSED_PARTICLE.sub(r"\1-", w) for w in words]
    return frozenset({" ".join(words), normalize_name(" ".join(fused)), normalize_name(" ".join(split))})
