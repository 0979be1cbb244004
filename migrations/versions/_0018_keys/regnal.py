"""Regnal numbers and territorial designations: the parts of a sovereign's
style that are not name parts.

- A regnal number written inside the name, before a patronym or a
  designation ("Abdullah II bin Al-Hussein", "Abdullah II of Jordan"), is the
  name's number, as it is at the end ("Abdullah II"): not a father's name.
- "of" and the words after it, after a name, name a place or a house, never a
  person's name part (Hussein of Jordan, Joan of Arc, Charles Carroll of
  Carrollton): a designation, set aside like a title.
The numbers themselves are listed in data/titles.tsv (kind "generation").
"""
from .normalize import Token
from .rules import PARTICLES
from .titles import AFTER_NAME

DESIGNATION = "of"


def _number(token: Token) -> str | None:
    entry = AFTER_NAME.get(token.text)
    return entry.canonical if entry and entry.kind == "generation" else None


def inner_number(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], str]:
    """A number after the first word and before a patronym or a designation
    (Abdullah II bin Al-Hussein): the tokens without it, and the number."""
    if len(tokens) < 3 or not (number := _number(tokens[1])):
        return tokens, ""
    after = tokens[2].text
    if after == DESIGNATION or PARTICLES.get(after, ("",))[0] == "patronymic":
        return tokens[:1] + tokens[2:], number
    return tokens, ""


def designation(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], str]:
    """A trailing "of ..." after at least one name word: the tokens before it,
    and the designation ("of jordan"); else the tokens and ""."""
    for i in range(1, len(tokens) - 1):
        if tokens[i].text == DESIGNATION:
            return tokens[:i], " ".join(t.text for t in tokens[i:])
    return tokens, ""


def sovereign_style(tokens: tuple[Token, ...], titles: tuple[str, ...],
                    generation: str) -> tuple[tuple[Token, ...], tuple[str, ...], str]:
    """The name's tokens, titles and generation once an inner regnal number
    and a designation are set aside."""
    if not generation:
        tokens, generation = inner_number(tokens)
    tokens, place = designation(tokens)
    return tokens, titles + ((place,) if place else ()), generation
