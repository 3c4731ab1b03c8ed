"""Rate tables and cost scales, loaded from the TOML files in `data/`.

Why TOML beside the code: every rate and band keeps its source, an `unconfirmed`
flag and the table's `version`, so a figure can be explained and re-checked later,
and a new half-year rate is a data change reviewed on its own. Reading the package's
data files beside this module is the only I/O here; tables are cached. (A plain path,
not importlib.resources: that import alone cost `tijdig calc` a tenth of its start.)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.money import round_half_up
from tijdig.domain.refusals import Refusal

NL_CONSUMER = "interest_nl_consumer"
NL_COMMERCIAL = "interest_nl_commercial"
BE_LATE_PAYMENT = "interest_be_late_payment"
NL_COSTS = "costs_nl_bik"
BE_COSTS = "costs_be"
ONE_DAY = timedelta(days=1)
DATA = Path(__file__).parent / "data"
UNCONFIRMED_NOTE = "A rate used is marked unconfirmed in the table; check it before claiming."


@dataclass(frozen=True, slots=True)
class RateRow:
    """One rate (percent per year) valid from `start` until the next row."""

    start: date
    rate: Decimal
    source: str
    unconfirmed: bool = False


@dataclass(frozen=True, slots=True)
class RateTable:
    """A dated series of interest rates, oldest first."""

    name: str
    title: str
    version: str
    source: str
    rows: tuple[RateRow, ...]

    def __post_init__(self) -> None:
        starts = [row.start for row in self.rows]
        if not starts or starts != sorted(set(starts)):
            raise InvalidValue(self.name, Refusal.RATE_ROWS)

    def row_on(self, day: date) -> RateRow:
        """The row in force on `day`; refused before the first known rate."""
        current = None
        for row in self.rows:
            if row.start > day:
                break
            current = row
        if current is None:
            raise RuleViolation(Refusal.NO_RATE_BEFORE, table=self.title, first=self.rows[0].start)
        return current

    def segments(self, first: date, last: date) -> tuple[tuple[date, date, RateRow], ...]:
        """Split `first`..`last` (both included) at every rate change."""
        out: list[tuple[date, date, RateRow]] = []
        start = first
        while start <= last:
            row = self.row_on(start)
            later = [r.start for r in self.rows if r.start > start]
            end = min(last, later[0] - timedelta(days=1)) if later else last
            out.append((start, end, row))
            start = end + timedelta(days=1)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class CostBand:
    """One line of a cost explanation: `rate` percent of `base`, plus `fixed`."""

    label: str
    rate: Decimal
    base: Decimal
    amount: Decimal
    fixed: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class CostsResult:
    """Statutory costs for one principal, with every step that led to `total`.

    `scale_amount` is the sum of the bands; `limited` is it after the minimum or
    cap; `vat_amount` the uplift on `limited`; `total` is rounded half-up to cents.
    """

    country: str
    consumer: bool
    principal: Decimal
    bands: tuple[CostBand, ...]
    scale_amount: Decimal
    minimum: Decimal | None
    maximum: Decimal | None
    minimum_applied: bool
    cap_applied: bool
    limited: Decimal
    vat_rate: Decimal | None
    vat_amount: Decimal
    total: Decimal
    rule: str
    table_version: str
    notes: tuple[str, ...] = ()


def read_table(name: str) -> dict[str, Any]:
    """The parsed TOML file `data/<name>.toml` shipped inside the package."""
    text = (DATA / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=16)
def rate_table(name: str) -> RateTable:
    """Load one interest table (see the module constants for the names)."""
    data = read_table(name)
    rows = tuple(
        RateRow(
            start=row["from"],
            rate=Decimal(row["rate"]),
            source=row["source"],
            unconfirmed=row.get("unconfirmed", False),
        )
        for row in data["rows"]
    )
    return RateTable(data["name"], data["title"], data["version"], data["source"], rows)


def percent_of(amount: Decimal, rate: Decimal) -> Decimal:
    """`rate` percent of `amount`, exact."""
    return amount * rate / 100


def check_principal(principal: Decimal, *, allow_zero: bool) -> None:
    """Refuse floats, negative amounts and (for costs) a zero principal."""
    if not isinstance(principal, Decimal) or not principal.is_finite():
        raise InvalidValue("amount", Refusal.EXACT_AMOUNT)
    if principal < 0 or (principal == 0 and not allow_zero):
        raise InvalidValue("amount", Refusal.MORE_THAN_ZERO if principal == 0 else Refusal.NEGATIVE)


@dataclass(frozen=True, slots=True)
class InterestPeriod:
    """Interest over `days` days (both ends included) at one rate on one principal.

    `interest` is exact (not rounded): Tijdig rounds only at capitalisation and
    at the final total.
    """

    start: date
    end: date
    days: int
    rate: Decimal
    principal: Decimal
    interest: Decimal
    unconfirmed: bool = False


@dataclass(frozen=True, slots=True)
class Capitalisation:
    """A full year's interest, rounded to cents, added to the principal on `on`."""

    on: date
    interest: Decimal
    new_principal: Decimal


@dataclass(frozen=True, slots=True)
class InterestResult:
    """Statutory interest from `first_day` to `last_day` (both counted), explained."""

    principal: Decimal
    first_day: date
    last_day: date
    periods: tuple[InterestPeriod, ...]
    capitalisations: tuple[Capitalisation, ...]
    total: Decimal
    rule: str
    table_title: str
    table_version: str
    notes: tuple[str, ...] = ()

    @property
    def uses_unconfirmed_rate(self) -> bool:
        return any(period.unconfirmed for period in self.periods)


def anniversary(first_day: date, years: int) -> date:
    """The day a new interest year starts: the same date `years` later, or
    1 March when the first day is 29 February and the year has none (the year
    then ends on 28 February, as a civil term in years ends at month end)."""
    try:
        return first_day.replace(year=first_day.year + years)
    except ValueError:
        return date(first_day.year + years, 3, 1)


def _year_periods(
    table: RateTable, first: date, last: date, principal: Decimal
) -> tuple[InterestPeriod, ...]:
    """One interest year's periods, split at every rate change (actual/365)."""
    periods = []
    for start, end, row in table.segments(first, last):
        days = (end - start).days + 1
        interest = principal * row.rate * days / Decimal(36500)
        periods.append(
            InterestPeriod(start, end, days, row.rate, principal, interest, row.unconfirmed)
        )
    return tuple(periods)


def _interest_years(
    principal: Decimal, first_day: date, last_day: date, table: RateTable, compounding: bool
) -> tuple[tuple[InterestPeriod, ...], tuple[Capitalisation, ...], Decimal]:
    """Walk the span year by year; return its periods, capitalisations and total."""
    periods: list[InterestPeriod] = []
    capitalisations: list[Capitalisation] = []
    base, banked, running = principal, Decimal(0), Decimal(0)
    year, start = 1, first_day
    while start <= last_day:
        next_year = anniversary(first_day, year) if compounding else last_day + ONE_DAY
        end = min(last_day, next_year - ONE_DAY)
        year_periods = _year_periods(table, start, end, base)
        periods.extend(year_periods)
        running = sum((p.interest for p in year_periods), Decimal(0))
        if end < last_day:
            added = round_cents(running)
            base, banked, running = base + added, banked + added, Decimal(0)
            capitalisations.append(Capitalisation(next_year, added, base))
        year, start = year + 1, next_year
    return tuple(periods), tuple(capitalisations), round_cents(banked + running)


def compound_interest(
    principal: Decimal,
    first_day: date,
    last_day: date,
    *,
    table: RateTable,
    rule: str,
    notes: tuple[str, ...] = (),
    yearly_compounding: bool = True,
) -> InterestResult:
    """Interest after Tijdig's conventions (LEGAL.md): actual days / 365 also in
    leap years, first and last day counted, split at each rate change and each
    yearly anniversary of `first_day`; after each full year the year's interest,
    rounded half-up to cents, is added to the principal (6:119 lid 2, 6:119a
    lid 3); the final total is rounded half-up to cents, never a single period.
    Without `yearly_compounding` the whole span is one year: simple interest."""
    check_principal(principal, allow_zero=True)
    if last_day < first_day:
        raise InvalidValue("to", Refusal.BEFORE, day=last_day, first=first_day)
    periods, capitalisations, total = _interest_years(
        principal, first_day, last_day, table, yearly_compounding
    )
    if any(period.unconfirmed for period in periods):
        notes = (*notes, UNCONFIRMED_NOTE)
    return InterestResult(
        principal, first_day, last_day, periods, capitalisations, total,
        rule, table.title, table.version, notes,
    )  # fmt: skip


def round_cents(amount: Decimal) -> Decimal:
    return round_half_up(amount, 2)
