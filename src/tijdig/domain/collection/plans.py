"""Payment plans (S0-5, S1-2, S3-10): chosen invoices paid in plan instalments.

A plan covers chosen invoices of one customer, with the costs and interest already
claimed on them, and splits that total into plan instalments with their days (an
optional deposit first). A plan's parts are *plan instalments* (`PlanInstalment`),
never to be confused with an invoice's own instalments (`Instalment`, `termijn_N`).

Its life (`PlanStatus`; `check_transition` refuses any other move):

    proposed ─┬─ offered ─┬─ in_force ─┬─ kept
    (outside  │ (to the   │ (accepted  ├─ broken     (an instalment missed)
    the       │ customer) │ in writing)└─ cancelled
    limits)   └─ cancelled└─ cancelled
    └─ cancelled

A plan within the company's `PlanLimits` is offered at once; one outside them is
proposed, and waits for a person's approval (`limit_reasons` says why). It is in force
only once the customer accepted it in writing; while in force the engine holds the
covered invoices and nothing else.

What a plan adds: nothing of its own. No plan fee (Dutch costs are all-in); costs and
interest only as far as already owed (`owed_claims`, by the law of the claim); and a
missed plan instalment is not an invoice, so the engine claims no costs (nor a business
customer's €40) on it: the plan's total is fixed when it is made.

Not built: the reduced costs for later missed small instalments (the Dutch "instalment
stacking" rule of 1-10-2024); LEGAL.md marks its wording unconfirmed.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.money import Money, minor_units
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.references import plan_reference_for
from tijdig.domain.refusals import Refusal


class PlanStatus(StrEnum):
    PROPOSED = "proposed"  # outside the company's limits: waits for a person's approval
    OFFERED = "offered"  # to the customer, not yet accepted
    IN_FORCE = "in_force"  # accepted in writing: holds the covered invoices
    KEPT = "kept"  # every plan instalment paid
    BROKEN = "broken"  # a plan instalment missed
    CANCELLED = "cancelled"


P = PlanStatus
# Each status and the statuses it may move to; a status not listed is final.
TRANSITIONS: Mapping[PlanStatus, frozenset[PlanStatus]] = {
    P.PROPOSED: frozenset({P.OFFERED, P.CANCELLED}),
    P.OFFERED: frozenset({P.IN_FORCE, P.CANCELLED}),
    P.IN_FORCE: frozenset({P.KEPT, P.BROKEN, P.CANCELLED}),
}


class IllegalPlanTransition(RuleViolation):
    """A plan cannot move from its status to the one asked for."""

    def __init__(self, current: PlanStatus, wanted: PlanStatus) -> None:
        super().__init__(f"a plan that is {current} cannot become {wanted}")
        self.current = current
        self.wanted = wanted


def check_transition(current: PlanStatus, wanted: PlanStatus) -> None:
    if wanted not in TRANSITIONS.get(current, frozenset()):
        raise IllegalPlanTransition(current, wanted)


class Frequency(StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"


@dataclass(frozen=True, slots=True)
class PlanInstalment:
    """One part of a plan: `number` 1.. in order, 0 for the deposit."""

    number: int
    due_on: date
    amount: Decimal

    @property
    def is_deposit(self) -> bool:
        return self.number == 0

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise InvalidValue("amount", Refusal.INSTALMENT_MORE_THAN_ZERO, number=self.number)


@dataclass(frozen=True, slots=True)
class PlanLimits:
    """A company's limits for plans offered without a person's approval."""

    max_instalments: int = 12
    min_instalment: Decimal = Decimal("25.00")
    max_months: int = 12  # from the day the plan is made to its last plan instalment
    deposit_required: bool = False

    def __post_init__(self) -> None:
        if self.max_instalments < 1:
            raise InvalidValue("max_instalments", Refusal.ONE_OR_MORE)
        if self.min_instalment < 0:
            raise InvalidValue("min_instalment", Refusal.NEGATIVE)
        if self.max_months < 1:
            raise InvalidValue("max_months", Refusal.ONE_OR_MORE)


@dataclass(frozen=True, slots=True)
class PaymentPlan:
    """A plan: the invoices it covers, what it totals, and its plan instalments.

    `payment_order` is the rule the plan states for how a payment is applied (the
    law's `PLAN_PAYMENT_ORDER`; "" where the law states none)."""

    customer_number: str
    reference: str  # a payment with it books to the plan
    invoice_numbers: tuple[str, ...]
    currency: str
    principal: Decimal
    costs: Decimal
    interest: Decimal
    instalments: tuple[PlanInstalment, ...]
    made_on: date
    status: PlanStatus = PlanStatus.PROPOSED
    payment_order: str = ""
    accepted_on: date | None = None
    ended_on: date | None = None

    def __post_init__(self) -> None:
        if not self.invoice_numbers:
            raise InvalidValue("invoices", Refusal.PLAN_NO_INVOICE)
        if len(set(self.invoice_numbers)) != len(self.invoice_numbers):
            raise InvalidValue("invoices", Refusal.INVOICE_NAMED_TWICE)
        if not self.instalments:
            raise InvalidValue("instalments", Refusal.PLAN_NO_INSTALMENT)
        if sum((i.amount for i in self.instalments), Decimal(0)) != self.total:
            raise InvalidValue("instalments", Refusal.PLAN_INSTALMENTS_ADD_UP,
                               total=Money(self.currency, self.total))  # fmt: skip
        days = [i.due_on for i in self.instalments]
        if days != sorted(days) or days[0] < self.made_on:
            raise InvalidValue("instalments", Refusal.PLAN_INSTALMENTS_IN_ORDER)

    @property
    def total(self) -> Decimal:
        return self.principal + self.costs + self.interest

    @property
    def deposit(self) -> PlanInstalment | None:
        return next((i for i in self.instalments if i.is_deposit), None)

    @property
    def last_day(self) -> date:
        return self.instalments[-1].due_on

    def is_in_force(self, as_of: date) -> bool:
        return (
            self.status is PlanStatus.IN_FORCE
            and self.accepted_on is not None
            and self.accepted_on <= as_of
        )


class AcceptanceWay(StrEnum):
    PORTAL = "portal"  # ticked and confirmed in the debtor portal
    SIGNED_COPY = "signed_copy"  # a signed copy, kept as a file
    EMAIL_REPLY = "email_reply"  # the customer's e-mail reply, kept as a file


@dataclass(frozen=True, slots=True)
class WrittenAcceptance:
    """The evidence that the customer accepted a plan in writing: in the portal, the
    moment, the IP address and the text shown; otherwise the file kept."""

    way: AcceptanceWay
    accepted_at: datetime
    ip_address: str = ""
    shown_text: str = ""
    filename: str = ""
    mime_type: str = ""
    content: bytes | None = None

    def __post_init__(self) -> None:
        if self.way is AcceptanceWay.PORTAL:
            if not self.ip_address or not self.shown_text.strip():
                raise InvalidValue("acceptance", Refusal.PORTAL_ACCEPTANCE_KEPT)
        elif not self.content or not self.filename:
            raise InvalidValue("file", Refusal.ACCEPTANCE_KEPT_AS_FILE)


def plan_reference(plan_id: int, country: str) -> str:
    """The plan's payment reference by the law of the creditor's country (a kenmerk in
    NL, an OGM in BE, else RF), apart from every invoice's: `plan_reference_for`."""
    return plan_reference_for(country, plan_id)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day where it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _due_days(first: date, count: int, frequency: Frequency) -> list[date]:
    if frequency is Frequency.WEEKLY:
        return [date.fromordinal(first.toordinal() + 7 * k) for k in range(count)]
    return [add_months(first, k) for k in range(count)]


def build_schedule(
    total: Decimal,
    count: int,
    first: date,
    *,
    currency: str = "EUR",
    frequency: Frequency = Frequency.MONTHLY,
    deposit: Decimal | None = None,
    deposit_on: date | None = None,
) -> tuple[PlanInstalment, ...]:
    """`total` as an optional deposit (on `deposit_on`, else `first`) and `count` plan
    instalments from `first` on, equal to the minor unit, the remainder on the last."""
    if count < 1:
        raise InvalidValue("instalments", Refusal.ONE_OR_MORE)
    unit = Decimal(1).scaleb(-minor_units(currency))
    if total <= 0 or total != total.quantize(unit):
        raise InvalidValue(
            "total", Refusal.NOT_A_POSITIVE_AMOUNT_IN, value=total, currency=currency
        )
    parts: list[PlanInstalment] = []
    rest = total
    if deposit is not None:
        if not 0 < deposit < total or deposit != deposit.quantize(unit):
            raise InvalidValue("deposit", Refusal.DEPOSIT_BELOW_TOTAL, total=Money(currency, total))
        on = deposit_on or first
        if on > first:
            raise InvalidValue("deposit", Refusal.DEPOSIT_BEFORE_FIRST)
        parts.append(PlanInstalment(0, on, deposit))
        rest -= deposit
    each = (rest / count).quantize(unit, rounding=ROUND_DOWN)
    if each <= 0:
        raise InvalidValue("instalments", Refusal.TOO_MANY_INSTALMENTS, count=count,
                           rest=Money(currency, rest))  # fmt: skip
    days = _due_days(first, count, frequency)
    parts += [PlanInstalment(k + 1, day, each) for k, day in enumerate(days[:-1])]
    parts.append(PlanInstalment(count, days[-1], rest - each * (count - 1)))
    return tuple(parts)


def limit_reasons(plan: PaymentPlan, limits: PlanLimits) -> tuple[Reason, ...]:
    """Why `plan` falls outside the company's limits; empty: it may be offered at once."""
    found: list[Reason] = []
    parts = [i for i in plan.instalments if not i.is_deposit]
    if len(parts) > limits.max_instalments:
        found.append(reason(Code.PLAN_TOO_MANY_INSTALMENTS, count=len(parts),
                            most=limits.max_instalments))  # fmt: skip
    smallest = min((i.amount for i in parts), default=None)
    if smallest is not None and smallest < limits.min_instalment:
        found.append(reason(Code.PLAN_INSTALMENT_TOO_SMALL, amount=Money(plan.currency, smallest),
                            least=Money(plan.currency, limits.min_instalment)))  # fmt: skip
    latest = add_months(plan.made_on, limits.max_months)
    if plan.last_day > latest:
        found.append(reason(Code.PLAN_TOO_LONG, last=plan.last_day, latest=latest,
                            months=limits.max_months))  # fmt: skip
    if limits.deposit_required and plan.deposit is None:
        found.append(reason(Code.PLAN_DEPOSIT_REQUIRED))
    return tuple(found)


def initial_status(reasons: tuple[Reason, ...]) -> PlanStatus:
    """Offered at once within the limits; else proposed, for a person to approve."""
    return PlanStatus.PROPOSED if reasons else PlanStatus.OFFERED
