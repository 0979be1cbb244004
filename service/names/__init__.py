"""The transliteration brain: pure functions, no I/O.

Public interface used by the rest of the service:
    normalize_name(text) -> str           comparable form of a whole name
    name_forms(text) -> frozenset[str]    its case and spacing variants, normalized
    compare_names(a, b) -> Comparison     score in [0, 1], match, explanation
    blocking_keys(text) -> set[str]       keys for the indexed candidate lookup
    parse_name(text) -> ParsedName        the tagged parts of a name
    InvalidName                           raised for input that holds no name
    MATCH_THRESHOLD                       score >= threshold means match
"""
from service.names.compare import MATCH_THRESHOLD, Alignment, Comparison, compare_names
from service.names.keys import blocking_keys
from service.names.normalize import InvalidName
from service.names.parse import ParsedName, Part, name_forms, normalize_name, parse_name

__all__ = [
    "MATCH_THRESHOLD",
    "Alignment",
    "Comparison",
    "InvalidName",
    "ParsedName",
    "Part",
    "blocking_keys",
    "compare_names",
    "name_forms",
    "normalize_name",
    "parse_name",
]
