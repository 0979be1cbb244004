"""openapi/openapi.json is the exported document of the app as it is."""
from service.app import create_app
from service.cli import OPENAPI_PATH, openapi_text
from service.config import Settings
from tests.conftest import REPO


def test_exported_openapi_matches_the_app():
    document = create_app(Settings(database_url="sqlite:///unused.db")).openapi()
    on_disk = (REPO / OPENAPI_PATH).read_text(encoding="utf-8")
    assert on_disk == openapi_text(document), "run `namesake export-openapi` and commit the file"


def test_every_operation_has_a_stable_id():
    document = create_app(Settings(database_url="sqlite:///unused.db")).openapi()
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)) and all(ids)
    assert {"create_article", "get_article", "get_entity", "search_entities", "compare"} <= set(ids)
