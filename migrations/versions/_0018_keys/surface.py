"""Surface noise around a written name, removed before it is read.

- The English possessive: "Saleh's" in running text is Saleh; no name ends
  in apostrophe-s.
- Two parts written together with a capital inside ("AhmedSaleh", from
  hashtags, handles and file names) are two parts. Gaelic prefixes keep their
  capital inside one name (McDonald, MacArthur, FitzGerald), and particles
  (DeRousse, AlBashir) are read by normalize.py; both halves need three
  letters, so that JoAnn or DeShawn stay as they are.
"""
import re

_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['’]s?(?=\s*$)")
_GLUED = re.compile(r"(?<![^\W\d_])(?!(?:Mac|Mc|Fitz))([^\W\d_]*?[a-z]{2,})(?=[A-Z][a-z]{2})")


def cleaned(text: str) -> str:
    """The written name without a possessive and with glued parts apart."""
    text = _POSSESSIVE.sub("", text.rstrip())
    return _GLUED.sub(r"\1 ", text)
