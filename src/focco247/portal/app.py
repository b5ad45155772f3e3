"""The requester's page as a Starlette app, served by `focco247 portal serve`.

Each request is one transaction through the same helper as a command (reads for the page,
one write for the rating). Safe behind a reverse proxy: strict security headers on every
answer, bodies bounded, no token in any log line (the access log is ours, with the token
cut out), and the same neutral page for every link that opens nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from focco247.errors import Focco247Error, StateError, StoreError
from focco247.output import portal as out

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 16 * 1024  # bytes: three short fields and a token
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}
_TOKEN_IN_PATH = re.compile(r"/r/[^/?#]*")
log = logging.getLogger("focco247.portal")


def redact(path: str) -> str:
    """A request path fit for a log line: the link's token is never written anywhere."""
    return _TOKEN_IN_PATH.sub("/r/…", path)


class Guard:
    """Security headers on every answer, bodies bounded, one token-free log line per request."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 0}

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() not in SECURITY_HEADERS
                ]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        # A declared body too large is refused before it is read; a streamed one is counted
        # by the one route that reads a body (requester_submit).
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _html(out.too_large())(scope, receive, send_secured)
        else:
            await self.app(scope, receive, send_secured)
        log.info("%s %s %s", scope.get("method", ""), redact(scope.get("path", "")), status["code"])


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _html(rendered: out.Rendered) -> HTMLResponse:
    return HTMLResponse(rendered.html, status_code=rendered.status_code)


# --- the work of each request, in a thread (the store is synchronous) ----------------------


def _show(token: str, message: str | None) -> out.Rendered:
    from focco247.commands._common import store
    from focco247.services import portal

    with store() as ctx:
        view = portal.page(ctx, token)
    if view is None:
        return out.neutral()
    # The thanks follow a recorded rating only (the query string alone proves nothing).
    return out.page(view, message=message if view.rating is not None else None)


def _submit(token: str, form: dict[str, str]) -> out.Rendered | str:
    """The rating: a redirect target (str) when recorded, else the page to show."""
    from focco247.commands._common import store
    from focco247.services import portal

    submitted = portal.RatingForm(
        rating=form.get("rating"),
        strengths=form.get("strengths"),
        weaknesses=form.get("weaknesses"),
        csrf=form.get("csrf"),
    )
    try:
        with store(write=True) as ctx:
            before = portal.page(ctx, token)
            after = portal.rate(ctx, token, submitted)
        if before is None or after is None:
            return out.neutral()
        return "closed" if before.status == "resolved" else "rated"
    except portal.CsrfError:
        return _again(token, "csrf", form, 403)
    except portal.FormError as exc:
        return _again(token, exc.field, form, 400)
    except StateError:
        view = _current(token)
        if view is None:
            return out.neutral()
        problem = "already_rated" if view.rating is not None else "not_ready"
        return out.page(view, error=problem, status_code=409)


def _current(token: str) -> Any:
    from focco247.commands._common import store
    from focco247.services import portal

    with store() as ctx:
        return portal.page(ctx, token)


def _again(token: str, problem: str, form: dict[str, str], code: int) -> out.Rendered:
    view = _current(token)
    if view is None:
        return out.neutral()
    kept = {k: v for k, v in form.items() if k in ("rating", "strengths", "weaknesses")}
    return out.page(view, error=problem, form=kept, status_code=code)


# --- routes ----------------------------------------------------------------------------------


async def requester_page(request: Request) -> Response:
    token = request.path_params["token"]
    message = request.query_params.get("m")
    try:
        rendered = await run_in_threadpool(
            _show, token, message if message in ("closed", "rated") else None
        )
    except Focco247Error as exc:
        return _failure(exc)
    return _html(rendered)


async def requester_submit(request: Request) -> Response:
    token = request.path_params["token"]
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return _html(out.too_large())
    form = _parse_form(request.headers.get("content-type", ""), bytes(body))
    try:
        result = await run_in_threadpool(_submit, token, form)
    except Focco247Error as exc:
        return _failure(exc)
    if isinstance(result, str):
        # Relative, so the page works under a reverse proxy's path prefix too.
        return RedirectResponse(f"{token}?m={result}", status_code=303)
    return _html(result)


def _parse_form(content_type: str, body: bytes) -> dict[str, str]:
    """An URL-encoded form (the page's only kind): the first value of each known field."""
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return {}
    try:
        fields = parse_qs(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=20
        )
    except (UnicodeDecodeError, ValueError):
        return {}
    wanted = ("rating", "strengths", "weaknesses", "csrf")
    return {k: fields[k][0] for k in wanted if fields.get(k)}


def _failure(exc: Focco247Error) -> Response:
    # The store is missing, locked too long or unreachable: say so without details.
    log.warning("store problem: %s", type(exc).__name__ if not isinstance(exc, StoreError) else exc)
    return _html(out.unavailable())


async def stylesheet(request: Request) -> Response:
    return Response(out.stylesheet(), media_type="text/css; charset=utf-8")


async def not_found(request: Request, exc: Exception) -> Response:
    return _html(out.neutral())


def create_app() -> ASGIApp:
    app = Starlette(
        routes=[
            Route("/r/{token}", requester_page, methods=["GET", "HEAD"]),
            Route("/r/{token}", requester_submit, methods=["POST"]),
            Route("/static/portal.css", stylesheet, methods=["GET", "HEAD"]),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
    return Guard(app)
