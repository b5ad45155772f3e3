"""The directory of specialists the attendant can bring into a call (R10).

A removed specialist stays in the store (past escalations name them) but is no longer
offered; adding the same name again brings them back with the new area.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from focco247.domain.calls import require_text
from focco247.errors import InputError, NotFoundError, StateError
from focco247.i18n import N_, _
from focco247.services.base import Ctx
from focco247.store.models import Specialist
from focco247.store.queries import specialists as q


@dataclass(frozen=True)
class SpecialistView:
    id: int
    name: str
    area: str
    phone: str | None
    active: bool


def _view(row: Specialist) -> SpecialistView:
    assert row.id is not None, "row not flushed"
    return SpecialistView(row.id, row.name, row.area, row.phone, row.active)


def _by_name(ctx: Ctx, name: str) -> Specialist | None:
    return q.specialist_named(ctx.session, name)


def add_specialist(ctx: Ctx, name: str, area: str, phone: str | None) -> SpecialistView:
    clean = " ".join(require_text(N_("The specialist's name"), name).split())
    if len(clean) > 120:
        raise InputError(_("The specialist's name is longer than 120 characters."))
    area_clean = require_text(N_("The specialist's area"), area)
    phone_clean = phone.strip() if phone and phone.strip() else None
    row = _by_name(ctx, clean)
    if row is not None and row.active:
        raise StateError(
            _("Specialist {name} is already in the directory ({area}).").format(
                name=row.name, area=row.area
            )
        )
    if row is None:
        row = Specialist(name=clean, area=area_clean, phone=phone_clean, active=True)
        action = "added"
    else:
        row.area, row.phone, row.active = area_clean, phone_clean, True
        action = "readded"
    ctx.session.add(row)
    ctx.session.flush()
    ctx.record("specialist", row.id, action, name=row.name, area=row.area, phone=row.phone)
    return _view(row)


def list_specialists(
    ctx: Ctx, area: str | None = None, include_removed: bool = False
) -> list[SpecialistView]:
    rows = q.directory(ctx.session, include_removed)
    if area is not None:
        wanted = area.strip().lower()
        rows = [r for r in rows if wanted in r.area.lower()]
    return [_view(r) for r in rows]


def find_specialist(ctx: Ctx, name: str) -> Specialist:
    """An active specialist by name: exact (any case), else a unique name prefix, else an
    error naming the close matches."""
    wanted = " ".join(name.split()).lower()
    if not wanted:
        raise InputError(_("Name the specialist (focco247 specialist list shows them)."))
    row = _by_name(ctx, wanted)
    if row is not None:
        if not row.active:
            raise StateError(
                _("Specialist {name} was removed from the directory.").format(name=row.name)
            )
        return row
    active = q.active_specialists(ctx.session)
    prefixed = [r for r in active if r.name.lower().startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    names = [r.name for r in active]
    close = [r.name for r in prefixed] or difflib.get_close_matches(
        name.strip(), names, n=3, cutoff=0.5
    )
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[n] for n in difflib.get_close_matches(wanted, list(lowered), n=3)]
    hint = _(" Did you mean {names}?").format(names=", ".join(close)) if close else ""
    raise NotFoundError(_("No specialist named {name!r}.").format(name=name.strip()) + hint)


def remove_specialist(ctx: Ctx, name: str) -> SpecialistView:
    row = _by_name(ctx, name)
    if row is None:
        # Removing takes the exact name; a prefix match only becomes a suggestion.
        match = find_specialist(ctx, name)
        raise NotFoundError(
            _("No specialist named {name!r}.").format(name=name.strip())
            + _(" Did you mean {names}?").format(names=match.name)
        )
    if not row.active:
        raise StateError(_("Specialist {name} was already removed.").format(name=row.name))
    row.active = False
    ctx.session.add(row)
    ctx.record("specialist", row.id, "removed", name=row.name)
    return _view(row)
