"""Articles written with their mentions marked, for grouping tests that do
not depend on extraction: "[Maj. Gen.|Youssef Qabbani] said" is the text
"Maj. Gen. Youssef Qabbani said" with one mention, "Youssef Qabbani", whose
title is "Maj. Gen."."""
import re

from service.nlp import PersonGroup, group_mentions
from service.nlp.extract import PersonMention

_MARK = re.compile(r"\[(?:([^|\]]+)\|)?([^\]]+)\]")


def marked(source: str) -> tuple[list[PersonMention], str]:
    text, mentions, last = "", [], 0
    for mark in _MARK.finditer(source):
        title, name = mark.groups()
        text += source[last:mark.start()] + (f"{title} " if title else "")
        mentions.append(PersonMention(len(text), len(text) + len(name), name,
                                      titles=(title,) if title else ()))
        text += name
        last = mark.end()
    return mentions, text + source[last:]


def grouped(source: str) -> list[list[str]]:
    """The mentions of each group, in text order, each with its title:
    [["Maj. Gen. Youssef Qabbani", "Gen. Qabbani"], ["Capt. Yusuf Kabbani"]]."""
    mentions, text = marked(source)
    return [[_written(m) for m in g.mentions] for g in group_mentions(mentions, text)]


def groups_of(source: str) -> list[PersonGroup]:
    mentions, text = marked(source)
    return group_mentions(mentions, text)


def _written(m: PersonMention) -> str:
    return " ".join(m.titles + (m.text,))
