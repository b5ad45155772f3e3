"""A synthetic book of years of calls, for demos and for measuring the tool at scale.

`seed_book(ctx, clients=N, months=M, seed=S)` fills an empty demo store (never a store for
real work: see services.demo) with N clients and the M calendar months of history that end
with the current month (up to `ctx.now`):

- contracts: every client has a GLT since before the history (about a third readjusted on a
  1st of January inside it); about 40% hold the 24|7 add-on, some since before the history,
  some from a day inside it, a few with a last day inside it;
- contacts, mostly at night and on weekends and holidays (R1-R3): subscribers' off-hours
  calls are `covered` (R7); a client without the add-on gets one `exceptional` call, then
  its contacts are `refused`; FoccoLOJAS contacts are refused for everyone (R6); the few
  contacts inside business hours are `redirected` (verdict `business_hours`);
- served calls: levels 1-3 (mostly 1), specialists on level 2 and 3, progress updates on
  level 3, several time entries each, about 10% client-caused (chargeable, R13); most are
  closed and rated, some only resolved, and those of the last days may still be in progress;
- every month that has ended is invoiced and issued on the first business morning of the
  next month, exactly as finance would (R15, R16): the same drafts (`billing.build_draft`)
  and the same issuing engine (`services.invoices.plan_issue`: numbers, stored columns,
  the calls' billing columns, the audit detail) as `invoice month --issue`, written in bulk,
  numbered `DEMO-…` as every invoice of a demo store is.

The same seed and the same clock give the same book. Rows are written with Core
`executemany` over plain tuples (values converted once for the dialect, no ORM objects), so
a million calls take a minute or so, not an hour.
"""

from __future__ import annotations

import bisect
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel

from focco247 import i18n
from focco247.domain import billing
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.entitlement import judge
from focco247.domain.instants import month_bounds, month_str
from focco247.domain.money import from_centavos
from focco247.errors import InputError, StateError
from focco247.i18n import in_language
from focco247.services.base import Ctx
from focco247.services.demo import SEED_COMMAND, require_demo_store
from focco247.services.invoices import plan_issue, rules_of
from focco247.store.models import (
    Call,
    Client,
    Escalation,
    Event,
    GltTermRow,
    Invoice,
    InvoiceLine,
    ProgressUpdate,
    Specialist,
    Subscription,
    TimeEntry,
)
from focco247.store.queries import book as q
from focco247.store.queries import invoices as invoice_queries

T = TypeVar("T")
Cell = str | int | bool | datetime | date | None
Row = tuple[Cell, ...]

MAX_CLIENTS = 99_999
MAX_MONTHS = 240
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BATCH = 20_000  # rows per executemany: bounded memory, few round trips

# Contacts per client and month: subscribers call the 24|7 line; others rarely try it.
_SUBSCRIBED_RATE = 50.0
_UNSUBSCRIBED_RATE = 1.2
# Relative weight of each hour of the local day: the line rings mostly at night.
_HOUR_WEIGHTS = (5, 4, 3, 2, 2, 2, 3, 4, 0.7, 0.7, 0.7, 0.7, 1.5, 0.7, 0.7, 0.7, 0.7, 0.7,
                 5, 8, 9, 9, 8, 7)  # fmt: skip
_OFF_DAY_WEIGHT = 2.5  # a weekend day or holiday against a working day
_LEVEL_CUM = (0.75, 0.95, 1.0)
_CHARGEABLE = 0.10
_RATING_CUM = ((0.05, 1), (0.12, 2), (0.25, 3), (0.55, 4), (1.0, 5))

_FIRST = ("Ana", "Bruno", "Carla", "Diego", "Eduarda", "Fábio", "Gabriela", "Henrique",
          "Isabela", "João", "Karina", "Lucas", "Mariana", "Nelson", "Olívia", "Paulo",
          "Rafaela", "Sérgio", "Tatiane", "Vinícius")  # fmt: skip
_LAST = ("Almeida", "Bertoldi", "Casagrande", "De Carli", "Farina", "Gasperin", "Lazzari",
         "Menegotto", "Pezzi", "Rossi", "Sartori", "Tomazoni", "Zanella", "Boff")  # fmt: skip
_SUMMARIES = (
    "NF-e rejeitada pela SEFAZ",
    "Faturamento travado no fechamento do lote",
    "Erro ao gerar boletos do dia",
    "Apontamento de produção não grava",
    "Integração com a balança parou",
    "MRP não conclui o cálculo",
    "Usuário bloqueado no turno da noite",
    "Expedição sem etiquetas de embarque",
    "Relatório de estoque com saldo negativo",
    "Lentidão geral no ERP",
    "Pedido de venda não libera crédito",
    "Ordem de produção sem roteiro",
    "Erro de certificado digital",
    "Conciliação bancária não importa o extrato",
)
_CAUSES = (
    "Customização feita pelo cliente na rotina de faturamento",
    "Parâmetro fiscal alterado pelo cliente sem orientação",
    "Script do cliente apagou registros de estoque",
    "Cliente alterou permissões de usuários em produção",
)
_RESOLUTIONS = (
    "Reprocessado e validado com o solicitante",
    "Configuração corrigida",
    "Serviço reiniciado e fila liberada",
    "Cadastro ajustado",
    "Contornado com lançamento manual até a correção",
    "Atualização aplicada",
)
_STRENGTHS = ("Atendimento rápido", "Explicação clara", "Resolveu de madrugada")
_WEAKNESSES = ("Demora no retorno", "Precisou repetir o problema", "Sem previsão clara")
_REASONS = ("Análise de banco de dados", "Regra fiscal", "Integração", "Infraestrutura")
_UPDATES = ("Analisando os logs", "Especialista trabalhando na correção", "Testando a correção")
_NOTES = (None, None, "diagnóstico", "correção", "validação com o usuário")
_SPECIALISTS = (
    ("Roberta Casagrande", "fiscal", "(54) 99100-0001"),
    ("Marcos Zanella", "banco de dados", "(54) 99100-0002"),
    ("Luiza Pezzi", "produção", "(54) 99100-0003"),
    ("André Sartori", "integrações", "(54) 99100-0004"),
    ("Camila Boff", "financeiro", "(54) 99100-0005"),
    ("Tiago Farina", "infraestrutura", "(54) 99100-0006"),
    ("Priscila Rossi", "logística", "(54) 99100-0007"),
    ("Felipe Gasperin", "comercial", "(54) 99100-0008"),
)
_ATTENDANTS = ("ana.souza", "bruno.lima", "carla.dias", "diego.reis", "elisa.melo")
_NAME_A = ("Metalúrgica", "Indústria", "Plásticos", "Móveis", "Alimentos", "Têxtil",
           "Autopeças", "Vinícola", "Transportes", "Calçados", "Química", "Embalagens")  # fmt: skip
_NAME_B = ("Serra", "Gaúcha", "Vale", "Pampa", "Planalto", "Litoral", "Nova", "Central",
           "União", "Progresso", "Horizonte", "Aurora", "Itaimbé", "Caí")  # fmt: skip
_NAME_C = ("Ltda", "S.A.", "Eireli", "Ltda", "Ltda")
_STATES = (("RS", 0.6), ("SC", 0.75), ("PR", 0.87), ("SP", 0.95), ("MG", 1.0))


@dataclass(frozen=True)
class SeedResult:
    """What the synthetic book holds once seeded."""

    clients: int
    months: int
    seed: int
    first_month: str
    last_month: str
    subscribed: int
    contacts: tuple[tuple[str, int], ...]  # by verdict, sorted
    statuses: tuple[tuple[str, int], ...]  # sorted
    time_entries: int
    escalations: int
    progress_updates: int
    chargeable: int
    invoices: int
    issued_months: tuple[str, ...]

    @property
    def calls(self) -> int:
        return sum(n for _, n in self.contacts)

    def audit_detail(self) -> dict[str, object]:
        """The detail of the `book seeded` audit event."""
        return {
            "clients": self.clients,
            "months": self.months,
            "seed": self.seed,
            "first_month": self.first_month,
            "last_month": self.last_month,
            "subscribed": self.subscribed,
            "calls": self.calls,
            "verdicts": dict(self.contacts),
            "statuses": dict(self.statuses),
            "chargeable": self.chargeable,
            "time_entries": self.time_entries,
            "escalations": self.escalations,
            "progress_updates": self.progress_updates,
            "invoices": self.invoices,
            "issued_months": list(self.issued_months),
        }


@dataclass
class _Tally:
    """The counts kept while seeding."""

    clients: int
    months: int
    seed: int
    first_month: str
    last_month: str
    subscribed: int
    contacts: dict[str, int] = field(default_factory=dict)  # by verdict
    statuses: dict[str, int] = field(default_factory=dict)
    time_entries: int = 0
    escalations: int = 0
    progress_updates: int = 0
    chargeable: int = 0
    invoices: int = 0
    issued_months: list[str] = field(default_factory=list)

    def result(self) -> SeedResult:
        return SeedResult(
            clients=self.clients,
            months=self.months,
            seed=self.seed,
            first_month=self.first_month,
            last_month=self.last_month,
            subscribed=self.subscribed,
            contacts=tuple(sorted(self.contacts.items())),
            statuses=tuple(sorted(self.statuses.items())),
            time_entries=self.time_entries,
            escalations=self.escalations,
            progress_updates=self.progress_updates,
            chargeable=self.chargeable,
            invoices=self.invoices,
            issued_months=tuple(self.issued_months),
        )


def _table(model: type[SQLModel]) -> sa.Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


# --- writing rows ---------------------------------------------------------------------------


class _Writer:
    """Core executemany of plain tuples, with values already in the driver's form.

    Columns the seed does not set get their model default, so a column added later with a
    default needs no change here.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self._plans: dict[tuple[str, tuple[str, ...]], tuple[str, bool, Row]] = {}
        self._names: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
        self._day_text: dict[int, str] = {}
        self._clock = [f" {m // 60:02d}:{m % 60:02d}:00.000000" for m in range(1440)]

    def ts(self, minute: int | None) -> str | datetime | None:
        """A UTC instant given in whole minutes since 1970, as the driver stores it."""
        if minute is None:
            return None
        if not self.sqlite:
            return _EPOCH + timedelta(minutes=minute)
        day, clock = divmod(minute, 1440)
        text = self._day_text.get(day)
        if text is None:
            text = (_EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")
            self._day_text[day] = text
        return text + self._clock[clock]

    def day(self, value: date | None) -> str | date | None:
        if value is None or not self.sqlite:
            return value
        return value.isoformat()

    def insert(self, table: sa.Table, columns: tuple[str, ...], rows: Sequence[Row]) -> None:
        if not rows:
            return
        key = (table.name, columns)
        plan = self._plans.get(key)
        if plan is None:
            # An id not given is the database's to assign.
            rest = [c for c in table.columns if c.name not in columns and not c.primary_key]
            defaults: list[Cell] = []
            for column in rest:
                default = column.default
                if default is not None and getattr(default, "is_scalar", False):
                    defaults.append(getattr(default, "arg", None))
                elif column.nullable:
                    defaults.append(None)
                else:
                    raise StateError(f"Cannot seed {table.name}.{column.name}: no default.")
            names = (*columns, *(c.name for c in rest))
            stmt = sa.insert(sa.table(table.name, *(sa.column(n) for n in names)))
            compiled = stmt.compile(dialect=self.conn.dialect)
            if compiled.positional and tuple(compiled.positiontup or ()) != names:
                raise StateError(f"Unexpected column order inserting into {table.name}.")
            plan = (str(compiled), bool(compiled.positional), tuple(defaults))
            self._plans[key] = plan
            self._names[key] = names
        sql, positional, tail = plan
        names = self._names[key]
        for start in range(0, len(rows), _BATCH):
            chunk = rows[start : start + _BATCH]
            if tail:
                chunk = [row + tail for row in chunk]
            if positional:
                self.conn.exec_driver_sql(sql, list(chunk))
            else:
                self.conn.exec_driver_sql(
                    sql, [dict(zip(names, row, strict=True)) for row in chunk]
                )

    def settle(self, settlements: list[dict[str, int]]) -> None:
        """Add what issued invoices billed to their calls' billing columns (keys: call, cents,
        minutes): the statement `services.invoices.issue_draft` settles its calls with."""
        invoice_queries.settle_calls(self.conn, settlements)


# --- the calendar, in minutes ---------------------------------------------------------------


@dataclass
class _Day:
    day: date
    start: int  # UTC minute of local midnight
    length: int  # minutes in the local day (1440 except on a clock change)
    business: tuple[tuple[int, int], ...]  # local minute ranges of business hours
    off: bool  # weekend or holiday


def _minute(instant: datetime) -> int:
    return int((instant - _EPOCH).total_seconds() // 60)


def _days(ctx: Ctx, first: date, last: date) -> list[_Day]:
    cal, tz = ctx.calendar, ctx.tz
    out = []
    day = first
    while day <= last:
        start = _minute(datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC))
        nxt = day + timedelta(days=1)
        end = _minute(datetime.combine(nxt, time(0), tzinfo=tz).astimezone(UTC))
        spans = tuple(
            (a.hour * 60 + a.minute, b.hour * 60 + b.minute) for a, b in cal.intervals_on(day)
        )
        out.append(_Day(day, start, end - start, spans, not spans))
        day = nxt
    return out


# --- the book -------------------------------------------------------------------------------


@dataclass
class _Client:
    id: int
    code: str
    size: float
    terms: list[GltTerm]
    periods: list[AddonPeriod]
    exceptional_used: bool = False


def _months_back(today: date, months: int) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(months):
        out.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _issue_instant(ctx: Ctx, year: int, month: int) -> datetime:
    """Finance issues a month on the next month's first business morning."""
    _, last = month_bounds(year, month)
    midnight = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ctx.tz)
    return ctx.calendar.next_business_open(midnight) + timedelta(minutes=30)


def seed_book(
    ctx: Ctx,
    clients: int,
    months: int,
    seed: int = 247,
    progress: Callable[[int, int], None] | None = None,
) -> SeedResult:
    """Fill an empty store with a deterministic synthetic book (see the module docstring).

    Ended months are issued in bulk through the same issuing engine as
    `invoice month --issue` (`services.invoices.plan_issue`).
    """
    if not 1 <= clients <= MAX_CLIENTS:
        raise InputError(i18n._("--clients must be between 1 and {most}.").format(most=MAX_CLIENTS))
    if not 1 <= months <= MAX_MONTHS:
        raise InputError(i18n._("--months must be between 1 and {most}.").format(most=MAX_MONTHS))
    require_demo_store(ctx, SEED_COMMAND)  # demo data never goes into a real store
    session = ctx.session
    if q.has_clients(session):
        raise StateError(
            i18n._(
                "The store already holds clients; seed a new, empty store (set FOCCO247_DB "
                "to a new file)."
            )
        )
    rng = random.Random(seed)
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # A larger page cache keeps the bulk load and its index builds in memory.
        conn.exec_driver_sql("PRAGMA cache_size = -262144")
    w = _Writer(conn)
    tz = ctx.tz
    now = ctx.now
    now_min = _minute(now)
    today = now.astimezone(tz).date()
    month_list = _months_back(today, months)
    history_start = date(*month_list[0], 1)
    result = _Tally(clients, months, seed, month_str(*month_list[0]), month_str(*month_list[-1]), 0)
    rules = rules_of(ctx)

    specialist_ids = _specialists(ctx, w)
    book = _clients(ctx, w, rng, clients, history_start, today)
    result.subscribed = sum(1 for c in book if any(p.covers(today) for p in c.periods))
    issuer = _Issuer(ctx, w, book, rules)

    products = ctx.policy.products
    covered_products = [name for name, covered in products.items() if covered]
    other_products = [name for name, covered in products.items() if not covered]
    main = "FoccoERP" if "FoccoERP" in covered_products else covered_products[0]
    extra = [p for p in covered_products if p != main]
    product_cum = [(0.97 if not extra else 0.87, main)]
    for i, name in enumerate(extra):
        product_cum.append((0.87 + 0.10 * (i + 1) / len(extra), name))
    for i, name in enumerate(other_products):
        product_cum.append((0.97 + 0.03 * (i + 1) / len(other_products), name))
    product_cum[-1] = (1.0, product_cum[-1][1])
    product_keys = [p for p, _ in product_cum]
    product_names = [n for _, n in product_cum]
    covered_set = set(covered_products)

    hour_cum: list[float] = []
    total = 0.0
    for weight in _HOUR_WEIGHTS:
        total += weight
        hour_cum.append(total)

    next_id = {name: used + 1 for name, used in q.max_bulk_ids(session).items()}
    reasons: dict[tuple[str, str], str] = {}
    enforcement = ctx.policy.enforcement_start
    every = ctx.policy.level3_update_every_minutes

    call_cols = (
        "id", "client_id", "product", "caller", "summary", "opened_at", "verdict",
        "verdict_reason", "status", "level", "chargeable", "chargeable_reason", "resolution",
        "workaround", "resolved_at", "closed_at", "rating", "strengths", "weaknesses",
        "last_update_at", "active_since", "created_by", "billing_due", "billed_cents",
        "billed_minutes",
    )  # fmt: skip
    entry_cols = ("id", "call_id", "minutes", "worked_at", "note", "created_at", "actor")
    esc_cols = ("id", "call_id", "specialist_id", "reason", "at")
    upd_cols = ("id", "call_id", "at", "note", "eta")
    ts = w.ts
    rand = rng.random

    def pick(seq: Sequence[T]) -> T:
        return seq[int(rand() * len(seq))]

    def between(low: int, high: int) -> int:  # inclusive, like randint
        return low + int(rand() * (high - low + 1))

    bisect_right = bisect.bisect_right
    verdicts = result.contacts
    statuses = result.statuses
    steps = len(month_list)
    # Every local day of the history (and a few after today), to date any instant.
    all_days = _days(ctx, history_start, today + timedelta(days=3))
    starts = [d.start for d in all_days]

    def local_day(minute: int) -> date:
        return all_days[bisect_right(starts, minute) - 1].day

    # The bulk load skips index upkeep; the indexes are built once, at the end.
    rebuild = _suspend_indexes(conn)

    for step, (year, month) in enumerate(month_list, start=1):
        first, last = month_bounds(year, month)
        days = [d for d in all_days if first <= d.day <= min(last, today)]
        day_cum: list[float] = []
        acc = 0.0
        for d in days:
            acc += _OFF_DAY_WEIGHT if d.off else 1.0
            day_cum.append(acc)
        mid = first + timedelta(days=14)
        calls: list[Row] = []
        entries: list[Row] = []
        escalations: list[Row] = []
        updates: list[Row] = []
        # A partial current month gets calls in proportion to the days gone by.
        share = len(days) / ((last - first).days + 1)
        for client in book:
            subscribed = any(p.covers(mid) for p in client.periods)
            rate = (_SUBSCRIBED_RATE if subscribed else _UNSUBSCRIBED_RATE) * client.size * share
            count = int(rate * (0.7 + 0.6 * rand()) + rand())
            instants = []
            for _ in range(count):
                d = days[bisect_right(day_cum, rand() * acc)]
                local = int(bisect_right(hour_cum, rand() * total) * 60 + rand() * 60)
                if d.length != 1440:
                    local = min(local, d.length - 1)
                opened = d.start + local
                if opened >= now_min - 1:
                    continue
                instants.append((opened, d, local))
            instants.sort(key=lambda item: item[0])
            for opened, d, local in instants:
                call_id = next_id["call"]
                next_id["call"] += 1
                product = product_names[bisect_right(product_keys, rand())]
                if d.length != 1440:
                    at = _EPOCH + timedelta(minutes=opened)
                    business = ctx.calendar.is_business_time(at)
                else:
                    business = any(a <= local < b for a, b in d.business)
                if business:
                    verdict = "business_hours"
                elif product not in covered_set:
                    verdict = "refused"
                elif any(p.covers(d.day) for p in client.periods):
                    verdict = "covered"
                elif d.day < enforcement:
                    verdict = "grace"
                elif not client.exceptional_used:
                    verdict = "exceptional"
                else:
                    verdict = "refused"
                key = (verdict, product if verdict == "refused" else "")
                reason = reasons.get(key)
                if reason is None:
                    reason = _reason(ctx, client, opened, product, verdict)
                    reasons[key] = reason
                if verdict == "exceptional":
                    client.exceptional_used = True
                    issuer.exceptional(client.id, (year, month), call_id, d.day)
                caller = pick(_FIRST) + " " + pick(_LAST)
                summary = pick(_SUMMARIES)
                attendant = _ATTENDANTS[(opened // 720) % len(_ATTENDANTS)]
                verdicts[verdict] = verdicts.get(verdict, 0) + 1
                if verdict in ("business_hours", "refused"):
                    status = "redirected" if verdict == "business_hours" else "refused"
                    statuses[status] = statuses.get(status, 0) + 1
                    calls.append(
                        (call_id, client.id, product, caller, summary, ts(opened), verdict,
                         reason, status, 1, False, None, None, False, None, None, None, None,
                         None, None, None, attendant, False, 0, 0)
                    )  # fmt: skip
                    continue
                # A served call: level, specialists, time, updates, resolution, rating.
                r = rand()
                level = 1 if r < _LEVEL_CUM[0] else 2 if r < _LEVEL_CUM[1] else 3
                if level == 1:
                    pieces, work, gap = between(1, 2), (5, 40), (0, 20)
                elif level == 2:
                    pieces, work, gap = between(2, 4), (15, 90), (10, 120)
                else:
                    pieces, work, gap = between(3, 6), (30, 180), (30, 240)
                chargeable = rand() < _CHARGEABLE
                clock = opened + between(1, 10)
                done = []
                for _ in range(pieces):
                    minutes = between(*work)
                    done.append((clock, minutes))
                    clock += minutes + between(*gap)
                resolved = done[-1][0] + done[-1][1]
                last_update = None
                if level >= 2:
                    for _ in range(1 if level == 2 else between(1, 2)):
                        when = opened + between(5, 30)
                        if when < now_min:
                            escalations.append(
                                (next_id["escalation"], call_id, pick(specialist_ids),
                                 pick(_REASONS), ts(when))
                            )  # fmt: skip
                            next_id["escalation"] += 1
                if level == 3:
                    when = opened + between(20, every)
                    while when < min(resolved, now_min):
                        updates.append(
                            (next_id["update"], call_id, ts(when), pick(_UPDATES),
                             ts(when + between(60, 480)))
                        )  # fmt: skip
                        next_id["update"] += 1
                        last_update = when
                        when += between(every // 2, every + 30)
                logged = minutes_logged = 0
                for worked, minutes in done:
                    if worked + minutes > now_min:
                        break
                    entries.append(
                        (next_id["entry"], call_id, minutes, ts(worked), pick(_NOTES),
                         ts(worked + minutes), attendant)
                    )  # fmt: skip
                    next_id["entry"] += 1
                    logged += 1
                    minutes_logged += minutes
                closed_at = resolved + between(10, 2880)
                resolution = rating = strengths = weaknesses = None
                workaround = False
                resolved_at = closed = None
                if resolved > now_min:
                    status = "parked" if logged else "queued"
                else:
                    resolved_at = resolved
                    resolution = pick(_RESOLUTIONS)
                    workaround = rand() < 0.15
                    if closed_at <= now_min and rand() < 0.85:
                        status = "closed"
                        closed = closed_at
                        if rand() < 0.75:
                            r = rand()
                            rating = next(v for p, v in _RATING_CUM if r < p)
                            if rand() < 0.3:
                                strengths = pick(_STRENGTHS)
                            if rating <= 3 and rand() < 0.5:
                                weaknesses = pick(_WEAKNESSES)
                    else:
                        status = "resolved"
                statuses[status] = statuses.get(status, 0) + 1
                # Billing columns start unsettled; issuing the call's month settles them.
                billing_due, billed_cents, billed_minutes = chargeable, 0, 0
                if chargeable:
                    result.chargeable += 1
                    if resolved_at is not None:
                        item = billing.CallForBilling(
                            call_id=call_id,
                            opened_on=d.day,
                            resolved_on=local_day(resolved_at),
                            chargeable=True,
                            logged_minutes=minutes_logged,
                            summary=summary,
                        )
                        issuer.billable(client.id, item)
                calls.append(
                    (call_id, client.id, product, caller, summary, ts(opened), verdict, reason,
                     status, level, chargeable, pick(_CAUSES) if chargeable else None,
                     resolution, workaround, ts(resolved_at), ts(closed), rating, strengths,
                     weaknesses, ts(last_update), None, attendant, billing_due, billed_cents,
                     billed_minutes)
                )  # fmt: skip
        w.insert(_table(Call), call_cols, calls)
        w.insert(_table(TimeEntry), entry_cols, entries)
        w.insert(_table(Escalation), esc_cols, escalations)
        w.insert(_table(ProgressUpdate), upd_cols, updates)
        result.time_entries += len(entries)
        result.escalations += len(escalations)
        result.progress_updates += len(updates)
        del calls, entries, escalations, updates
        if last < today:
            result.invoices += issuer.issue(year, month)
            result.issued_months.append(month_str(year, month))
        if progress:
            progress(step, steps)

    for ddl in rebuild:
        conn.exec_driver_sql(ddl)
    _advance_sequences(conn)
    was = _one_active_call(ctx)
    if was is not None:
        statuses[was] -= 1
        statuses["open"] = 1
    seeded = result.result()
    ctx.record("book", "seed", "seeded", **seeded.audit_detail())
    return seeded


class _Issuer:
    """Issues ended months in bulk, as `invoice month --issue` would have on the day.

    The seed knows every call it wrote, so a month's drafts come from memory: the same
    `billing.build_draft` over the same inputs the invoicing service reads from the store
    (the clients' contracts, their unbilled billable calls, the month's exceptional
    services), numbered in client-code order. Each draft is frozen by the service's own
    `plan_issue` (number, columns, the calls' billing columns, audit detail); only the
    writing is in bulk.
    """

    def __init__(
        self, ctx: Ctx, w: _Writer, book: list[_Client], rules: billing.BillingRules
    ) -> None:
        self.ctx, self.w, self.book, self.rules = ctx, w, book, rules
        self.pending: dict[int, list[billing.CallForBilling]] = {}
        self.exceptionals: dict[tuple[int, int], dict[int, list[tuple[int, date]]]] = {}
        session = ctx.session
        self.seq = invoice_queries.max_seq(session)
        self.invoice_id, self.line_id = invoice_queries.max_invoice_ids(session)

    def billable(self, client_id: int, item: billing.CallForBilling) -> None:
        self.pending.setdefault(client_id, []).append(item)

    def exceptional(self, client_id: int, ym: tuple[int, int], call_id: int, day: date) -> None:
        self.exceptionals.setdefault(ym, {}).setdefault(client_id, []).append((call_id, day))

    def issue(self, year: int, month: int) -> int:
        """Issue one ended month; returns how many invoices it issued."""
        ctx, w = self.ctx, self.w
        _, last = month_bounds(year, month)
        issued_at = _issue_instant(ctx, year, month)
        stamp = w.ts(_minute(issued_at))
        exceptional = self.exceptionals.pop((year, month), {})
        invoices: list[Row] = []
        lines: list[Row] = []
        events: list[Row] = []
        settled: list[dict[str, int]] = []
        for client in self.book:  # in client-code order, as the service numbers them
            waiting = self.pending.get(client.id, [])
            due = [c for c in waiting if c.resolved_on is not None and c.resolved_on <= last]
            with in_language(ctx.policy.documents_language):  # the client's document
                draft = billing.build_draft(
                    year,
                    month,
                    glt_terms=client.terms,
                    addon_periods=client.periods,
                    calls=due,
                    exceptional_calls=exceptional.get(client.id, []),
                    rules=self.rules,
                )
            if not draft.billable:
                continue
            self.seq += 1
            self.invoice_id += 1
            plan = plan_issue(ctx.invoice_prefix, self.seq, client.id, client.code, draft)
            invoices.append(
                (self.invoice_id, plan.seq, plan.number, plan.client_id, plan.month, "issued",
                 stamp, ctx.actor, plan.total_cents)
            )  # fmt: skip
            for line in plan.lines:
                self.line_id += 1
                lines.append(
                    (self.line_id, self.invoice_id, line.position, line.kind, line.description,
                     line.call_id, line.minutes_logged, line.minutes_billed,
                     line.hourly_rate_cents, line.amount_cents)
                )  # fmt: skip
            settled.extend(
                {"call": s.call_id, "cents": s.cents, "minutes": s.minutes}
                for s in plan.settlements
            )
            events.append(
                (stamp, ctx.actor, "invoice", plan.number, "issued",
                 json.dumps(plan.audit_detail(), default=str, ensure_ascii=False,
                            sort_keys=True))
            )  # fmt: skip
            if due:
                self.pending[client.id] = [
                    c for c in waiting if c.resolved_on is not None and c.resolved_on > last
                ]
        w.insert(
            _table(Invoice),
            ("id", "seq", "number", "client_id", "month", "status", "issued_at", "issued_by",
             "total_cents"),
            invoices,
        )  # fmt: skip
        w.insert(
            _table(InvoiceLine),
            ("id", "invoice_id", "position", "kind", "description", "call_id", "minutes_logged",
             "minutes_billed", "hourly_rate_cents", "amount_cents"),
            lines,
        )  # fmt: skip
        w.settle(settled)
        w.insert(_table(Event), ("at", "actor", "entity", "entity_id", "action", "detail"), events)
        return len(invoices)


_BULK_TABLES = ("call", "time_entry", "escalation", "progress_update")


def _suspend_indexes(conn: sa.Connection) -> list[str]:
    """On SQLite, drop the secondary indexes of the bulk-loaded tables and return the DDL that
    rebuilds them: one sort per index at the end beats a million random index updates."""
    if conn.dialect.name != "sqlite":
        return []
    marks = ", ".join("?" for _ in _BULK_TABLES)
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        _BULK_TABLES,
    ).all()
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [ddl for _, ddl in found]


def _advance_sequences(conn: sa.Connection) -> None:
    """PostgreSQL: the seed wrote its own ids, so move each id sequence past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("client", "call", "time_entry", "escalation", "progress_update", "invoice",
                  "invoice_line"):  # fmt: skip
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 1), '
            f'(SELECT MAX(id) FROM "{table}") IS NOT NULL)'
        )


def _reason(ctx: Ctx, client: _Client, opened: int, product: str, verdict: str) -> str:
    """The verdict's reason in the words of the entitlement rules, checked against them."""
    at = _EPOCH + timedelta(minutes=opened)
    judgement = judge(
        at,
        product,
        calendar=ctx.calendar,
        products=ctx.policy.products,
        glt_terms=client.terms,
        addon_periods=client.periods,
        exceptional_used=client.exceptional_used,
        enforcement_start=ctx.policy.enforcement_start,
    )
    if judgement.verdict.value != verdict:
        raise StateError(
            f"The synthetic book judged a contact {verdict}, the rules say "
            f"{judgement.verdict.value}."
        )
    with in_language(ctx.policy.documents_language):  # stored with the call, as `call open`
        return judgement.reason


def _specialists(ctx: Ctx, w: _Writer) -> list[int]:
    known = q.specialist_names(ctx.session)
    rows: list[Row] = [
        (name, area, phone, True) for name, area, phone in _SPECIALISTS if name not in known
    ]
    w.insert(_table(Specialist), ("name", "area", "phone", "active"), rows)
    return q.specialist_ids(ctx.session)


def _clients(
    ctx: Ctx, w: _Writer, rng: random.Random, count: int, history_start: date, today: date
) -> list[_Client]:
    book = []
    client_rows, glt_rows, sub_rows = [], [], []
    jan_firsts = [date(y, 1, 1) for y in range(history_start.year + 1, today.year + 1)]
    for n in range(1, count + 1):
        code = f"C{n:05d}"
        name = f"{rng.choice(_NAME_A)} {rng.choice(_NAME_B)} {n} {rng.choice(_NAME_C)}"
        r = rng.random()
        state = next(uf for uf, p in _STATES if r < p)
        since = _random_day(rng, date(2011, 1, 1), history_start - timedelta(days=1))
        monthly = rng.randrange(15_00, 120_00) * 100  # whole reais, R$ 1.500 to R$ 12.000
        rate = rng.randrange(120, 261) * 100
        terms = [GltTerm(since, _reais(monthly), _reais(rate))]
        if jan_firsts and rng.random() < 0.35:
            when = rng.choice(jan_firsts)
            bump = 100 + rng.randrange(4, 11)
            monthly, rate = monthly * bump // 100 // 100 * 100, rate * bump // 100 // 100 * 100
            terms.append(GltTerm(when, _reais(monthly), _reais(rate)))
        r = rng.random()
        periods: list[AddonPeriod] = []
        if r < 0.36:
            first = _random_day(rng, since, history_start - timedelta(days=1))
            last = None
            if r < 0.03:  # unsubscribed during the history
                last = _random_day(rng, history_start, today - timedelta(days=1))
            periods.append(AddonPeriod(first, last))
        elif r < 0.42:
            periods.append(AddonPeriod(_random_day(rng, history_start, today), None))
        created = datetime.combine(since, time(9), tzinfo=ctx.tz)
        client_rows.append((n, code, name, state, w.ts(_minute(created))))
        for term in terms:
            glt_rows.append(
                (n, w.day(term.since), int(term.monthly * 100), int(term.hourly_rate * 100),
                 w.ts(_minute(created)))
            )  # fmt: skip
        for period in periods:
            sub_rows.append(
                (n, w.day(period.first_day), w.day(period.last_day), w.ts(_minute(created)))
            )
        size = rng.lognormvariate(0, 0.6) / 1.197  # mean 1: a few big clients, many small
        book.append(_Client(n, code, size, terms, periods))
    w.insert(_table(Client), ("id", "code", "name", "state", "created_at"), client_rows)
    w.insert(
        _table(GltTermRow),
        ("client_id", "since", "monthly_cents", "hourly_rate_cents", "created_at"),
        glt_rows,
    )
    w.insert(_table(Subscription), ("client_id", "first_day", "last_day", "created_at"), sub_rows)
    return book


def _reais(cents: int) -> Decimal:
    return from_centavos(cents)


def _one_active_call(ctx: Ctx) -> str | None:
    """One phone, one attendant (R8): the newest call in progress is the active one.
    Returns the status it had (queued or parked), or None when no call is in progress."""
    newest = q.newest_call_in_progress(ctx.session)
    if newest is None:
        return None
    call_id, opened_at, status = newest
    table = _table(Call)
    ctx.session.connection().execute(
        table.update().where(table.c.id == call_id).values(status="open", active_since=opened_at)
    )
    return status
