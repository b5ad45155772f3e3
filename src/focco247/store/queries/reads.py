"""The hot commands' reads on the ORM session: the selects of store/queries/<noun>.py behind
the one interface `check` and `call open` read through (ctx.reads), whatever the store.
store/queries/lite.py answers the same questions on the sqlite3 module."""

from __future__ import annotations

from sqlmodel import Session

from focco247.store.models import Client, GltTermRow, PolicyEntry, Subscription
from focco247.store.queries import clients, contracts, policy


class OrmReads:
    def __init__(self, session: Session) -> None:
        self.session = session

    def client_by_code(self, code: str) -> Client | None:
        return clients.client_by_code(self.session, code)

    def client_codes(self) -> list[str]:
        return clients.client_codes(self.session)

    def glt_rows(self, client_id: int) -> list[GltTermRow]:
        return contracts.glt_rows(self.session, client_id)

    def subscriptions(self, client_id: int) -> list[Subscription]:
        return contracts.subscriptions(self.session, client_id)

    def exceptional_call_id(self, client_id: int) -> int | None:
        return contracts.exceptional_call_id(self.session, client_id)

    def policy_entries(self) -> list[PolicyEntry]:
        return policy.policy_entries(self.session)

    def attendant_on_shift_from(self, machine_id: str) -> str | None:
        return policy.attendant_on_shift_from(self.session, machine_id)
