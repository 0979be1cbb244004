#!/usr/bin/env python3
"""The gold corpora scored with the evaluation kit's own scorer, each posted
to a fresh service on a fresh SQLite database; one line of figures each.

    .venv/bin/python bench/score_corpora.py [public families wire seeds] [--shuffle SEED] [-v]

-v prints every error the scorer lists (splits, merges, missed names, false
positives). The kit is looked for beside the repository (../shared/eval) or
at NAMESAKE_EVAL_KIT."""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
KIT = Path(os.environ.get("NAMESAKE_EVAL_KIT", REPO.parent / "shared" / "eval"))
CORPORA = {"public": REPO / "bench" / "corpora" / "public", "families": REPO / "bench" / "corpora" / "families",
           "wire": REPO / "bench" / "corpora" / "wire", "seeds": KIT / "corpora" / "seeds"}
NAMESAKE = str(Path(sys.executable).parent / "namesake")


def serve(database: str, log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "warning"}
    process = subprocess.Popen([NAMESAKE, "serve", "--port", str(port)], env=env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the service did not start: {log.read_text()[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", metavar="CORPUS", help=f"of {', '.join(CORPORA)} (default: all)")
    parser.add_argument("--shuffle", type=int, metavar="SEED")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    unknown = set(args.corpora) - set(CORPORA)
    if unknown:
        parser.error(f"unknown corpora: {', '.join(sorted(unknown))}")
    sys.path.insert(0, str(KIT))
    from score import score_corpus  # the kit's scorer, exactly as the evaluation runs it

    for name in args.corpora or list(CORPORA):
        with tempfile.TemporaryDirectory() as folder:
            process, url = serve(f"sqlite:///{folder}/score.db", Path(folder) / "log")
            try:
                result = score_corpus(url, CORPORA[name], {}, args.shuffle, args.verbose)
            finally:
                process.terminate()
                process.wait(30)
        d, b = result["detection"], result["b_cubed"]
        print(f"{name:9} detection P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}  "
              f"exact {d['exact_boundaries']:.3f}  B-cubed P {b['precision']:.3f} R {b['recall']:.3f} "
              f"F1 {b['f1']:.3f}  merged ids {result['merged_ids']}", flush=True)
        if args.verbose:
            print(json.dumps({k: v for k, v in result.items() if isinstance(v, (list, dict)) and k not in ("detection", "b_cubed", "pairwise", "corpus")}, indent=1,
                             ensure_ascii=False))


if __name__ == "__main__":
    main()
