"""Where the evaluation kit is: beside the repository (../shared/eval), or
wherever NAMESAKE_EVAL_KIT says. The one definition that the benches and
the tests read."""
import os
from pathlib import Path

KIT = Path(os.environ.get("NAMESAKE_EVAL_KIT", Path(__file__).resolve().parents[2] / "shared" / "eval"))
