"""The service policy (SPEC §2): every setting with its default, validated in one place."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from focco247.errors import ConfigError
from focco247.i18n import PORTUGUESE, normalize

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# The defaults, as a TOML-shaped mapping: a config file sets only what it names.
DEFAULTS: dict[str, Any] = {
    "timezone": "America/Sao_Paulo",
    "business_hours": {
        "monday": ["08:00-12:00", "13:30-18:00"],
        "tuesday": ["08:00-12:00", "13:30-18:00"],
        "wednesday": ["08:00-12:00", "13:30-18:00"],
        "thursday": ["08:00-12:00", "13:30-18:00"],
        "friday": ["08:00-12:00", "13:30-18:00"],
        "saturday": [],
        "sunday": [],
    },
    "holidays": {
        "country": "BR",
        "subdivision": "RS",
        "categories": ["public"],
        "extra": [],
    },
    "enforcement_start": "2012-06-01",
    "fee_percent": "30",
    "minimum_chargeable_minutes": 60,
    "rounding_minutes": 1,
    "money_rounding": "half-up",
    "level3_update_every": "2h",
    "future_tolerance": "5m",
    "products": {"FoccoERP": True, "FoccoLOJAS": False},
    "sales": {"phone": "(54) 3025 9000", "email": "focco@focco.com.br"},
    "invoice": {"prefix": "F247-"},
    "portal": {"base_url": "http://127.0.0.1:8247", "link_ttl": "30d"},
    "documents": {"language": "pt_BR"},
}


@dataclass(frozen=True)
class ExtraHoliday:
    day: date
    name: str


@dataclass(frozen=True)
class Policy:
    """The settings the rules read. Build it with `Policy.from_mapping` (validates)."""

    timezone: ZoneInfo
    business_hours: dict[int, tuple[tuple[time, time], ...]]
    holiday_country: str
    holiday_subdivision: str | None
    holiday_categories: tuple[str, ...]
    extra_holidays: tuple[ExtraHoliday, ...]
    enforcement_start: date
    fee_percent: Decimal
    minimum_chargeable_minutes: int
    rounding_minutes: int
    money_rounding: str
    level3_update_every_minutes: int
    future_tolerance_minutes: int
    products: dict[str, bool]
    sales_phone: str
    sales_email: str
    invoice_prefix: str
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    # The requester's page: where it is reached, and how long a link lives after closing.
    portal_base_url: str = "http://127.0.0.1:8247"
    portal_link_ttl_minutes: int = 30 * 24 * 60
    # The language of what goes to clients or to files (SPEC §5 "Languages").
    documents_language: str = "pt_BR"

    @classmethod
    def default(cls) -> Policy:
        return cls.from_mapping({})

    @classmethod
    def from_mapping(cls, overrides: dict[str, Any], source: str = "configuration") -> Policy:
        merged = merge(DEFAULTS, overrides)
        unknown = sorted(set(overrides) - set(DEFAULTS))
        if unknown:
            raise ConfigError(f"{source}: unknown key {unknown[0]!r}.")
        # A misspelt key inside a table (holidays.subdvision) would otherwise be ignored
        # silently; `products` is open: its keys are product names.
        for table, keys in DEFAULTS.items():
            given = overrides.get(table)
            if isinstance(keys, dict) and isinstance(given, dict) and table != "products":
                extra = sorted(set(given) - set(keys))
                if extra:
                    raise ConfigError(f"{source}: unknown key {table + '.' + extra[0]!r}.")
        return _validate(merged, source)

    def product_known(self, name: str) -> bool:
        return name in self.products


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Tables merge with the defaults key by key; other values replace."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


_INTERVAL = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def _validate(cfg: dict[str, Any], source: str) -> Policy:
    from focco247.domain.durations import parse_duration
    from focco247.errors import InputError

    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(f"{source}: key {key!r} {why}.")

    def text(key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise bad(key, "must be a non-empty text")
        return value

    def integer(key: str, value: Any, low: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise bad(key, f"must be a whole number of at least {low}")
        return value

    def duration(key: str, value: Any) -> int:
        try:
            return parse_duration(text(key, value))
        except InputError:
            raise bad(key, "must be a duration such as 2h or 90m") from None

    try:
        tz = ZoneInfo(text("timezone", cfg["timezone"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise bad("timezone", "is not a known time zone (e.g. America/Sao_Paulo)") from None

    hours_cfg = cfg["business_hours"]
    if not isinstance(hours_cfg, dict) or set(hours_cfg) - set(WEEKDAYS):
        raise bad("business_hours", f"must be a table with keys among {', '.join(WEEKDAYS)}")
    business_hours: dict[int, tuple[tuple[time, time], ...]] = {}
    for index, day in enumerate(WEEKDAYS):
        key = f"business_hours.{day}"
        intervals = hours_cfg.get(day, [])
        if not isinstance(intervals, list):
            raise bad(key, 'must be a list like ["08:00-12:00", "13:30-18:00"]')
        parsed: list[tuple[time, time]] = []
        for item in intervals:
            match = _INTERVAL.match(item) if isinstance(item, str) else None
            try:
                start = time(int(match.group(1)), int(match.group(2))) if match else None
                end = time(int(match.group(3)), int(match.group(4))) if match else None
            except ValueError:
                start = end = None
            if start is None or end is None or start >= end:
                raise bad(key, f"has an invalid interval {item!r} (write HH:MM-HH:MM)")
            if parsed and start < parsed[-1][1]:
                raise bad(key, "intervals must be in order and must not overlap")
            parsed.append((start, end))
        business_hours[index] = tuple(parsed)
    if not any(business_hours.values()):
        # Without any business hours "when regular support opens" has no answer.
        raise bad("business_hours", "must have at least one interval in the week")

    hol = cfg["holidays"]
    if not isinstance(hol, dict):
        raise bad("holidays", "must be a table")
    country = text("holidays.country", hol.get("country"))
    subdivision = hol.get("subdivision") or None
    if subdivision is not None:
        subdivision = text("holidays.subdivision", subdivision)
    categories = hol.get("categories")
    if (
        not isinstance(categories, list)
        or not categories
        or not all(isinstance(c, str) for c in categories)
    ):
        raise bad("holidays.categories", 'must be a list of names such as ["public"]')
    default = DEFAULTS["holidays"]
    if (country, subdivision, categories) != (
        default["country"],
        default["subdivision"],
        default["categories"],
    ):
        # Loading the holiday tables costs a third of a second; the defaults are known good.
        _check_holiday_source(country, subdivision, tuple(categories), bad)
    extras: list[ExtraHoliday] = []
    if not isinstance(hol.get("extra"), list):
        raise bad("holidays.extra", "must be a list of {date, name} tables")
    for item in hol["extra"]:
        if not isinstance(item, dict) or "date" not in item or set(item) - {"date", "name"}:
            raise bad("holidays.extra", "must be a list of {date, name} tables")
        closed: object = item["date"]
        if isinstance(closed, str):
            try:
                closed = date.fromisoformat(closed)
            except ValueError:
                raise bad("holidays.extra", f"has an invalid date {item['date']!r}") from None
        if not isinstance(closed, date) or isinstance(closed, datetime):
            raise bad("holidays.extra", f"has an invalid date {str(item['date'])!r}")
        extras.append(ExtraHoliday(closed, str(item.get("name") or "Company closure")))

    enforcement: object = cfg["enforcement_start"]
    if isinstance(enforcement, str):
        try:
            enforcement = date.fromisoformat(enforcement)
        except ValueError:
            raise bad("enforcement_start", "must be a date YYYY-MM-DD") from None
    if not isinstance(enforcement, date) or isinstance(enforcement, datetime):
        raise bad("enforcement_start", "must be a date YYYY-MM-DD")

    try:
        fee = Decimal(str(cfg["fee_percent"]))
    except InvalidOperation:
        raise bad("fee_percent", "must be a number such as 30") from None
    if isinstance(cfg["fee_percent"], bool) or not fee.is_finite() or not 0 <= fee <= 100:
        raise bad("fee_percent", "must be a number between 0 and 100")

    rounding = cfg["money_rounding"]
    if rounding not in ("half-up", "half-even"):
        raise bad("money_rounding", "must be half-up or half-even")

    products = cfg["products"]
    if (
        not isinstance(products, dict)
        or not products
        or not all(isinstance(v, bool) for v in products.values())
    ):
        raise bad("products", "must be a table of product = true/false (covered or not)")

    sales = cfg["sales"]
    invoice = cfg["invoice"]
    if not isinstance(sales, dict) or not isinstance(invoice, dict):
        raise bad("sales" if not isinstance(sales, dict) else "invoice", "must be a table")
    prefix = invoice.get("prefix", "")
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Za-z0-9/_.-]{0,16}", prefix):
        raise bad("invoice.prefix", "must be up to 16 letters, digits, '-', '_', '/' or '.'")

    portal = cfg["portal"]
    if not isinstance(portal, dict):
        raise bad("portal", "must be a table")
    base_url = text("portal.base_url", portal.get("base_url"))
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base_url):
        raise bad("portal.base_url", "must be an http(s) address such as http://127.0.0.1:8247")
    ttl_text = text("portal.link_ttl", portal.get("link_ttl"))
    days = re.fullmatch(r"\s*([0-9]{1,4})\s*d\s*", ttl_text)
    ttl = int(days.group(1)) * 24 * 60 if days else duration("portal.link_ttl", ttl_text)
    if ttl <= 0:
        raise bad("portal.link_ttl", "must be longer than zero (e.g. 30d)")

    documents = cfg.get("documents", {})
    if not isinstance(documents, dict):
        raise bad("documents", "must be a table")
    documents_language = normalize(str(documents.get("language", PORTUGUESE)))
    if documents_language is None:
        raise bad("documents.language", "must be pt_BR or en")

    every = duration("level3_update_every", cfg["level3_update_every"])
    if every <= 0:
        raise bad("level3_update_every", "must be longer than zero")

    return Policy(
        timezone=tz,
        business_hours=business_hours,
        holiday_country=country,
        holiday_subdivision=subdivision,
        holiday_categories=tuple(categories),
        extra_holidays=tuple(extras),
        enforcement_start=enforcement,
        fee_percent=fee,
        minimum_chargeable_minutes=integer(
            "minimum_chargeable_minutes", cfg["minimum_chargeable_minutes"], 0
        ),
        rounding_minutes=integer("rounding_minutes", cfg["rounding_minutes"], 1),
        money_rounding=rounding,
        level3_update_every_minutes=every,
        future_tolerance_minutes=duration("future_tolerance", cfg["future_tolerance"]),
        products=dict(products),
        sales_phone=text("sales.phone", sales.get("phone")),
        sales_email=text("sales.email", sales.get("email")),
        invoice_prefix=prefix,
        raw=cfg,
        portal_base_url=base_url.rstrip("/"),
        portal_link_ttl_minutes=ttl,
        documents_language=documents_language,
    )


def _check_holiday_source(
    country: str,
    subdivision: str | None,
    categories: tuple[str, ...],
    bad: Callable[[str, str], ConfigError],
) -> None:
    """Fail now, naming the right key, rather than on the first check."""
    import holidays

    supported = holidays.list_supported_countries()
    if country not in supported:
        raise bad("holidays.country", f"names an unknown country code {country!r} (e.g. BR)")
    if subdivision is not None and subdivision not in supported[country]:
        raise bad(
            "holidays.subdivision",
            f"names no subdivision of {country}: {subdivision!r} (e.g. RS, SC, SP)",
        )
    try:
        holidays.country_holidays(country, subdiv=subdivision, categories=categories, years=2000)
    except (NotImplementedError, ValueError, KeyError) as exc:
        key = "holidays.categories" if "categor" in str(exc).lower() else "holidays.subdivision"
        raise bad(key, f"is not valid for {country} ({str(exc).rstrip('.')})") from None
