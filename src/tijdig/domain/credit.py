"""A customer's credit position: the limit, the hold, and what is still available; and
its credit status by the company's rules (S4-7): `ok` or `hold`, with the reasons.

The limit is kept in euros: only the open EUR amount (invoices less open credit notes) is
set against it; amounts in other currencies are shown beside it, not converted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.errors import InvalidValue
from tijdig.domain.money import Money
from tijdig.domain.parties import Customer
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal

LIMIT_CURRENCY = "EUR"
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CreditPosition:
    limit: Decimal | None
    hold: bool
    available: Decimal | None  # the limit less the open EUR amount; None without a limit
    over_limit: bool


def credit_position(customer: Customer, open_by_currency: Mapping[str, Decimal]) -> CreditPosition:
    """Where the customer stands against its credit limit, given what it owes per currency."""
    limit = customer.credit_limit
    owed = open_by_currency.get(LIMIT_CURRENCY, Decimal(0))
    available = None if limit is None else limit - owed
    return CreditPosition(limit=limit, hold=customer.credit_hold, available=available,
                          over_limit=available is not None and available < 0)  # fmt: skip


# --- the status by rule (S4-7) ----------------------------------------------------------


class CreditState(StrEnum):
    """What another system is told: deliver (ok) or stop delivering (hold)."""

    OK = "ok"
    HOLD = "hold"


MAX_OVERDUE_DAYS = 3650
MAX_OVERDUE_AMOUNT = Decimal("1000000000")  # a threshold beyond any real one


@dataclass(frozen=True, slots=True)
class CreditRules:
    """A company's rules for putting a customer on hold; each rule is off or on.

    The defaults hold only where the company already decided: a customer over the
    credit limit someone set for it, and a customer handed over to an agency or lawyer
    (a case out of our hands gets no new deliveries on credit). The thresholds of days
    and amount, and a broken payment plan (whose plan B is under way), are each
    company's own choice: off until an administrator sets them."""

    overdue_days: int | None = None  # hold when an invoice is more than N days overdue
    overdue_amount: Decimal | None = None  # hold when more than this (EUR) is overdue
    over_limit: bool = True
    broken_plan: bool = False
    handed_over: bool = True

    def __post_init__(self) -> None:
        if self.overdue_days is not None and not 0 <= self.overdue_days <= MAX_OVERDUE_DAYS:
            raise InvalidValue("overdue_days", Refusal.BETWEEN, low=0, high=MAX_OVERDUE_DAYS)
        amount = self.overdue_amount
        if amount is not None and amount < 0:
            raise InvalidValue("overdue_amount", Refusal.NEGATIVE)
        if amount is not None and (amount > MAX_OVERDUE_AMOUNT or amount != amount.quantize(CENT)):
            raise InvalidValue("overdue_amount", Refusal.BETWEEN, low=0,
                               high=MAX_OVERDUE_AMOUNT)  # fmt: skip

    def describe(self) -> str:
        """The rules in one line, for the audit log."""
        days = "off" if self.overdue_days is None else f"> {self.overdue_days} d"
        amount = "off" if self.overdue_amount is None else f"> EUR {self.overdue_amount}"
        return (f"overdue days {days}; overdue amount {amount}; over limit "
                f"{_on(self.over_limit)}; broken plan {_on(self.broken_plan)}; handed over "
                f"{_on(self.handed_over)}")  # fmt: skip


def _on(flag: bool) -> str:
    return "on" if flag else "off"


@dataclass(frozen=True, slots=True)
class ManualHold:
    """A hold a person set by hand, with why, who and when."""

    reason: str
    by: str
    since: date


@dataclass(frozen=True, slots=True)
class CreditFacts:
    """What the rules look at for one customer, gathered in one place (one read)."""

    customer_number: str
    credit_limit: Decimal | None = None
    open_eur: Decimal = Decimal(0)  # invoices less open credit notes, in EUR
    overdue_eur: Decimal = Decimal(0)  # overdue, open credit notes set off first
    oldest_due: date | None = None  # the due date of the oldest overdue invoice (any currency)
    imported_hold: bool = False  # the hold of the customer file (the bookkeeping's own)
    manual: ManualHold | None = None
    broken_plan: str | None = None  # a broken plan whose invoices are still open
    broken_on: date | None = None
    handed_over_on: date | None = None  # the day its case still with the agency opened
    handed_over_case: str | None = None  # that case's reference (HO000001)


@dataclass(frozen=True, slots=True)
class CreditStatus:
    state: CreditState
    reasons: tuple[Reason, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """What a change is judged by: the state and which rules speak (their params,
        such as the days overdue, move every day and announce nothing)."""
        return tuple(r.code.value for r in self.reasons)


OK = CreditStatus(CreditState.OK)


def _eur(amount: Decimal) -> Money:
    return Money(LIMIT_CURRENCY, amount.quantize(CENT))


def _rule_reasons(facts: CreditFacts, rules: CreditRules, as_of: date) -> list[Reason]:
    found: list[Reason] = []
    if rules.overdue_days is not None and facts.oldest_due is not None:
        days = (as_of - facts.oldest_due).days
        if days > rules.overdue_days:
            found.append(reason(Code.CREDIT_OVERDUE_DAYS, days=days, due=facts.oldest_due,
                                limit=rules.overdue_days))  # fmt: skip
    if rules.overdue_amount is not None and facts.overdue_eur > rules.overdue_amount:
        found.append(reason(Code.CREDIT_OVERDUE_AMOUNT, overdue=_eur(facts.overdue_eur),
                            limit=_eur(rules.overdue_amount)))  # fmt: skip
    limit = facts.credit_limit
    if rules.over_limit and limit is not None and facts.open_eur > limit:
        found.append(reason(Code.CREDIT_OVER_LIMIT, open=_eur(facts.open_eur), limit=_eur(limit)))
    if rules.broken_plan and facts.broken_plan is not None and facts.broken_on is not None:
        found.append(reason(Code.CREDIT_PLAN_BROKEN, plan=facts.broken_plan, on=facts.broken_on))
    if rules.handed_over and facts.handed_over_on is not None:
        found.append(reason(Code.CREDIT_HANDED_OVER, on=facts.handed_over_on,
                            case=facts.handed_over_case or ""))  # fmt: skip
    return found


def credit_status(facts: CreditFacts, rules: CreditRules, as_of: date) -> CreditStatus:
    """`hold` with every reason that holds the customer on `as_of`, else `ok`: a hold by
    hand and the customer file's own hold first, then the company's rules in order."""
    found: list[Reason] = []
    if facts.manual is not None:
        m = facts.manual
        found.append(reason(Code.CREDIT_HOLD_MANUAL, by=m.by, since=m.since, why=m.reason))
    if facts.imported_hold:
        found.append(reason(Code.CREDIT_HOLD_IMPORTED))
    found.extend(_rule_reasons(facts, rules, as_of))
    return CreditStatus(CreditState.HOLD, tuple(found)) if found else OK
