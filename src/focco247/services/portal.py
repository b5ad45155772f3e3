"""The requester's page (R11, R12, R17): a link per call, what it shows, and the rating.

The link is the key. Its token is HMAC-SHA256 of the call and link ids under a random key
kept in the store (`portal_secret`), so every machine that shares the store prints the same
URL for a call until the link is revoked, and the store holds only the token's SHA-256
(`call_link.token_hash`), by which a request finds its link. 256 bits, URL-safe base64.

A link opens the page while the call is in progress or resolved, and for `portal.link_ttl`
after the call is closed; a wrong, revoked or expired token, or a call the page does not
serve, is the same "no page" answer (None) so nobody learns whether a call exists.

The rating goes through `services.calls.close`, exactly as `call close --rating`, with the
requester as the actor in the audit trail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from focco247.domain import calls as rules
from focco247.domain.calls import Status
from focco247.errors import InputError, StateError
from focco247.i18n import _
from focco247.services.base import Ctx
from focco247.services.calls import close, get_call
from focco247.store.models import Call, CallLink, Client, PortalSecret
from focco247.store.queries import calls as call_queries
from focco247.store.queries import portal as queries

TOKEN_LENGTH = 43  # 32 bytes of HMAC-SHA256 in URL-safe base64, without padding
TOKEN_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")
MAX_TEXT = 1000  # characters of strengths or weaknesses
MAX_NAME = 120  # characters of the requester's name in the audit trail

# Statuses whose page a link opens: refused and business-hours contacts were never served.
_SHOWN = frozenset(rules.IN_PROGRESS | {Status.RESOLVED, Status.CLOSED})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class CsrfError(InputError):
    """The form's CSRF token is missing or wrong: the submission is not the page's own."""


class FormError(InputError):
    """A field of the rating form is not acceptable; `field` names it for the page."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class LinkResult:
    """`call link`: the call's URL and until when it opens (None: until closed + TTL)."""

    call_id: int
    url: str
    expires_at: datetime | None
    expired: bool
    created: bool = False
    revoked: bool = False


@dataclass(frozen=True)
class PageUpdate:
    at: datetime
    note: str
    eta: datetime | None


@dataclass(frozen=True)
class PageArea:
    """The specialists of one area brought into the call."""

    area: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class PortalPage:
    """What the requester sees; instants are aware, in UTC (the output shows them locally)."""

    call_id: int
    client_name: str
    caller: str
    summary: str
    product: str
    status: str
    level: int
    opened_at: datetime
    areas: tuple[PageArea, ...]
    updates: tuple[PageUpdate, ...]
    overdue: bool
    update_due_at: datetime | None
    resolution: str | None
    workaround: bool
    resolved_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    strengths: str | None
    weaknesses: str | None
    can_rate: bool
    csrf: str
    timezone: str


@dataclass(frozen=True)
class RatingForm:
    rating: str | None
    strengths: str | None
    weaknesses: str | None
    csrf: str | None


# --- the token ------------------------------------------------------------------------------


def _key(ctx: Ctx, create: bool) -> bytes | None:
    row = queries.portal_secret(ctx.session)
    if row is None:
        if not create:
            return None
        row = PortalSecret(secret=secrets.token_hex(32), created_at=ctx.now)
        ctx.session.add(row)
        ctx.session.flush()
    return bytes.fromhex(row.secret)


def _mac(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(key: bytes, link: CallLink) -> str:
    return _mac(key, f"call-link:{link.call_id}:{link.id}")


def csrf_of(key: bytes, link: CallLink) -> str:
    return _mac(key, f"csrf:{link.call_id}:{link.id}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _url(ctx: Ctx, token: str) -> str:
    return f"{ctx.policy.portal_base_url.rstrip('/')}/r/{token}"


def _expires_at(ctx: Ctx, call: Call) -> datetime | None:
    if call.closed_at is None:
        return None
    return call.closed_at + timedelta(minutes=ctx.policy.portal_link_ttl_minutes)


def _result(ctx: Ctx, key: bytes, call: Call, link: CallLink, **flags: bool) -> LinkResult:
    expires = _expires_at(ctx, call)
    return LinkResult(
        call_id=call.id or 0,
        url=_url(ctx, token_of(key, link)),
        expires_at=expires,
        expired=expires is not None and ctx.now >= expires,
        **flags,
    )


# --- the attendant's side: `call link` ------------------------------------------------------


def link(ctx: Ctx, call_id: int) -> LinkResult:
    """The call's link: the same one until it is revoked, a new one after."""
    call = get_call(ctx, call_id)
    if Status(call.status) not in _SHOWN:
        raise StateError(
            _(
                "Call #{call_id} was not served by the 24|7 line ({status}); it has no page "
                "for the requester."
            ).format(call_id=call.id, status=call.status)
        )
    key = _key(ctx, create=True)
    assert key is not None  # created above when missing
    current = queries.live_link(ctx.session, call.id or 0)
    if current is not None:
        return _result(ctx, key, call, current)
    # The hash needs the row's id: a unique placeholder first, the real hash once flushed.
    new = CallLink(
        call_id=call.id or 0,
        token_hash=f"pending-{secrets.token_hex(16)}",
        created_at=ctx.now,
        created_by=ctx.actor,
    )
    ctx.session.add(new)
    ctx.session.flush()
    new.token_hash = token_hash(token_of(key, new))
    ctx.session.add(new)
    ctx.record("call", call.id, "link_created", link=new.id)
    return _result(ctx, key, call, new, created=True)


def revoke(ctx: Ctx, call_id: int) -> LinkResult:
    """Revoke the call's link: its URL shows the neutral page from now on."""
    call = get_call(ctx, call_id)
    key = _key(ctx, create=False)
    current = queries.live_link(ctx.session, call.id or 0)
    if key is None or current is None:
        raise StateError(_("Call #{call_id} has no link to revoke.").format(call_id=call.id))
    current.revoked_at, current.revoked_by = ctx.now, ctx.actor
    ctx.session.add(current)
    ctx.record("call", call.id, "link_revoked", link=current.id)
    return _result(ctx, key, call, current, revoked=True)


# --- the requester's side: the page ---------------------------------------------------------


def _open(ctx: Ctx, token: str) -> tuple[bytes, CallLink, Call] | None:
    """The link and call a token opens, or None for every way it does not."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    key = _key(ctx, create=False)
    if key is None:
        return None
    found = queries.link_by_hash(ctx.session, token_hash(token))
    if found is None or found.revoked_at is not None:
        return None
    if not hmac.compare_digest(token_of(key, found), token):
        return None
    call = ctx.session.get(Call, found.call_id)
    if call is None or Status(call.status) not in _SHOWN:
        return None
    expires = _expires_at(ctx, call)
    if expires is not None and ctx.now >= expires:
        return None
    return key, found, call


def _areas(ctx: Ctx, call_id: int) -> tuple[PageArea, ...]:
    by_area: dict[str, list[str]] = {}
    for _escalation, person in call_queries.escalations_of(ctx.session, call_id):
        names = by_area.setdefault(person.area, [])
        if person.name not in names:
            names.append(person.name)
    return tuple(PageArea(area, tuple(names)) for area, names in by_area.items())


def page(ctx: Ctx, token: str) -> PortalPage | None:
    """The page a token opens, or None (the neutral page) for any token that opens none."""
    opened = _open(ctx, token)
    if opened is None:
        return None
    key, found, call = opened
    cid = call.id or 0
    every = ctx.policy.level3_update_every_minutes
    in_progress = Status(call.status) in rules.IN_PROGRESS
    return PortalPage(
        call_id=cid,
        client_name=ctx.session.get_one(Client, call.client_id).name,
        caller=call.caller,
        summary=call.summary,
        product=call.product,
        status=call.status,
        level=call.level,
        opened_at=call.opened_at,
        areas=_areas(ctx, cid),
        updates=tuple(
            PageUpdate(at=u.at, note=u.note, eta=u.eta)
            for u in call_queries.updates_of(ctx.session, cid)
        ),
        overdue=rules.is_overdue(
            level=call.level,
            status=call.status,
            opened_at=call.opened_at,
            last_update_at=call.last_update_at,
            now=ctx.now,
            every_minutes=every,
        ),
        update_due_at=(
            rules.update_due_at(call.opened_at, call.last_update_at, every)
            if call.level == 3 and in_progress
            else None
        ),
        resolution=call.resolution,
        workaround=call.workaround,
        resolved_at=call.resolved_at,
        closed_at=call.closed_at,
        rating=call.rating,
        strengths=call.strengths,
        weaknesses=call.weaknesses,
        can_rate=call.status == Status.RESOLVED
        or (call.status == Status.CLOSED and call.rating is None),
        csrf=csrf_of(key, found),
        timezone=str(ctx.tz),
    )


def clean_text(text: str | None, limit: int, field: str) -> str | None:
    """Typed text as it may be kept: control characters become spaces, at most `limit`."""
    if text is None:
        return None
    flat = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    flat = _CONTROL.sub(" ", flat).strip()
    if len(flat) > limit:
        raise FormError(field, f"The {field} are too long: at most {limit} characters.")
    return flat or None


def requester(call: Call) -> str:
    """The actor recorded for what the page does: the call's requester, by name."""
    name = _CONTROL.sub(" ", call.caller).strip()[:MAX_NAME]
    return f"requester: {name}"


def rate(ctx: Ctx, token: str, form: RatingForm) -> PortalPage | None:
    """Close (or rate) the call from its page, as `call close --rating` does; None when the
    token opens no page. Raises CsrfError, InputError (the form) or StateError (rated)."""
    opened = _open(ctx, token)
    if opened is None:
        return None
    key, found, call = opened
    if not form.csrf or not hmac.compare_digest(csrf_of(key, found), form.csrf):
        raise CsrfError("The form has expired; open the page again and resubmit.")
    if call.rating is not None:
        raise StateError(f"Call #{call.id} was already rated {call.rating}/5.")
    try:
        score = rules.parse_rating(form.rating) if form.rating and form.rating.strip() else None
    except InputError:
        score = None
    if score is None:
        raise FormError("rating", "Choose a rating from 1 to 5.")
    strengths = clean_text(form.strengths, MAX_TEXT, "strengths")
    weaknesses = clean_text(form.weaknesses, MAX_TEXT, "weaknesses")
    as_requester = replace(ctx, actor=requester(call))
    close(as_requester, call.id or 0, score, strengths, weaknesses)
    return page(ctx, token)
