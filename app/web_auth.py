"""The HTTP side of hosted-mode accounts: plain form posts that set or clear an HttpOnly session cookie.

The session token never passes through Reflex state or the websocket: the browser sends the
cookie with the websocket handshake, and `app.state.owner` reads it there on the server.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from app import routes
from app.db import session_scope
from app.domain import addresses
from app.http_guard import UPLOAD_PATH
from app.metrics import METRICS
from app.services import accounts
from app.services.auth_messages import codes_for, wait_code
from app.services.errors import ValidationFailed
from app.settings import get_settings

COOKIE_NAME = "rapport_session"
COOKIE_MAX_AGE = int(accounts.SESSION_IDLE_LIMIT.total_seconds())
FORM_LIMIT = 4096


def public_origin() -> str:
    return get_settings().public_url


def allowed_origins() -> set[str]:
    return set(get_settings().allowed_origins)


def token_from_cookie_header(header: str) -> str:
    if not header:
        return ""
    cookies = SimpleCookie()
    try:
        cookies.load(header)
    except Exception:  # a malformed cookie header is simply no session
        return ""
    morsel = cookies.get(COOKIE_NAME)
    return morsel.value if morsel else ""


def client_address(request: Request) -> str:
    """Who is asking: X-Forwarded-For is believed only from a proxy in RAPPORT_TRUSTED_PROXIES."""
    peer = request.client.host if request.client else "unknown"
    # Several header lines read as one list, in order: the proxy's own entry is the last.
    forwarded = ", ".join(request.headers.getlist("x-forwarded-for"))
    return addresses.client_address(peer, forwarded, get_settings().trusted_proxies)


def _is_proxy(address: str) -> bool:
    """A trusted proxy's own address is many students: never locked as one client."""
    return addresses.is_trusted(address, get_settings().trusted_proxies)


def _same_origin(request: Request) -> bool:
    """Cross-site form posts are refused: the Origin (or Referer) must be this site."""
    origin = request.headers.get("origin") or ""
    if not origin:
        referer = urlsplit(request.headers.get("referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else ""
    return origin in allowed_origins()


def _redirect(path: str, **params: str) -> RedirectResponse:
    return RedirectResponse(path + ("?" + urlencode(params) if params else ""), status_code=303)


def _with_session(response: Response, token: str) -> Response:
    response.set_cookie(
        COOKIE_NAME, token, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax",
        secure=public_origin().startswith("https://"), path="/",
    )  # fmt: skip
    return response


def _without_session(response: Response) -> Response:
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value)[:FORM_LIMIT] for key, value in form.items() if isinstance(value, str)}


async def login(request: Request) -> Response:
    if not _same_origin(request):
        return Response("Cross-site request refused.", status_code=403)
    form = await _form(request)
    email, password = form.get("email", ""), form.get("password", "")
    with session_scope() as session:
        # The refusal is caught inside the transaction so that the failure it recorded is kept:
        # throttling counts on it.
        address = client_address(request)
        try:
            token = accounts.log_in(
                session, email=email, password=password, address=address, address_is_proxy=_is_proxy(address)
            )
        except accounts.LoginRefused as refused:
            METRICS.logins_refused += 1
            code = (
                wait_code("throttled", refused.retry_after)
                if refused.retry_after
                else codes_for([str(refused)])
            )
            return _redirect(routes.LOGIN, error=code, email=email[:254])
    return _with_session(_redirect(routes.TODAY), token)


async def signup(request: Request) -> Response:
    if not _same_origin(request):
        return Response("Cross-site request refused.", status_code=403)
    form = await _form(request)
    address = client_address(request)
    with session_scope() as session:
        # Caught inside the transaction, as for login: the attempt it counted is kept.
        try:
            token = accounts.sign_up(
                session, email=form.get("email", ""), password=form.get("password", ""),
                invite_code=form.get("invite_code", ""), display_name=form.get("name", ""),
                address=address, address_is_proxy=_is_proxy(address),
            )  # fmt: skip
        except ValidationFailed as failed:
            if isinstance(failed, accounts.SignUpThrottled):
                codes = wait_code("signup_throttled", failed.retry_after)
            else:
                codes = codes_for(failed.errors.values())
            kept = {"email": form.get("email", "")[:254], "name": form.get("name", "")[:200]}
            return _redirect(routes.SIGNUP, error=codes, invite_code=form.get("invite_code", "")[:40], **kept)
    return _with_session(_redirect(routes.TODAY), token)


async def logout(request: Request) -> Response:
    if not _same_origin(request):
        return Response("Cross-site request refused.", status_code=403)
    token = token_from_cookie_header(request.headers.get("cookie", ""))
    if token:
        with session_scope() as session:
            accounts.end_session(session, token=token)
    return _without_session(_redirect(routes.LOGIN, notice="logged_out"))


async def change_password(request: Request) -> Response:
    if not _same_origin(request):
        return Response("Cross-site request refused.", status_code=403)
    form = await _form(request)
    token = token_from_cookie_header(request.headers.get("cookie", ""))
    with session_scope() as session:
        user = accounts.session_user(session, token=token) if token else None
    if user is None:
        return _redirect(routes.LOGIN)
    try:
        with session_scope() as session:
            accounts.change_password(
                session, user_id=user.user_id, current=form.get("current", ""), new=form.get("new", "")
            )
    except ValidationFailed as failed:
        return _redirect(routes.SETTINGS, password_error=codes_for(failed.errors.values()))
    return _without_session(_redirect(routes.LOGIN, notice="password_changed"))


def auth_routes() -> Starlette:
    return Starlette(
        routes=[
            Route("/auth/login", login, methods=["POST"]),
            Route("/auth/signup", signup, methods=["POST"]),
            Route("/auth/logout", logout, methods=["POST"]),
            Route("/auth/password", change_password, methods=["POST"]),
        ]
    )


PUBLIC_PAGES = (routes.LOGIN, routes.SIGNUP)
# Backend endpoints with no page behind them: Reflex's health checks, its websocket, the route manifest.
OPEN_PATHS = ("/ping", "/_health", "/_event", "/__manifest")
# Files the login page itself loads (scripts, styles, icons, fonts); never a page shell (.html).
ASSET_SUFFIXES = (
    ".js",
    ".mjs",
    ".css",
    ".map",
    ".ico",
    ".png",
    ".svg",
    ".webp",
    ".jpg",
    ".woff",
    ".woff2",
    ".ttf",
    # The web app manifest: a phone asks for it (and the icons, and /sw.js) before anyone logs in.
    ".webmanifest",
)


def page_of(path: str) -> str:
    """The page a static path shows: `/settings`, `/settings/`, `/settings.html`, `/settings/index.html`."""
    page = path.removesuffix("/index.html").removesuffix(".html").rstrip("/")
    return page or "/"


def needs_session(path: str) -> bool:
    """Everything needs a live session but the login and sign-up pages, /auth/*, plain assets, and the
    calendar feed (its secret token is its authentication: app/web_calendar.py)."""
    if path.startswith(("/auth/", routes.CALENDAR_FEED_PREFIX)) or page_of(path) in PUBLIC_PAGES:
        return False
    if path in OPEN_PATHS or path.startswith(tuple(p + "/" for p in OPEN_PATHS)):
        return False
    return not path.lower().endswith(ASSET_SUFFIXES)


def _wants_page(scope: Scope) -> bool:
    """A GET or HEAD of anything but a public page or an asset, whatever it says it accepts."""
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    path: str = scope["path"]
    return not path.startswith(UPLOAD_PATH) and needs_session(path)


def _wants_upload(scope: Scope) -> bool:
    return scope["type"] == "http" and (
        scope["path"] == UPLOAD_PATH or scope["path"].startswith(UPLOAD_PATH + "/")
    )


def _live_session(cookie_header: str) -> bool:
    token = token_from_cookie_header(cookie_header)
    if not token:
        return False
    with session_scope() as session:
        return accounts.session_user(session, token=token) is not None


def require_session_for_pages(app: ASGIApp) -> ASGIApp:
    """Hosted pages (every static variant) and uploads need a live session, checked before a byte is read."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        page, upload = _wants_page(scope), _wants_upload(scope)
        if page or upload:
            cookie = dict(scope.get("headers") or []).get(b"cookie", b"").decode("latin-1")
            if not await run_in_threadpool(_live_session, cookie):
                # An upload is refused before a byte of it is read or parsed.
                refusal = (
                    RedirectResponse(routes.LOGIN, status_code=303)
                    if page
                    else Response("Log in to upload files.", status_code=401, headers={"connection": "close"})
                )
                await refusal(scope, receive, send)
                return
        await app(scope, receive, send)

    return guarded
