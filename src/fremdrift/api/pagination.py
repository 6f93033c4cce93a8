"""Query parameters of the API's lists. An unknown parameter (a misspelt filter) is refused,
not silently ignored, as ignoring it would answer with more rows than were asked for.

Pagination of the API's lists: `limit` (1-200, default 50) and `offset` (from 0); every page
says `count` (all rows), `limit`, `offset` and `next_offset` (null on the last page)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from fremdrift.api.problems import problem

DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 200
MAX_OFFSET: Final = 10**9

T = TypeVar("T", bound=Model)
R = TypeVar("R")


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rækker pr. side (1-200).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Antal rækker der springes over.")


class PageInfo(Schema):
    count: int
    limit: int
    offset: int
    next_offset: int | None


def page(rows: QuerySet[T], params: PageParams) -> tuple[PageInfo, Sequence[T]]:
    count = rows.count()
    items = list(rows[params.offset : params.offset + params.limit])
    following = params.offset + params.limit
    return (
        PageInfo(
            count=count,
            limit=params.limit,
            offset=params.offset,
            next_offset=following if following < count else None,
        ),
        items,
    )


def page_of_list(rows: Sequence[R], params: PageParams) -> tuple[PageInfo, Sequence[R]]:
    """The same for rows already in memory (figures from the engine or a release)."""
    following = params.offset + params.limit
    return (
        PageInfo(
            count=len(rows),
            limit=params.limit,
            offset=params.offset,
            next_offset=following if following < len(rows) else None,
        ),
        rows[params.offset : following],
    )


def refuse_unknown(request: HttpRequest, query: type[Schema]) -> None:
    """422 when the query string has a parameter `query` does not define."""
    unknown = sorted(set(request.GET) - set(query.model_fields))
    if unknown:
        raise problem(
            422,
            "invalid-request",
            _("Ukendte parametre: %(ukendte)s. Ruten kender: %(kendte)s."),
            params={"ukendte": ", ".join(unknown), "kendte": ", ".join(query.model_fields)},
        )
