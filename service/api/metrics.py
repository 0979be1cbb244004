"""GET /metrics. Requests are counted by service/api/observe.py."""
from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from service import metrics

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def scrape(request: Request) -> Response:
    """Prometheus text format: infrastructure, like /healthz, so outside the API's document."""
    return Response(metrics.exposition(request.app.state.engine), media_type=CONTENT_TYPE_LATEST)
