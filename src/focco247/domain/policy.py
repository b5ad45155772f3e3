"""The service policy (SPEC §2, R20): every setting with its default, validated in one place.

The policy lives in the store as one timeline per key (`PolicyTimeline`); this module holds
the pure part: the defaults, the validation, and which entry is in force on a date.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from focco247.domain.bounds import check_config_strings, check_policy
from focco247.errors import ConfigError
from focco247.i18n import PORTUGUESE, _, normalize

# A value a TOML file (or the JSON a policy entry is kept as) may hold: what a policy key takes.
TomlValue: TypeAlias = (
    str | int | float | bool | date | time | list["TomlValue"] | dict[str, "TomlValue"]
)

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
        # Optional holidays Focco closes on (names of the `holidays` package, any language).
        "observe": [],
    },
    "enforcement_start": "2012-06-01",
    "fee_percent": "30",
    "minimum_chargeable_minutes": 60,
    "rounding_minutes": 1,
    "money_rounding": "half-up",
    "level3_update_every": "2h",
    "future_tolerance": "5m",
    "products": {"FoccoERP": {"covered": True}, "FoccoLOJAS": {"covered": False}},
    "sales": {"phone": "(54) 3025 9000", "email": "focco@focco.com.br"},
    "invoice": {"prefix": "F247-"},
    "portal": {"base_url": "http://127.0.0.1:8247", "link_ttl": "30d"},
    "documents": {"language": "pt_BR"},
}

# Effective-dated per month (R20): billing month M uses the values in force on M's first
# day, and a change may not start inside, or reach, an issued month.
MONEY_KEYS = frozenset(
    {"fee_percent", "minimum_chargeable_minutes", "rounding_minutes", "money_rounding"}
)
# What a machine's configuration file may hold; every other known key is policy (R20).
MACHINE_KEYS = ("db", "language", "user", "machine_id")
# "From the beginning": the since date of entries that apply to every date.
BEGINNING = date(1, 1, 1)


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
    # Optional holidays observed, as their English names in the `holidays` package.
    holiday_observe: tuple[str, ...] = ()
    # A product's own support hours, when it has them (same shape as business_hours).
    product_hours: dict[str, dict[int, tuple[tuple[time, time], ...]]] = field(
        default_factory=dict, compare=False
    )
    documents_language: str = "pt_BR"

    @classmethod
    def default(cls) -> Policy:
        return cls.from_mapping({})

    @classmethod
    def from_mapping(
        cls, overrides: dict[str, Any], source: str = "configuration", *, check_sources: bool = True
    ) -> Policy:
        """Validate the defaults merged with `overrides`. `check_sources=False` skips what
        needs the holiday tables (a third of a second), for values validated when stored."""
        overrides = dict(overrides)
        if isinstance(overrides.get("products"), dict):
            overrides["products"] = {
                name: normalise_product(value) for name, value in overrides["products"].items()
            }
        merged = merge(DEFAULTS, overrides)
        unknown = sorted(set(overrides) - set(DEFAULTS))
        if unknown:
            raise ConfigError(
                _("{source}: unknown key {key!r}.").format(source=source, key=unknown[0])
            )
        # A misspelt key inside a table (holidays.subdvision) would otherwise be ignored
        # silently; `products` is open: its keys are product names.
        for table, keys in DEFAULTS.items():
            given = overrides.get(table)
            if isinstance(keys, dict) and isinstance(given, dict) and table != "products":
                extra = sorted(set(given) - set(keys))
                if extra:
                    raise ConfigError(
                        _("{source}: unknown key {key!r}.").format(
                            source=source, key=table + "." + extra[0]
                        )
                    )
        return _validate(merged, source, check_sources)

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


def normalise_product(value: Any) -> Any:
    """`FoccoERP = true` (the first form) reads as `FoccoERP = {covered = true}`."""
    if isinstance(value, bool):
        return {"covered": value}
    return value


def _validate(cfg: dict[str, Any], source: str, check_sources: bool = True) -> Policy:
    from focco247.domain.durations import parse_duration
    from focco247.errors import InputError

    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(
            _("{source}: key {key} {why}.").format(source=source, key=repr(key), why=why)
        )

    check_config_strings(cfg, source)

    def text(key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise bad(key, _("must be a non-empty text"))
        return value

    def integer(key: str, value: Any, low: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise bad(key, _("must be a whole number of at least {low}").format(low=low))
        return value

    def duration(key: str, value: Any) -> int:
        try:
            return parse_duration(text(key, value))
        except InputError:
            raise bad(key, _("must be a duration such as 2h or 90m")) from None

    try:
        tz = ZoneInfo(text("timezone", cfg["timezone"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise bad("timezone", _("is not a known time zone (e.g. America/Sao_Paulo)")) from None

    business_hours = _week(cfg["business_hours"], "business_hours", bad)
    if not any(business_hours.values()):
        # Without any business hours "when regular support opens" has no answer.
        raise bad("business_hours", _("must have at least one interval in the week"))

    hol = cfg["holidays"]
    if not isinstance(hol, dict):
        raise bad("holidays", _("must be a table"))
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
        raise bad("holidays.categories", _('must be a list of names such as ["public"]'))
    default = DEFAULTS["holidays"]
    if check_sources and (country, subdivision, categories) != (
        default["country"],
        default["subdivision"],
        default["categories"],
    ):
        # Loading the holiday tables costs a third of a second; the defaults are known good.
        _check_holiday_source(country, subdivision, tuple(categories), bad)
    extras: list[ExtraHoliday] = []
    if not isinstance(hol.get("extra"), list):
        raise bad("holidays.extra", _("must be a list of {date, name} tables"))
    for item in hol["extra"]:
        if not isinstance(item, dict) or "date" not in item or set(item) - {"date", "name"}:
            raise bad("holidays.extra", _("must be a list of {date, name} tables"))
        closed: object = item["date"]
        if isinstance(closed, str):
            try:
                closed = date.fromisoformat(closed)
            except ValueError:
                raise bad(
                    "holidays.extra",
                    _("has an invalid date {date}").format(date=repr(item["date"])),
                ) from None
        if not isinstance(closed, date) or isinstance(closed, datetime):
            raise bad(
                "holidays.extra",
                _("has an invalid date {date}").format(date=repr(str(item["date"]))),
            )
        extras.append(ExtraHoliday(closed, str(item.get("name") or "Company closure")))

    enforcement: object = cfg["enforcement_start"]
    if isinstance(enforcement, str):
        try:
            enforcement = date.fromisoformat(enforcement)
        except ValueError:
            raise bad("enforcement_start", _("must be a date YYYY-MM-DD")) from None
    if not isinstance(enforcement, date) or isinstance(enforcement, datetime):
        raise bad("enforcement_start", _("must be a date YYYY-MM-DD"))

    try:
        fee = Decimal(str(cfg["fee_percent"]))
    except InvalidOperation:
        raise bad("fee_percent", _("must be a number such as 30")) from None
    if isinstance(cfg["fee_percent"], bool) or not fee.is_finite() or not 0 <= fee <= 100:
        raise bad("fee_percent", _("must be a number between 0 and 100"))

    rounding = cfg["money_rounding"]
    if rounding not in ("half-up", "half-even"):
        raise bad("money_rounding", _("must be half-up or half-even"))

    observe = hol.get("observe", [])
    if not isinstance(observe, list) or not all(isinstance(n, str) and n.strip() for n in observe):
        raise bad("holidays.observe", _('must be a list of names such as ["Carnaval"]'))
    observed = tuple(observe)
    if check_sources and observed:
        observed = observed_names(country, subdivision, observed, source)

    products_cfg = cfg["products"]
    if not isinstance(products_cfg, dict) or not products_cfg:
        raise bad("products", _("must be a table of products, each with covered = true/false"))
    products: dict[str, bool] = {}
    product_hours: dict[str, dict[int, tuple[tuple[time, time], ...]]] = {}
    for name, item in products_cfg.items():
        item = normalise_product(item)
        key = f"products.{name}"
        if not isinstance(item, dict) or set(item) - {"covered", "hours"}:
            raise bad(key, _("must be a table with covered = true/false and optional hours"))
        # A table that leaves `covered` out keeps the product's default (merged in above); a
        # product the defaults do not know is not covered.
        covered = item.get("covered", False)
        if not isinstance(covered, bool):
            raise bad(f"{key}.covered", _("must be true or false"))
        products[name] = covered
        if "hours" in item:
            product_hours[name] = _week(item["hours"], f"{key}.hours", bad)

    sales = cfg["sales"]
    invoice = cfg["invoice"]
    if not isinstance(sales, dict) or not isinstance(invoice, dict):
        raise bad("sales" if not isinstance(sales, dict) else "invoice", _("must be a table"))
    prefix = invoice.get("prefix", "")
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Za-z0-9/_.-]{0,16}", prefix):
        raise bad("invoice.prefix", _("must be up to 16 letters, digits, '-', '_', '/' or '.'"))

    portal = cfg["portal"]
    if not isinstance(portal, dict):
        raise bad("portal", _("must be a table"))
    base_url = text("portal.base_url", portal.get("base_url"))
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base_url):
        raise bad("portal.base_url", _("must be an http(s) address such as http://127.0.0.1:8247"))
    ttl_text = text("portal.link_ttl", portal.get("link_ttl"))
    days = re.fullmatch(r"\s*([0-9]{1,4})\s*d\s*", ttl_text)
    ttl = int(days.group(1)) * 24 * 60 if days else duration("portal.link_ttl", ttl_text)
    if ttl <= 0:
        raise bad("portal.link_ttl", _("must be longer than zero (e.g. 30d)"))

    documents = cfg.get("documents", {})
    if not isinstance(documents, dict):
        raise bad("documents", _("must be a table"))
    documents_language = normalize(str(documents.get("language", PORTUGUESE)))
    if documents_language is None:
        raise bad("documents.language", _("must be pt_BR or en"))

    every = duration("level3_update_every", cfg["level3_update_every"])
    if every <= 0:
        raise bad("level3_update_every", _("must be longer than zero"))

    policy = Policy(
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
        products=products,
        sales_phone=text("sales.phone", sales.get("phone")),
        sales_email=text("sales.email", sales.get("email")),
        invoice_prefix=prefix,
        raw=cfg,
        portal_base_url=base_url.rstrip("/"),
        portal_link_ttl_minutes=ttl,
        holiday_observe=observed,
        product_hours=product_hours,
        documents_language=documents_language,
    )
    check_policy(policy, source)
    return policy


def _week(
    hours_cfg: Any, name: str, bad: Callable[[str, str], ConfigError]
) -> dict[int, tuple[tuple[time, time], ...]]:
    """A table of weekday = ["HH:MM-HH:MM", ...] (a day not named has no hours)."""
    if not isinstance(hours_cfg, dict) or set(hours_cfg) - set(WEEKDAYS):
        raise bad(
            name, _("must be a table with keys among {value}").format(value=", ".join(WEEKDAYS))
        )
    week: dict[int, tuple[tuple[time, time], ...]] = {}
    for index, day in enumerate(WEEKDAYS):
        key = f"{name}.{day}"
        intervals = hours_cfg.get(day, [])
        if not isinstance(intervals, list):
            raise bad(key, _('must be a list like ["08:00-12:00", "13:30-18:00"]'))
        parsed: list[tuple[time, time]] = []
        for item in intervals:
            match = _INTERVAL.match(item) if isinstance(item, str) else None
            try:
                start = time(int(match.group(1)), int(match.group(2))) if match else None
                end = time(int(match.group(3)), int(match.group(4))) if match else None
            except ValueError:
                start = end = None
            if start is None or end is None or start >= end:
                raise bad(
                    key,
                    _("has an invalid interval {item} (write HH:MM-HH:MM)").format(item=repr(item)),
                )
            if parsed and start < parsed[-1][1]:
                raise bad(key, _("intervals must be in order and must not overlap"))
            parsed.append((start, end))
        week[index] = tuple(parsed)
    return week


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
        raise bad(
            "holidays.country",
            _("names an unknown country code {country} (e.g. BR)").format(country=repr(country)),
        )
    if subdivision is not None and subdivision not in supported[country]:
        raise bad(
            "holidays.subdivision",
            _("names no subdivision of {country}: {subdivision} (e.g. RS, SC, SP)").format(
                country=country, subdivision=repr(subdivision)
            ),
        )
    try:
        holidays.country_holidays(country, subdiv=subdivision, categories=categories, years=2000)
    except (NotImplementedError, ValueError, KeyError) as exc:
        key = "holidays.categories" if "categor" in str(exc).lower() else "holidays.subdivision"
        raise bad(
            key,
            _("is not valid for {country} ({value})").format(
                country=country, value=str(exc).rstrip(".")
            ),
        ) from None


# --- holidays.observe ---------------------------------------------------------------------

# Years sampled to learn a country's optional holiday names (they do not change by year).
_NAME_YEARS = (2025, 2026, 2027)


def optional_holiday_names(
    country: str, subdivision: str | None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Every name of the country's optional holidays, in each language of the `holidays`
    package: folded to lower case -> the English (en_US) name the calendar uses; and the
    names as written, for telling the user which are valid."""
    import holidays

    def table(language: str | None) -> dict[date, str]:
        found = holidays.country_holidays(
            country,
            subdiv=subdivision,
            categories=("optional",),
            years=_NAME_YEARS,
            language=language,
        )
        return dict(found.items())

    try:
        english = table("en_US")
        languages = holidays.country_holidays(country).supported_languages
    except (NotImplementedError, ValueError, KeyError):
        return {}, ()
    names: dict[str, str] = {}
    written: list[str] = []
    for language in (*languages, None):
        for day, name in table(language).items():
            # A day may hold two holidays ("A; B"): each is matched on its own.
            for own, eng in zip(name.split("; "), english[day].split("; "), strict=False):
                names.setdefault(own.casefold(), eng)
                if own not in written:
                    written.append(own)
    return names, tuple(written)


def observed_names(
    country: str, subdivision: str | None, wanted: Sequence[str], source: str
) -> tuple[str, ...]:
    """The observed names as the calendar knows them (English); an unknown one is refused
    with the list of valid names."""
    names, written = optional_holiday_names(country, subdivision)
    out: list[str] = []
    for name in wanted:
        english = names.get(name.strip().casefold())
        if english is None:
            valid = sorted(written)
            raise ConfigError(
                _(
                    "{source}: key 'holidays.observe' names no optional holiday of "
                    "{country}: {name!r}; valid names: {valid}."
                ).format(
                    source=source,
                    country=country,
                    name=name,
                    valid=", ".join(valid) or _("none"),
                )
            )
        if english not in out:
            out.append(english)
    return tuple(out)


# --- timelines (R20) ----------------------------------------------------------------------


def timeline_keys(mapping: dict[str, Any]) -> dict[str, Any]:
    """A TOML mapping as timeline keys: tables of the defaults one level down
    (`holidays.subdivision`, `business_hours.monday`, `products.FoccoLOJAS`), so an import
    sets only what it names and tables merge key by key."""
    flat: dict[str, Any] = {}
    for key, value in mapping.items():
        if isinstance(DEFAULTS.get(key), dict) and isinstance(value, dict):
            for inner, item in value.items():
                flat[f"{key}.{inner}"] = (
                    normalise_product(item) if key == "products" else _plain(item)
                )
        else:
            flat[key] = _plain(value)
    return flat


def nested(flat: dict[str, Any]) -> dict[str, Any]:
    """Timeline keys back into a TOML-shaped mapping (the inverse of `timeline_keys`)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        head, dot, rest = key.partition(".")
        if dot and isinstance(DEFAULTS.get(head), dict):
            out.setdefault(head, {})[rest] = value
        else:
            out[key] = value
    return out


def _plain(value: Any) -> Any:
    """JSON-safe: TOML dates become ISO text (the validation reads both)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def is_money_key(key: str) -> bool:
    return key in MONEY_KEYS


@dataclass(frozen=True)
class TimelineEntry:
    """One entry of a key's timeline: `value` applies from `since` (a local date) until the
    key's next entry. Among entries of the same key and date the latest recorded wins."""

    id: int
    key: str
    value: Any
    since: date
    recorded_at: datetime
    actor: str


class PolicyTimeline:
    """Every key's timeline; `at(day)` is the policy in force on a local date."""

    def __init__(self, entries: Sequence[TimelineEntry]) -> None:
        self.entries = sorted(entries, key=lambda e: (e.key, e.since, e.id))
        self._built: dict[tuple[int, ...], Policy] = {}

    def in_force(self, day: date) -> dict[str, TimelineEntry]:
        chosen: dict[str, TimelineEntry] = {}
        for entry in self.entries:
            if entry.since <= day:
                chosen[entry.key] = entry  # sorted: the last one wins
        return chosen

    def values_at(self, day: date) -> dict[str, Any]:
        return {key: entry.value for key, entry in self.in_force(day).items()}

    def at(self, day: date) -> Policy:
        """The policy of `day`; the same object for days with the same entries in force."""
        chosen = self.in_force(day)
        stamp = tuple(sorted(entry.id for entry in chosen.values()))
        if stamp not in self._built:
            values = {key: entry.value for key, entry in chosen.items()}
            self._built[stamp] = Policy.from_mapping(
                nested(values), source=_("the policy in the store"), check_sources=False
            )
        return self._built[stamp]

    def next_since(self, key: str, after: date) -> date | None:
        """The first entry of `key` strictly after `after` (where a new entry stops)."""
        later = [e.since for e in self.entries if e.key == key and e.since > after]
        return min(later) if later else None


def billing_day(year: int, month: int) -> date:
    """Billing month M uses the money keys in force on M's first day (R20)."""
    return date(year, month, 1)
