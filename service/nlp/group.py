"""Grouping the mentions of one article by person."""
from dataclasses import dataclass

from service.names import normalize_name
from service.nlp.extract import PersonMention


@dataclass
class PersonGroup:
    """All the mentions of one person in one article."""

    name: str
    mentions: list[PersonMention]


def group_mentions(mentions: list[PersonMention], text: str) -> list[PersonGroup]:
    """Mentions with the same normalized name form one group; `text` is the
    article, for the context cues that tell apart people sharing a name."""
    groups: dict[str, PersonGroup] = {}
    for mention in mentions:
        key = normalize_name(mention.text)
        group = groups.setdefault(key, PersonGroup(mention.text, []))
        group.mentions.append(mention)
    return list(groups.values())
