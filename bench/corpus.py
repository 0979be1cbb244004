"""The article texts the throughput and soak benches post: the evaluation
kit's seed articles and the pages of bench/corpora."""
import sys
from pathlib import Path

from bench.kit import KIT

REPO = Path(__file__).resolve().parent.parent
# A fixed list, not every corpus there is: the README's figures were measured
# on these texts, and a new corpus must not change what a ratio is made of.
CORPORA = [KIT / "corpora" / "seeds" / "docs",
           *(REPO / "bench" / "corpora" / name / "docs" for name in ("families", "wire"))]


def source_texts() -> list[str]:
    """Every page's text, in a fixed order; exits when there are none."""
    texts = [p.read_text(encoding="utf-8") for folder in CORPORA if folder.is_dir()
             for p in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit("no articles found in " + ", ".join(map(str, CORPORA)))
    return texts
