"""Finding the people named in a text."""
from dataclasses import dataclass

from spacy.language import Language


@dataclass(frozen=True)
class PersonMention:
    """A span of the text naming a person; offsets in code points, end exclusive."""

    start: int
    end: int
    text: str
    score: float = 1.0


def extract_people(nlp: Language, text: str) -> list[PersonMention]:
    doc = nlp(text)
    return [
        PersonMention(ent.start_char, ent.end_char, ent.text)
        for ent in doc.ents
        if ent.label_ == "PERSON"
    ]
