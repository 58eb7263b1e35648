"""The calendar feed over HTTP: `GET /calendar/<token>.ics`, answered as `text/calendar`.

The token is the whole of its authentication (a calendar app sends no cookie), so this route is
exempt from the hosted session check (app/web_auth.py) and still passes through the HTTP guard's
headers. Anything but a live token, whoever's it was, gets the same bare 404.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from app import routes
from app.db import session_scope
from app.services.calendar_feed import feed_calendar, feed_of_token, feed_today
from app.settings import get_settings

NOT_FOUND = "Not found."
HEADERS = {
    # The address is a secret: never cached by a shared proxy, never indexed.
    "cache-control": "private, no-store",
    "x-robots-tag": "noindex",
    "content-disposition": 'inline; filename="rapport.ics"',
}


def _feed_text(token: str) -> str | None:
    with session_scope() as session:
        feed = feed_of_token(session, token=token)
        if feed is None:
            return None
        settings = get_settings()
        today = feed_today(session, feed=feed, fixed=settings.today_override)
        return feed_calendar(session, feed=feed, today=today, public_url=settings.public_url)


async def calendar_feed(request: Request) -> Response:
    name = str(request.path_params.get("name", ""))
    token = name.removesuffix(".ics") if name.endswith(".ics") else ""
    text = await run_in_threadpool(_feed_text, token) if token else None
    if text is None:
        return PlainTextResponse(NOT_FOUND, status_code=404, headers={"cache-control": "no-store"})
    return Response(text, media_type="text/calendar; charset=utf-8", headers=HEADERS)


def calendar_routes() -> Starlette:
    return Starlette(
        routes=[Route(routes.CALENDAR_FEED_PREFIX + "{name}", calendar_feed, methods=["GET", "HEAD"])]
    )
