"""Rejection of candidates that are not people, from the candidate's own
words and the text right around it. Each test returns the reason it fired,
so a rejected span can be explained. Votes across the whole article (the
same word tagged as a place elsewhere, a country of the gazetteer) live in
extract.py and evidence.py."""
import re

from service.nlp import rules
from service.nlp.words import (
    Word,
    hyphen_parts,
    is_capitalized,
    is_initial,
    is_name_word,
    is_particle,
    is_title_head,
    is_title_word,
    previous_word,
    words_between,
)

_DIRECTIONS = frozenset("north south east west northern southern eastern western".split())


def reject_reason(text: str, start: int, end: int) -> str | None:
    """Why text[start:end] is not a person's name, or None if it may be one."""
    words = words_between(text, start, end)
    if not words or sum(c.isalpha() for c in text[start:end]) < 2:
        return "no letters"
    keys = [w.key for w in words]
    phrase = " ".join(keys)
    for check in _CHECKS:
        reason = check(text, words, keys, phrase)
        if reason:
            return reason
    return None


def _romance_particle(words, i: int) -> bool:
    """"da" in "Lula da Silva": a Romance particle, in lower case, between
    capitalized words of the span."""
    return (0 < i < len(words) - 1 and words[i].text in rules.ROMANCE_PARTICLES
            and is_capitalized(words[i - 1]) and is_capitalized(words[i + 1]))


def _not_name_words(text, words, keys, phrase):
    for i, w in enumerate(words):
        if not is_name_word(w) and not is_initial(w) and not _romance_particle(words, i):
            return f"not a name word: {w.text!r}"
    if not any(is_capitalized(w) and (not is_particle(w) or "-" in w.key) for w in words):
        return "no capitalized name part"
    return None


def _determiner(text, words, keys, phrase):
    if keys[0] in rules.NON_NAME_STARTS:
        return "starts with a determiner: an organisation or a phrase"
    return None


def _furniture(text, words, keys, phrase):
    if phrase in rules.FURNITURE or keys[0] in rules.FURNITURE_VERBS:
        return "page furniture"
    return None


def _titles_only(text, words, keys, phrase):
    if all(is_title_word(w) for w in words) and any(is_title_head(w) for w in words):
        return "a title without a name"
    return None


def _demonym_or_calendar(text, words, keys, phrase):
    if all(k in rules.DEMONYMS for k in keys):
        return "nationality, people or sect"
    if len(keys) == 1 and keys[0] in rules.CALENDAR:
        return "calendar word"
    return None


def _organisation(text, words, keys, phrase):
    if (len(keys) > 1 or "-" in keys[0]) and hyphen_parts(keys[0])[0] in rules.ORG_HEADS:
        return f"opens the name of a group: {words[0].text!r}"
    for i, k in enumerate(keys):
        if (i > 0 or len(keys) == 1) and any(p in rules.ORG_WORDS for p in k.split("-")):
            return f"organisation word {words[i].text!r}"
        if k in rules.CREDIT_WORDS:
            return f"credit or outlet word {words[i].text!r}"
    return None


def _place(text, words, keys, phrase):
    given = keys[0] in rules.given_names()
    if keys[0] in _DIRECTIONS and len(keys) > 1:
        return "starts with a direction: a place"
    if len(keys) > 1 and keys[-1] in rules.PLACE_WORDS and not given:
        return f"place word {words[-1].text!r}"
    if len(keys) > 1 and keys[-1] in rules.STATE_NAMES and not given:
        prev = previous_word(text, words[0].start)
        if prev is not None and prev.key in rules.LOCATIVE_BEFORE:
            return "a city and its state"
    return None


def _common_noun(text, words, keys, phrase):
    if len(keys) != 1:
        return None
    k = keys[0]
    if k.endswith(rules.COMMON_NOUN_ENDINGS) and not k.endswith(("quist", "qvist")):
        return "ending of a common noun"
    if words[0].text.isupper() and len(k) <= 3:
        return "short all-capitals word: an acronym"
    return None


def _named_thing(text, words, keys, phrase):
    """"Hurricane Delphine", "MV Ingrid Solberg", "Hindi-language"."""
    prev = previous_word(text, words[0].start)
    if keys[0] in rules.THING_BEFORE or (prev is not None and prev.key in rules.THING_BEFORE):
        return "the name of a storm or a ship"
    if _thing_noun_after(text, words[-1]):
        return "the name of a storm, a ship or an outlet"
    if any(k.endswith(rules.ADJECTIVE_ENDINGS) for k in keys):
        return "a compound adjective"
    return None


# "Safer oil tanker", "Quryna newspaper": a noun of THING_AFTER, lower case,
# right after the name or after one lower-case word.
_THING_NOUN_AFTER = re.compile(r" (?:[a-z]+ )?(?:" + "|".join(sorted(rules.THING_AFTER)) + r")\b")


def _thing_noun_after(text: str, last: Word) -> bool:
    return _THING_NOUN_AFTER.match(text, last.end) is not None


def _outlet_position(text, words, keys, phrase):
    """"Headline | Outlet": the segment after the last bar of a line, or a
    line holding only bars and labels, names the site, not a person."""
    line_start = text.rfind("\n", 0, words[0].start) + 1
    line_end = text.find("\n", words[-1].end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start : words[0].start]
    if "|" in before and not before.rsplit("|", 1)[1].strip() and "|" not in text[words[-1].end : line_end]:
        return "site name after a bar"
    return None


_CHECKS = (
    _not_name_words,
    _determiner,
    _furniture,
    _titles_only,
    _demonym_or_calendar,
    _organisation,
    _place,
    _common_noun,
    _named_thing,
    _outlet_position,
)


def is_speaker_role(words: list[Word]) -> bool:
    """"QUESTION", "MODERATOR", "UNIDENTIFIED MALE": a transcript role."""
    return any(w.key in rules.SPEAKER_ROLES for w in words)
