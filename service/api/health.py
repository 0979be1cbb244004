from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.schemas import Status

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Status, summary="Liveness")
def healthz() -> Status:
    """The process is up."""
    return Status(status="ok")


@router.get("/readyz", response_model=Status, summary="Readiness",
            responses={503: {"model": Status, "description": "Not ready: the database does not answer or "
                                                             "the model is not loaded"}})
def readyz(request: Request):
    """Ready to serve: the database answers and the NER model is loaded."""
    checks = {"model": "ok" if getattr(request.app.state, "nlp", None) else "not loaded"}
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as err:
        checks["database"] = f"unreachable ({err.__class__.__name__})"
    ready = all(v == "ok" for v in checks.values())
    status = Status(status="ready" if ready else "not ready", checks=checks)
    return status if ready else JSONResponse(status.model_dump(), status_code=503)
