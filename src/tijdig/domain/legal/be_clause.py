"""A Belgian consumer contract's clause on damages and interest (Book XIX WER).

Book XIX lets a creditor claim damages and interest from a consumer only when the
contract provides them, and within caps: interest at most the Late Payment Act rate,
damages at most EUR 20 for a balance up to EUR 150, EUR 30 + 10 % of the part between
150.01 and 500, EUR 65 + 5 % of the part above 500, and EUR 2,000 in all. A clause
above the caps is void (LEGAL.md). So:

- `DamagesClause` is the clause as agreed: where it is (`reference`, cited in the
  letters), its words, its yearly interest rate (or none), and its damages: a
  percentage of the balance with a minimum and an optional maximum, or exactly the
  Book XIX maximum (`legal_scale`).
- `check_clause` refuses a clause above the caps, naming the cap it would exceed:
  it cannot be saved. The refusal carries a code and the cap's figures, for a page to
  word it in the reader's language.
- `clause_damages` and `clause_interest` compute what the clause agreed on a balance,
  never more than the caps (interest: per half-year, the lower of the agreed rate and
  the Late Payment Act rate then in force).

Without a valid clause nothing is announced or claimed from a Belgian consumer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal.be import (
    CONSUMER_RULE,
    INTEREST_RULE,
    NO_COMPOUNDING_NOTE,
    consumer_damages,
    damages_scale,
)
from tijdig.domain.legal.rates import (
    BE_LATE_PAYMENT,
    CostBand,
    CostsResult,
    InterestResult,
    RateTable,
    compound_interest,
    percent_of,
    rate_table,
    round_cents,
)
from tijdig.domain.money import Money
from tijdig.domain.refusals import Refusal

CENT = Decimal("0.01")
RATES = ("interest_rate", "damages_percent")  # percent
AMOUNTS = ("damages_minimum", "damages_maximum")  # EUR
MAX_REFERENCE = 200  # characters
RATE_PLACES = 4  # decimals of a rate or percentage that can be stored
MAX_AMOUNT = Decimal(10) ** 9  # EUR; far above any cap, within what can be stored
CLAUSE_NOTE = "Consumer: what the contract's clause agreed, never more than the Book XIX caps."


@dataclass(frozen=True, slots=True)
class DamagesClause:
    """The damages and interest a consumer's contract agreed (see the module)."""

    reference: str  # e.g. "artikel 7 van onze algemene voorwaarden"
    text: str  # the clause's words
    interest_rate: Decimal | None = None  # percent per year; None: no interest agreed
    damages_percent: Decimal = Decimal(0)  # of the balance
    damages_minimum: Decimal = Decimal(0)
    damages_maximum: Decimal | None = None
    legal_scale: bool = False  # the damages are exactly the Book XIX maximum

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise InvalidValue("reference", Refusal.CLAUSE_NO_REFERENCE)
        if not self.text.strip():
            raise InvalidValue("text", Refusal.CLAUSE_NO_TEXT)
        for name in RATES:
            _check_figure(name, getattr(self, name), places=None)
        for name in AMOUNTS:
            _check_figure(name, getattr(self, name), places=2)

    @property
    def agrees_damages(self) -> bool:
        return self.legal_scale or self.damages_percent > 0 or self.damages_minimum > 0

    def agreed_damages(self, balance: Decimal) -> Decimal:
        """What the clause's words give on `balance`, before any cap."""
        if self.legal_scale:
            return consumer_damages(balance).total
        amount = max(percent_of(balance, self.damages_percent), self.damages_minimum)
        if self.damages_maximum is not None:
            amount = min(amount, self.damages_maximum)
        return round_cents(amount)


def _check_figure(name: str, value: Decimal | None, *, places: int | None) -> None:
    """A figure is a number, not negative, and has at most `places` decimals (amounts:
    cents, as they are kept; 20.005 would be rounded, and "2.000" is more likely two
    thousand than two)."""
    if value is None:
        return
    if not value.is_finite():
        raise InvalidValue(name, Refusal.CLAUSE_NOT_A_NUMBER, value=str(value))
    if value < 0:
        raise InvalidValue(name, Refusal.CLAUSE_NEGATIVE, value=value)
    exponent = value.as_tuple().exponent
    if places is not None and isinstance(exponent, int) and exponent < -places:
        if places == 2:
            raise InvalidValue(name, Refusal.CLAUSE_CENTS, value=value)
        raise InvalidValue(name, Refusal.CLAUSE_DECIMALS, value=value, places=places)


def _check_storable(clause: DamagesClause) -> None:
    """What a stored clause holds: a reference of at most 200 characters, rates to four
    decimals, amounts under a billion (checked when a clause is saved, so that one
    stored before still reads)."""
    if len(clause.reference) > MAX_REFERENCE:
        raise InvalidValue("reference", Refusal.AT_MOST_CHARACTERS, length=MAX_REFERENCE)
    for name in RATES:
        _check_figure(name, getattr(clause, name), places=RATE_PLACES)
    for name in AMOUNTS:
        value = getattr(clause, name)
        if value is not None and value >= MAX_AMOUNT:
            raise InvalidValue(name, Refusal.CLAUSE_TOO_LARGE, value=value)


def damages_cap(balance: Decimal) -> Decimal:
    """The Book XIX maximum on a balance (LEGAL.md's caps)."""
    return consumer_damages(balance).total


def _critical_balances(clause: DamagesClause) -> list[Decimal]:
    """Balances at which a clause's excess over the caps is largest: both sides are
    straight lines between their bends, so checking each bend and the cent after it
    finds any excess."""
    bends = {Decimal(150), Decimal(500), Decimal(39200), Decimal(10) ** 9}
    if clause.damages_percent > 0:
        bends.add(clause.damages_minimum * 100 / clause.damages_percent)
        if clause.damages_maximum is not None:
            bends.add(clause.damages_maximum * 100 / clause.damages_percent)
    points = {CENT}
    for bend in bends:
        cents = bend.quantize(CENT)
        points |= {cents, cents + CENT}
    return sorted(p for p in points if p > 0)


def _band(balance: Decimal) -> str:
    """Which part of the scale caps the damages on `balance`: `in_all` (the overall
    maximum), `up_to_150`, `150_to_500` or `above_500`."""
    if damages_cap(balance) >= damages_scale().consumer_maximum:
        return "in_all"
    if balance <= 150:
        return "up_to_150"
    return "150_to_500" if balance <= 500 else "above_500"


def check_clause(clause: DamagesClause, *, on: date) -> DamagesClause:
    """The clause, or `InvalidValue` naming the cap it exceeds (a clause above the caps
    is void: it cannot be saved) or the figure that cannot be kept. The error's code and
    params carry the cap's figures."""
    _check_storable(clause)
    if clause.interest_rate is not None:
        row = rate_table(BE_LATE_PAYMENT).row_on(on)
        if clause.interest_rate > row.rate:
            raise InvalidValue("interest_rate", Refusal.CLAUSE_INTEREST_ABOVE_CAP,
                               rate=clause.interest_rate, cap=row.rate, since=row.start,
                               rule=CONSUMER_RULE)  # fmt: skip
    if clause.legal_scale:
        return clause
    balance = _first_excess(clause)
    if balance is not None:
        agreed, cap, band = clause.agreed_damages(balance), damages_cap(balance), _band(balance)
        field = "damages_minimum" if agreed == clause.damages_minimum else "damages_percent"
        raise InvalidValue(field, Refusal.CLAUSE_DAMAGES_ABOVE_CAP, balance=Money("EUR", balance),
                           agreed=Money("EUR", agreed), cap=Money("EUR", cap), band=band,
                           rule=CONSUMER_RULE)  # fmt: skip
    return clause


def _exceeds(clause: DamagesClause, balance: Decimal) -> bool:
    return clause.agreed_damages(balance) > damages_cap(balance)


def _first_excess(clause: DamagesClause) -> Decimal | None:
    """The lowest balance (in cents) on which the clause gives more than the cap."""
    ok = Decimal(0)
    for point in _critical_balances(clause):
        if not _exceeds(clause, point):
            ok = point
            continue
        low, high = ok, point  # between two bends the excess starts once: bisect
        while high - low > CENT:
            middle = ((low + high) / 2).quantize(CENT)
            low, high = (low, middle) if _exceeds(clause, middle) else (middle, high)
        return high
    return None


def clause_damages(balance: Decimal, clause: DamagesClause) -> CostsResult:
    """The damages the clause agreed on `balance`, never above the Book XIX cap."""
    capped = consumer_damages(balance)
    agreed = clause.agreed_damages(balance)
    total = min(agreed, capped.total)
    line = CostBand(clause.reference, clause.damages_percent, balance, total,
                    clause.damages_minimum)  # fmt: skip
    return replace(
        capped, bands=(line,), scale_amount=agreed, limited=total, total=total,
        cap_applied=agreed > capped.total, notes=(CLAUSE_NOTE,),
    )  # fmt: skip


def capped_rates(rate: Decimal) -> RateTable:
    """The Late Payment Act table with every rate lowered to the agreed `rate`."""
    table = rate_table(BE_LATE_PAYMENT)
    rows = tuple(replace(row, rate=min(row.rate, rate)) for row in table.rows)
    return replace(table, rows=rows, title=f"{table.title}, at most {rate} % as agreed")


def clause_interest(
    principal: Decimal, first_day: date, last_day: date, clause: DamagesClause
) -> InterestResult:
    """Interest at the agreed rate, at most the Late Payment Act rate of each period;
    simple interest (old Civil Code art. 1154). Zero when the clause agreed none."""
    rate = clause.interest_rate if clause.interest_rate is not None else Decimal(0)
    return compound_interest(
        principal, first_day, last_day, table=capped_rates(rate), rule=INTEREST_RULE,
        notes=(CLAUSE_NOTE, NO_COMPOUNDING_NOTE), yearly_compounding=False,
    )  # fmt: skip
