#!/usr/bin/env python3
"""Sanity-check the hand-written gold corpora in this folder.

    python3 bench/corpora/validate.py [families wire ...] [--show]

Checks that every document file exists, every listed surface string (and
every ignore string) occurs at least once as a whole word per score.py's
gold_spans, and that every entity id used is declared (and every declared
entity used). --show prints each gold span and capitalised words that are
not covered by any gold or ignore span, for eyeballing.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository, for bench.kit
from bench.kit import KIT

sys.path.insert(0, str(KIT))
from score import gold_spans


def check(corpus: Path, show: bool) -> bool:
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    ents = gold["entities"]
    ok, used, total = True, Counter(), 0
    for d in gold["documents"]:
        f = corpus / d["file"]
        if not f.exists():
            print(f"  MISSING FILE {f}")
            ok = False
            continue
        text = f.read_text(encoding="utf-8")
        spans, ignored = gold_spans(text, d["mentions"], d.get("ignore", []))
        total += len(spans)
        found = Counter(text[a:b] for a, b, _ in spans)
        for s, e in d["mentions"].items():
            if e not in ents:
                print(f"  {d['id']}: undeclared entity {e!r}")
                ok = False
            if not found[s]:
                print(f"  {d['id']}: surface {s!r} never matched")
                ok = False
        for s in d.get("ignore", []):
            if not re.search(r"(?<![\w-])" + re.escape(s) + r"(?!\w)", text):
                print(f"  {d['id']}: ignore string {s!r} does not occur")
        ids = {e for _, _, e in spans}
        used.update(ids)
        words = len(text.split())
        if len(ids) < 3:
            print(f"  {d['id']}: only {len(ids)} people")
        if show:
            print(f"== {d['id']} ({words} words, {len(ids)} people, {len(spans)} mentions)")
            for a, b, e in spans:
                print(f"   {text[a:b]!r:40} -> {e}")
            cov = [False] * len(text)
            for a, b, *_ in spans + ignored:
                for i in range(a, b):
                    cov[i] = True
            unc = [m.group() for m in re.finditer(r"\b[A-Z][\w'’-]+", text) if not cov[m.start()]]
            print("   uncovered capitalised:", " ".join(sorted(set(unc))))
    unused = set(ents) - set(used)
    if unused:
        print(f"  declared but unused entities: {sorted(unused)}")
        ok = False
    print(f"{gold['corpus']}: documents={len(gold['documents'])} entities={len(used)} gold_mentions={total}"
          f" {'OK' if ok else 'PROBLEMS'}")
    return ok


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--show" in sys.argv
    names = args or ["families", "wire", "public"]
    results = [check(HERE / n, show) for n in names if (HERE / n / "gold.json").exists()]
    sys.exit(0 if results and all(results) else 1)
