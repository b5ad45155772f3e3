"""The requester's page in pt-BR (Jinja2, autoescaped) and the `call link` lines.

The page is plain HTML with one stylesheet of its own (`/static/portal.css`): no script, no
inline style, so the Content-Security-Policy can forbid both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from jinja2 import Environment

    from focco247.services.portal import LinkResult, PortalPage

TEMPLATES = Path(__file__).parent / "templates" / "portal"
STYLESHEET = TEMPLATES / "portal.css"

# The requester's page is in Portuguese by design (Focco's clients are Brazilian): these
# tables and the templates are written in pt-BR, not taken from the catalog.
STATUS = {
    "queued": "Na fila de retorno do atendente",
    "open": "Em atendimento",
    "parked": "Em andamento",
    "resolved": "Resolvida: aguardando o seu encerramento",
    "closed": "Encerrada",
}
LEVEL = {
    1: "1 (rápido: o atendente resolve)",
    2: "2 (intermediário: com especialistas)",
    3: "3 (complexo: o atendente informa a evolução e a previsão)",
}
MESSAGES = {
    "closed": "Obrigado! A ocorrência foi encerrada e a sua avaliação registrada.",
    "rated": "Obrigado! A sua avaliação foi registrada.",
    "already_rated": "Esta ocorrência já foi avaliada. Obrigado pela sua participação.",
    "csrf": "O formulário expirou. Abra a página de novo e envie a avaliação outra vez.",
    "rating": "Escolha uma nota de 1 a 5.",
    "strengths": "O texto dos pontos fortes é longo demais (no máximo 1000 caracteres).",
    "weaknesses": "O texto dos pontos fracos é longo demais (no máximo 1000 caracteres).",
    "not_ready": "Esta ocorrência ainda não pode ser encerrada: aguarde a resolução.",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: object) -> str:
    """Control characters shown as visible symbols (␛, ␀ …), never passed to the page."""
    if text is None:
        return ""

    def picture(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        return "\u2421" if code == 0x7F else "\ufffd"

    return _CONTROL.sub(picture, str(text))


def local(instant: datetime | None, tz: str) -> str:
    """`25/11/2026 às 22:00` in the policy's time zone."""
    if instant is None:
        return ""
    return instant.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y às %H:%M")


@cache
def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["visible"] = visible
    env.filters["local"] = local
    return env


@dataclass(frozen=True)
class Rendered:
    status_code: int
    html: str


def page(
    view: PortalPage,
    *,
    message: str | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Rendered:
    html = (
        environment()
        .get_template("page.html")
        .render(
            static_prefix="../",
            page=view,
            status_label=STATUS.get(view.status, view.status),
            level_label=LEVEL.get(view.level, str(view.level)),
            message=MESSAGES.get(message or ""),
            error=MESSAGES.get(error or ""),
            form=form or {},
            tz=view.timezone,
        )
    )
    return Rendered(status_code, html)


def neutral() -> Rendered:
    """The one answer for a wrong, revoked or expired link: it tells nothing more."""
    return Rendered(404, environment().get_template("neutral.html").render(static_prefix="../"))


def unavailable() -> Rendered:
    html = (
        environment().get_template("unavailable.html").render(static_prefix="../", too_large=False)
    )
    return Rendered(503, html)


def too_large() -> Rendered:
    html = (
        environment().get_template("unavailable.html").render(static_prefix="../", too_large=True)
    )
    return Rendered(413, html)


def stylesheet() -> bytes:
    return STYLESHEET.read_bytes()


# --- `call link` ------------------------------------------------------------------------------


def link_json(result: LinkResult, tz: ZoneInfo) -> dict[str, object]:
    from focco247.domain.instants import iso_local

    doc: dict[str, object] = {
        "call_id": result.call_id,
        "url": result.url,
        "expires_at": iso_local(result.expires_at, tz),
    }
    if result.revoked:
        doc["revoked"] = True
    return doc


def link_lines(result: LinkResult, tz: ZoneInfo) -> list[str]:
    """What `call link` prints for the attendant (the interface language)."""
    from focco247.domain.instants import iso_local
    from focco247.i18n import _

    if result.revoked:
        return [
            _(
                "The link of call #{call_id} is revoked; `focco247 call link {call_id}` "
                "makes a new one."
            ).format(call_id=result.call_id)
        ]
    lines = [result.url]
    if result.expires_at is None:
        lines.append(
            _(
                "Send it to the requester of call #{call_id}: it opens until the call is "
                "closed, and for the link's lifetime (portal.link_ttl) after."
            ).format(call_id=result.call_id)
        )
    elif result.expired:
        lines.append(
            _("This link expired at {when}.").format(when=iso_local(result.expires_at, tz))
        )
    else:
        lines.append(_("It opens until {when}.").format(when=iso_local(result.expires_at, tz)))
    return lines
