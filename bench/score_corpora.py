#!/usr/bin/env python3
"""The gold corpora scored with the evaluation kit's own scorer, each posted
to a fresh service on a fresh SQLite database; one line of figures each.

    .venv/bin/python bench/score_corpora.py [public families wire seeds heldout] [--shuffle SEED] [-v]

heldout is scored only when named, once per release, and never with -v
while working on the rules (see bench/corpora/README.md).

-v prints every error the scorer lists (splits, merges, missed names, false
positives). The kit is looked for beside the repository (../shared/eval) or
at NAMESAKE_EVAL_KIT."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.kit import KIT  # noqa: E402
from bench.server import running_server  # noqa: E402

CORPORA = {"public": REPO / "bench" / "corpora" / "public", "families": REPO / "bench" / "corpora" / "families",
           "wire": REPO / "bench" / "corpora" / "wire", "seeds": KIT / "corpora" / "seeds",
           "heldout": REPO / "bench" / "corpora" / "heldout"}
DEFAULT = ["public", "families", "wire", "seeds"]  # heldout only when asked for by name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", metavar="CORPUS",
                        help=f"of {', '.join(CORPORA)} (default: {' '.join(DEFAULT)})")
    parser.add_argument("--shuffle", type=int, metavar="SEED")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    unknown = set(args.corpora) - set(CORPORA)
    if unknown:
        parser.error(f"unknown corpora: {', '.join(sorted(unknown))}")
    sys.path.insert(0, str(KIT))
    from score import score_corpus  # the kit's scorer, exactly as the evaluation runs it

    for name in args.corpora or DEFAULT:
        with tempfile.TemporaryDirectory() as folder, \
                running_server(f"sqlite:///{folder}/score.db", Path(folder)) as url:
            result = score_corpus(url, CORPORA[name], {}, args.shuffle, args.verbose)
        d, b = result["detection"], result["b_cubed"]
        print(f"{name:9} detection P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}  "
              f"exact {d['exact_boundaries']:.3f}  B-cubed P {b['precision']:.3f} R {b['recall']:.3f} "
              f"F1 {b['f1']:.3f}  merged ids {result['merged_ids']}", flush=True)
        if args.verbose:
            errors = {k: v for k, v in result.items()
                      if isinstance(v, list | dict) and k not in ("detection", "b_cubed", "pairwise", "corpus")}
            print(json.dumps(errors, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
