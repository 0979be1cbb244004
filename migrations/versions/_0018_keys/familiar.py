"""English given names and their familiar forms, as the `nicknames` package
gave them (through service/names/familiar.py) when this copy was made."""
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def english_nicknames() -> tuple[tuple[str, str], ...]:
    lines = (Path(__file__).parent / "data" / "english_nicknames.tsv").read_text(encoding="utf-8").splitlines()
    return tuple(tuple(line.split("\t")) for line in lines if line and not line.startswith("#"))  # type: ignore[misc]
