from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from service import articles, metrics
from service.api.contract import refusals
from service.api.deps import NlpDep, SessionDep, SettingsDep, actor_name
from service.api.errors import error_body
from service.errors import TextTooLarge
from service.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleList,
    ArticleOut,
    BatchIn,
    BatchItem,
    BatchOut,
    IsoDatetime,
    Text,
)

router = APIRouter(prefix="/v1/articles", tags=["articles"])
batch_router = APIRouter(prefix="/v1", tags=["articles"])


NO_SUCH_ARTICLE = refusals({404: "No article with this ID (not_found)"})


@router.post(
    "",
    response_model=ArticleOut,
    status_code=status.HTTP_201_CREATED,
    summary="Read an article",
    response_description="A new article: its mentions, each linked to a person",
    responses={200: {"model": ArticleOut, "description": "Already stored, or an edit of a stored article"},
               **refusals({413: "Too large: the body (body_too_large), the text (text_too_large) or its "
                                "number of distinct names (too_many_names)"})},
)
def create_article(data: ArticleIn, request: Request, response: Response, session: SessionDep, nlp: NlpDep,
                   settings: SettingsDep) -> ArticleDetail:
    """Find the people an article names and link each mention to a canonical entity."""
    if len(data.text) > settings.max_text_chars:
        raise TextTooLarge(len(data.text), settings.max_text_chars)
    with metrics.database_time():
        article, created = articles.ingest_article(session, nlp, data)
        session.commit()
    if created:
        # A path, not an absolute URL: the client resolves it against the URL
        # it called, which the service cannot know (its Host header is the
        # client's say).
        response.headers["Location"] = request.app.url_path_for("get_article", article_id=article.id)
    else:
        response.status_code = status.HTTP_200_OK
    return article


@router.get("", response_model=ArticleList, summary="List articles, newest first")
def list_articles(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page")] = None,
    updated_since: Annotated[IsoDatetime | None, Query(
        description="Only articles stored or edited at or after this time (ISO 8601)")] = None,
    external_id: Annotated[Text | None, Query(
        min_length=1, max_length=512, description="Only the article stored under this ID of the caller's")] = None,
) -> ArticleList:
    """Articles without their text, newest first (by `updated_at`, then `id`),
    each with its number of mentions and of people. With `external_id`, the
    same page holds the one article stored under that ID, or none."""
    return articles.list_articles(session, limit, cursor, updated_since, external_id)


@router.get("/{article_id}", response_model=ArticleDetail, summary="Get an article", responses=NO_SUCH_ARTICLE)
def get_article(article_id: Text, session: SessionDep) -> ArticleDetail:
    """An article with its text and its mentions."""
    return articles.get_article(session, article_id)


@router.delete("/{article_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an article",
               response_description="Deleted", responses=NO_SUCH_ARTICLE)
def delete_article(article_id: Text, session: SessionDep, request: Request) -> None:
    """Remove an article and its mentions; alias and entity counts follow."""
    articles.delete_article(session, article_id, actor_name(request, "anonymous"))
    session.commit()


@batch_router.post("/articles:batch", response_model=BatchOut, summary="Read up to 100 articles",
                   response_description="One item per article, in order: its result or its own error")
def create_articles(data: BatchIn, session: SessionDep, nlp: NlpDep, settings: SettingsDep) -> BatchOut:
    """Up to 100 articles at once, each stored on its own: a result or an error per article."""
    results: list[tuple[ArticleDetail, bool] | Exception] = []
    for ready in articles.read_batch(session, nlp, data.articles, settings.max_text_chars):
        if isinstance(ready, Exception):
            results.append(ready)
            continue
        with metrics.database_time():
            results.append(articles.ingest_article(session, nlp, *ready))
            session.commit()  # each article in its own transaction: one failure costs only itself
    return BatchOut(items=[_item(index, result) for index, result in enumerate(results)])


def _item(index: int, result: tuple[ArticleDetail, bool] | Exception) -> BatchItem:
    # An article refused answers the code its own POST would have been refused with.
    if isinstance(result, Exception):
        return BatchItem(index=index, status="error", error=error_body(result))
    article, created = result
    return BatchItem(index=index, status="created" if created else "stored", article=article)

