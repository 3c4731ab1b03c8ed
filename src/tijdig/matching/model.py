"""What matching reads (open items, earlier payments, the ledger index) and what it returns.

`Ledger.build` indexes one company's open items and customers once; `match` then reads
it for every bank line. The ledger is a snapshot: the service applies the decisions it
books (or rebuilds the ledger) before the next statement.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from itertools import islice
from typing import Protocol

from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import EarlyPaymentDiscount, Invoice
from tijdig.domain.reasons import Reason
from tijdig.domain.refusals import Refusal
from tijdig.matching.references import number_keys

ZERO = Decimal(0)
_LAST_DIGITS = re.compile(r"\d+(?=\D*$)")


class Kind(StrEnum):
    MATCHED = "matched"  # book automatically
    REVIEW = "review"  # a person decides, helped by the suggestions
    IGNORE = "ignore"  # nothing to settle (a debit, a pending entry)
    REOPEN = "reopen"  # a return or reversal: undo the allocations named


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An open invoice as matching sees it. `outstanding` is the open principal; costs
    and interest claimed on it (art. 6:96, 6:119 BW) come on top and are paid first."""

    invoice_number: str
    customer_number: str
    currency: str
    outstanding: Decimal
    issue_date: date
    due_date: date
    payment_reference: str | None = None  # compact
    discount: EarlyPaymentDiscount | None = None
    costs: Decimal = ZERO
    interest: Decimal = ZERO

    def __post_init__(self) -> None:
        if self.outstanding <= 0 or self.costs < 0 or self.interest < 0:
            raise InvalidValue("outstanding", Refusal.OPEN_ITEM_POSITIVE)

    @classmethod
    def from_invoice(
        cls, invoice: Invoice, *, costs: Decimal = ZERO, interest: Decimal = ZERO
    ) -> OpenItem:
        return cls(invoice.number, invoice.customer_number, invoice.currency,
                   invoice.outstanding, invoice.issue_date, invoice.due_date,
                   invoice.payment_reference, invoice.discount, costs, interest)  # fmt: skip

    @property
    def claimed(self) -> Decimal:
        """Everything owed on it: costs, interest and principal."""
        return self.costs + self.interest + self.outstanding

    def discounted(self, paid_on: date) -> Decimal | None:
        """The amount that settles it in full when paid on `paid_on` within the early-payment
        discount period (S1-4), rounded to the cent; None outside it or with costs claimed."""
        d = self.discount
        if d is None or self.costs or self.interest:
            return None
        if paid_on > self.issue_date + timedelta(days=d.days):
            return None
        return (self.outstanding * (100 - d.percentage) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class PlanInForce:
    """A payment plan in force as matching sees it: a payment target of its own.

    `reference` (compact) books a payment to it; so does one of its plan instalments'
    `amounts` paid from its customer's known account. What it pays goes to the open items
    of `invoice_numbers` (oldest due first): with `by_law`, to all their costs, then all
    their interest, then their principal (art. 6:44 BW, as the plan states); else as any
    payment (`allocation.oldest_first`). A plan that left out the costs or the interest
    claimed (`costs`, `interest` False: a consumer's before the term ran out) pays none."""

    reference: str
    customer_number: str
    currency: str
    amounts: tuple[Decimal, ...]
    invoice_numbers: tuple[str, ...]
    by_law: bool = False
    costs: bool = True
    interest: bool = True


@dataclass(frozen=True, slots=True)
class Allocation:
    """The part of a payment that goes to one invoice; `amount` is money received,
    split by art. 6:44 BW; `discount_taken` is written off on top of it (S1-4)."""

    invoice_number: str
    amount: Decimal
    to_costs: Decimal = ZERO
    to_interest: Decimal = ZERO
    to_principal: Decimal = ZERO
    discount_taken: Decimal = ZERO

    def __post_init__(self) -> None:
        if self.to_costs + self.to_interest + self.to_principal != self.amount:
            raise InvalidValue("allocation", Refusal.ALLOCATION_ADDS_UP)


@dataclass(frozen=True, slots=True)
class PaidCredit:
    """An earlier credit that matching booked, kept so a return or reversal can undo it."""

    customer_number: str
    amount: Decimal
    booking_date: date
    allocations: tuple[Allocation, ...]
    end_to_end_id: str | None = None
    bank_reference: str | None = None
    counterparty_iban: str | None = None
    payment_id: int | None = None  # the payment booked from it, which a return undoes


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One way to settle a bank line, with how sure matching is and why."""

    customer_number: str | None
    allocations: tuple[Allocation, ...]
    confidence: Decimal
    reasons: tuple[Reason, ...]  # one per rule that found it
    overpayment: Decimal = ZERO

    @property
    def key(self) -> tuple[str | None, frozenset[tuple[str, Decimal]], Decimal]:
        """What it books, so agreeing suggestions from different rules compare equal."""
        parts = frozenset((a.invoice_number, a.amount) for a in self.allocations)
        return self.customer_number, parts, self.overpayment


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    kind: Kind
    customer_number: str | None
    allocations: tuple[Allocation, ...]
    overpayment: Decimal  # kept as credit on the customer
    confidence: Decimal  # 0..1
    reasons: tuple[Reason, ...]
    suggestions: tuple[Suggestion, ...] = ()
    undoes: int | None = None  # REOPEN: the payment it takes back (off its plan, if any)


class CustomerLike(Protocol):
    """What the ledger needs of a customer; `tijdig.domain.parties.Customer` fits."""

    @property
    def number(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def parent_number(self) -> str | None: ...


_LEGAL_FORMS = re.compile(r"\b(BV|NV|VOF|CV|BVBA|SRL|SA|CVBA|COMMV|VZW|GMBH|LTD)\b")


def normalise_name(name: str) -> str:
    """Upper case, no accents, punctuation or legal form: "Jansen B.V." -> "JANSEN"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = plain.replace(".", "")  # B.V. -> BV
    words = re.sub(r"[^A-Z0-9]+", " ", plain.upper())
    return " ".join(_LEGAL_FORMS.sub(" ", words).split())


def normalise_iban(iban: str) -> str:
    return re.sub(r"\s", "", iban).upper()


@dataclass(frozen=True, slots=True)
class Ledger:
    """One company's open items and customers, indexed for matching."""

    by_reference: Mapping[str, OpenItem]
    by_invoice: Mapping[str, OpenItem]  # invoice number as written
    by_number: Mapping[str, Sequence[OpenItem]]  # number_keys -> items
    by_customer: Mapping[str, tuple[OpenItem, ...]]  # oldest due first
    by_amount: Mapping[Decimal, Sequence[OpenItem]]  # claimed, principal, discounted
    by_tail: Mapping[str, Sequence[OpenItem]]  # last digit run of the invoice number
    customer_by_iban: Mapping[str, str]
    customers_by_name: Mapping[str, tuple[str, ...]]
    names: Mapping[str, str]  # customer number -> name
    children: Mapping[str, tuple[str, ...]]
    parents: Mapping[str, str]
    paid_by_id: Mapping[str, PaidCredit] = field(default_factory=dict)
    paid_by_customer: Mapping[str, tuple[PaidCredit, ...]] = field(default_factory=dict)
    plans_by_reference: Mapping[str, PlanInForce] = field(default_factory=dict)
    plans_by_customer: Mapping[str, tuple[PlanInForce, ...]] = field(default_factory=dict)
    plan_by_invoice: Mapping[str, PlanInForce] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        items: Iterable[OpenItem],
        customers: Iterable[CustomerLike],
        *,
        ibans: Iterable[tuple[str, str]] = (),
        paid: Iterable[PaidCredit] = (),
        plans: Iterable[PlanInForce] = (),
    ) -> Ledger:
        """Index open items, customers, IBANs learned from earlier payments
        as (iban, customer number), recent matched credits (for returns) and the
        payment plans in force."""
        items = list(items)
        by_ref, by_number, by_customer = _index_items(items)
        by_invoice = {i.invoice_number: i for i in items}
        by_amount, by_tail = _index_amounts(items)
        names, by_name, children, parents = _index_customers(customers)
        learned = {normalise_iban(iban): number for iban, number in ibans}
        by_id, by_payer = _index_paid(paid)
        plans = list(plans)
        plan_refs = {p.reference: p for p in plans}
        plans_of: defaultdict[str, list[PlanInForce]] = defaultdict(list)
        for plan in plans:
            plans_of[plan.customer_number].append(plan)
        return cls(by_ref, by_invoice, by_number, by_customer, by_amount, by_tail, learned,
                   by_name, names, children, parents, by_id, by_payer, plan_refs,
                   {k: tuple(v) for k, v in plans_of.items()},
                   {n: p for p in plans for n in p.invoice_numbers})  # fmt: skip

    def group(self, customer_number: str) -> tuple[str, ...]:
        """The customer and the companies it pays for (its children)."""
        return (customer_number, *self.children.get(customer_number, ()))

    def open_items(
        self, customer_numbers: Iterable[str], currency: str, *, limit: int | None = None
    ) -> list[OpenItem]:
        """The customers' open items in `currency`, oldest due first (the first `limit`)."""
        lists = [self.by_customer.get(c, ()) for c in customer_numbers]
        merged = heapq.merge(*lists, key=_due)
        return list(islice((i for i in merged if i.currency == currency), limit))

    def with_amount(self, amount: Decimal, customers: Container[str]) -> list[OpenItem]:
        """The customers' open items that this amount may settle (check with `fits`)."""
        return [i for i in self.by_amount.get(amount, ()) if i.customer_number in customers]

    def with_tail(self, tail: str, customers: Container[str]) -> list[OpenItem]:
        return [i for i in self.by_tail.get(tail, ()) if i.customer_number in customers]

    def pays_for(self, payer: str, customer_number: str) -> bool:
        return payer == customer_number or self.parents.get(customer_number) == payer

    def plan_items(self, plan: PlanInForce) -> list[OpenItem]:
        """The open items the plan covers, oldest due first, with the costs and interest
        the plan includes."""
        found = (self.by_invoice.get(n) for n in plan.invoice_numbers)
        items = sorted((i for i in found if i is not None), key=_due)
        return [replace(i, costs=i.costs if plan.costs else ZERO,
                        interest=i.interest if plan.interest else ZERO) for i in items]  # fmt: skip

    def owner(self, invoice_number: str) -> str | None:
        item = self.by_invoice.get(invoice_number)
        return item.customer_number if item else None


def _index_items(
    items: Iterable[OpenItem],
) -> tuple[dict[str, OpenItem], dict[str, list[OpenItem]], dict[str, tuple[OpenItem, ...]]]:
    by_ref: dict[str, OpenItem] = {}
    by_number: defaultdict[str, list[OpenItem]] = defaultdict(list)
    by_customer: defaultdict[str, list[OpenItem]] = defaultdict(list)
    for item in items:
        if item.payment_reference:
            by_ref[item.payment_reference] = item
        for key in number_keys(item.invoice_number):
            by_number[key].append(item)
        by_customer[item.customer_number].append(item)
    customers = {c: tuple(sorted(v, key=_due)) for c, v in by_customer.items()}
    return by_ref, dict(by_number), customers


def _due(item: OpenItem) -> tuple[date, date, str]:
    return item.due_date, item.issue_date, item.invoice_number


def _index_amounts(
    items: Iterable[OpenItem],
) -> tuple[dict[Decimal, list[OpenItem]], dict[str, list[OpenItem]]]:
    by_amount: defaultdict[Decimal, list[OpenItem]] = defaultdict(list)
    by_tail: defaultdict[str, list[OpenItem]] = defaultdict(list)
    for item in items:
        # The amounts it can be paid with: open, open plus claims, the discounted amount.
        # Written out rather than as a set: this runs for every open item of a company.
        outstanding = item.outstanding
        by_amount[outstanding].append(item)
        if item.costs or item.interest:
            by_amount[item.claimed].append(item)
        if item.discount is not None:
            discounted = item.discounted(item.issue_date)
            if discounted is not None and discounted != outstanding:
                by_amount[discounted].append(item)
        digits = _LAST_DIGITS.search(item.invoice_number)
        if digits:
            by_tail[digits.group().lstrip("0") or "0"].append(item)
    return dict(by_amount), dict(by_tail)


def _index_customers(
    customers: Iterable[CustomerLike],
) -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, str]]:
    names: dict[str, str] = {}
    by_name: defaultdict[str, list[str]] = defaultdict(list)
    children: defaultdict[str, list[str]] = defaultdict(list)
    parents: dict[str, str] = {}
    for customer in customers:
        names[customer.number] = customer.name
        by_name[normalise_name(customer.name)].append(customer.number)
        if customer.parent_number:
            children[customer.parent_number].append(customer.number)
            parents[customer.number] = customer.parent_number
    return (names, {k: tuple(v) for k, v in by_name.items()},
            {k: tuple(v) for k, v in children.items()}, parents)  # fmt: skip


def _index_paid(
    paid: Iterable[PaidCredit],
) -> tuple[dict[str, PaidCredit], dict[str, tuple[PaidCredit, ...]]]:
    by_id: dict[str, PaidCredit] = {}
    by_payer: defaultdict[str, list[PaidCredit]] = defaultdict(list)
    for credit in paid:
        for key in (credit.end_to_end_id, credit.bank_reference):
            if key and key != "NOTPROVIDED":
                by_id[key] = credit
        by_payer[credit.customer_number].append(credit)
    return by_id, {k: tuple(v) for k, v in by_payer.items()}
