from typing import Annotated

from fastapi import APIRouter, Query

from service import webhooks
from service.api.deps import SessionDep, SettingsDep
from service.schemas import DeliveryPage, Text, WebhookList

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


@router.get("", response_model=WebhookList, summary="Each webhook URL's progress")
def list_webhooks(session: SessionDep, settings: SettingsDep) -> WebhookList:
    """Each configured webhook URL: the last change it acknowledged, how many
    it has yet to get (`lag`), the server process sending to it, and its
    newest delivery attempt with the outcome. Empty without WEBHOOK_URLS."""
    return webhooks.overview(session, settings.webhooks())


@router.get("/deliveries", response_model=DeliveryPage, summary="The webhook delivery log")
def list_deliveries(
    session: SessionDep,
    url: Annotated[Text | None, Query(max_length=1024, description="Only the deliveries to this URL.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> DeliveryPage:
    """The delivery log, newest first: every attempt to send a batch of
    changes, with the receiver's status or why none came."""
    return webhooks.deliveries(session, url, limit, offset)
