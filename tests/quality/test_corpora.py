"""Quality as a regression: gold corpora scored through a real server with the
evaluation kit's own scorer, each run on a fresh SQLite database. The figures
are floors a change must keep; README.md lists what the service reaches."""
import sys

import pytest

from tests.conftest import KIT, REPO, SEEDS
from tests.server import running_server

pytestmark = pytest.mark.e2e

CORPORA = {"seeds": SEEDS, "families": REPO / "bench" / "corpora" / "families",
           "wire": REPO / "bench" / "corpora" / "wire"}
# corpus: (detection F1, exact boundaries, B-cubed F1) floors; no ID may merge two people.
FLOORS = {"seeds": (0.95, 0.95, 0.97), "families": (0.92, 0.97, 0.93), "wire": (0.89, 0.96, 0.93)}


@pytest.fixture(scope="module")
def score_corpus(seeds):
    sys.path.insert(0, str(KIT))
    from score import score_corpus  # the kit's scorer, exactly as the evaluation runs it

    return score_corpus


def scored(score_corpus, corpus: str, order: int | None, tmp_path) -> dict:
    with running_server(f"sqlite:///{tmp_path / 'quality.db'}", tmp_path) as url:
        return score_corpus(url, CORPORA[corpus], {}, order, True)


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_corpus_keeps_its_figures(score_corpus, corpus, tmp_path):
    result = scored(score_corpus, corpus, None, tmp_path)
    detection_f1, boundaries, b_cubed = FLOORS[corpus]
    assert result["detection"]["f1"] >= detection_f1, result["false_positives"] + result["missed"]
    assert result["detection"]["exact_boundaries"] >= boundaries
    assert result["b_cubed"]["f1"] >= b_cubed, result["splits"]
    assert result["merged_ids"] == 0, result["merges"]


@pytest.mark.parametrize("order", [1, 2, 3])
def test_seed_clusters_do_not_depend_on_posting_order(score_corpus, order, tmp_path):
    result = scored(score_corpus, "seeds", order, tmp_path)
    assert result["b_cubed"]["f1"] >= FLOORS["seeds"][2] and result["merged_ids"] == 0
