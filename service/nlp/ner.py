"""Running the spaCy model over an article: entity spans with their labels,
offsets into the original text."""
from dataclasses import dataclass

from spacy.language import Language

# One-for-one character replacements shown to the model only (offsets are
# unchanged): it was trained on straight quotes and plain spaces, and reads
# "Wightman’s" or a non-breaking space less well.
_FOR_MODEL = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u3000": " ", "\t": " ",
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-",
})

# Lines longer than this are cut at a sentence end so that no piece reaches
# the model's length limit on very long texts.
_MAX_PIECE = 20_000
# Lines handed to the model at once.
_BATCH = 64


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str


def model_text(text: str) -> str:
    return text.translate(_FOR_MODEL)


def find_entities(nlp: Language, text: str) -> list[Entity]:
    """Entities of every line of `text`. Lines are read separately: a scraped
    page's lines are headlines, captions and paragraphs, and an entity never
    runs across them. A line repeated on the page is read once."""
    return find_entities_many(nlp, [text])[0]


def find_entities_many(nlp: Language, texts: list[str]) -> list[list[Entity]]:
    """find_entities for each text, their lines read by the model in one
    stream: larger batches for the model, and a line repeated anywhere in
    the batch (a site's footer) read once."""
    pieces = [list(_pieces(model_text(text))) for text in texts]
    unique = list(dict.fromkeys(piece for each in pieces for _, piece in each))
    found = {
        piece: [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for piece, doc in zip(unique, nlp.pipe(unique, batch_size=_BATCH), strict=True)
    }
    return [[Entity(offset + s, offset + e, label)
             for offset, piece in each for s, e, label in found[piece]]
            for each in pieces]


def _pieces(text: str):
    """(offset, piece) for each non-blank line, long lines cut at sentence ends."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield from _cut(line, pos)
        pos += len(line) + 1


def _cut(line: str, offset: int):
    while len(line) > _MAX_PIECE:
        cut = max(line.rfind(". ", 0, _MAX_PIECE), line.rfind(" ", 0, _MAX_PIECE // 2))
        cut = cut + 1 if cut > 0 else _MAX_PIECE
        yield offset, line[:cut]
        line, offset = line[cut:], offset + cut
    yield offset, line
