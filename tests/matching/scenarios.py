"""The kinds of bank line `labelled.lines` writes, one builder each, with their labels."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tests.matching.noise import GENERIC, iban, loosely, spelled, typed, with_typo
from tijdig.domain.banking import BankTransaction
from tijdig.matching import Kind, OpenItem, PaidCredit

AS_OF = date(2025, 3, 31)
Booked = frozenset[tuple[str, Decimal, Decimal]]  # invoice, amount, discount taken


@dataclass(frozen=True, slots=True)
class Label:
    scenario: str
    kind: Kind
    customer_number: str | None = None
    allocations: Booked = frozenset()
    overpayment: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Case:
    tx: BankTransaction
    label: Label


@dataclass
class Payers:
    """Who pays what: the unused open items per customer, learned IBANs and names."""

    names: dict[str, str]
    parents: dict[str, str]
    ibans: dict[str, str]
    open: dict[str, list[OpenItem]]
    order: list[str]
    paid: list[PaidCredit]
    children: list[str] = field(default_factory=list)

    def customer(self, rng: random.Random, *, at_least: int = 1) -> str | None:
        for _ in range(20):
            number = self.order[rng.randrange(len(self.order))]
            if len(self.open[number]) >= at_least:
                return number
        return None

    def take(self, customer: str, rng: random.Random, k: int = 1) -> list[OpenItem]:
        pool = self.open[customer]
        return [pool.pop(rng.randrange(len(pool))) for _ in range(k)]

    def account(self, customer: str, rng: random.Random) -> tuple[str, str]:
        """(IBAN, name) on the line: mostly the learned account, the name as people write it."""
        learned = self.ibans.get(customer)
        account = learned if learned and rng.random() < 0.9 else iban(rng)
        return account, spelled(self.names[customer], rng)


def credit(
    p: Payers,
    rng: random.Random,
    payer: str,
    amount: Decimal,
    *,
    ref: str | None = None,
    text: str = "",
) -> BankTransaction:
    account, name = p.account(payer, rng)
    return BankTransaction(AS_OF, amount, "EUR", counterparty_name=name,
                           counterparty_iban=account, structured_reference=ref,
                           remittance=text)  # fmt: skip


def booked(items: Sequence[OpenItem], amounts: Sequence[Decimal] | None = None) -> Booked:
    paid = amounts or [i.claimed for i in items]
    return frozenset((i.invoice_number, a, Decimal(0)) for i, a in zip(items, paid, strict=True))


def _one(p: Payers, rng: random.Random) -> OpenItem | None:
    customer = p.customer(rng)
    return p.take(customer, rng)[0] if customer else None


Builder = Callable[[Payers, random.Random], Case | None]


def _matched(scenario: str, tx: BankTransaction, customer: str, books: Booked,
             over: Decimal = Decimal(0)) -> Case:  # fmt: skip
    return Case(tx, Label(scenario, Kind.MATCHED, customer, books, over))


def _said(
    item: OpenItem, rng: random.Random, *, reference: float, number: float
) -> tuple[str | None, str]:
    """(structured reference, free text) naming the item: its reference, its number or nothing."""
    roll = rng.random()
    ref = item.payment_reference or ""
    if roll < reference:
        return (ref, "") if rng.random() < 0.7 else (None, typed(ref, rng))
    if roll < reference + number:
        return None, loosely(item.invoice_number, rng)
    return None, rng.choice(GENERIC)


def clean_reference(p: Payers, rng: random.Random) -> Case | None:
    item = _one(p, rng)
    if item is None:
        return None
    ref, text = _said(item, rng, reference=1.0, number=0.0)
    tx = credit(p, rng, item.customer_number, item.claimed, ref=ref, text=text)
    return _matched("clean_reference", tx, item.customer_number, booked([item]))


def typo_reference(p: Payers, rng: random.Random) -> Case | None:
    item = _one(p, rng)
    if item is None or item.payment_reference is None:
        return None
    text = f"{typed(with_typo(item.payment_reference, rng), rng)} {rng.choice(GENERIC)}"
    tx = credit(p, rng, item.customer_number, item.claimed, text=text)
    return _matched("typo_reference", tx, item.customer_number, booked([item]))


def invoice_number_text(p: Payers, rng: random.Random) -> Case | None:
    item = _one(p, rng)
    if item is None:
        return None
    ref, text = _said(item, rng, reference=0.0, number=1.0)
    tx = credit(p, rng, item.customer_number, item.claimed, ref=ref, text=text)
    return _matched("invoice_number_text", tx, item.customer_number, booked([item]))


def no_reference(p: Payers, rng: random.Random) -> Case | None:
    item = _one(p, rng)
    if item is None:
        return None
    tx = credit(p, rng, item.customer_number, item.claimed, text=rng.choice(GENERIC))
    return _matched("no_reference", tx, item.customer_number, booked([item]))


def combined(p: Payers, rng: random.Random) -> Case | None:
    k = rng.randint(2, 4)
    customer = p.customer(rng, at_least=k)
    if customer is None:
        return None
    items = p.take(customer, rng, k)
    roll = rng.random()
    if roll < 0.5:
        text = "fact " + ", ".join(loosely(i.invoice_number, rng) for i in items)
    elif roll < 0.7:
        text = " ".join(typed(i.payment_reference or "", rng) for i in items)
    else:
        text = rng.choice(GENERIC)
    tx = credit(p, rng, customer, sum((i.claimed for i in items), Decimal(0)), text=text)
    return _matched("combined", tx, customer, booked(items))


def partial(p: Payers, rng: random.Random) -> Case | None:
    item = _one(p, rng)
    if item is None:
        return None
    amount = (item.claimed * Decimal(rng.uniform(0.2, 0.9))).quantize(Decimal("0.01"))
    ref, text = _said(item, rng, reference=0.7, number=0.3)
    tx = credit(p, rng, item.customer_number, amount, ref=ref, text=text)
    return _matched("partial", tx, item.customer_number, booked([item], [amount]))


def parent(p: Payers, rng: random.Random) -> Case | None:
    child = rng.choice(p.children) if p.children else None
    if child is None or not p.open[child]:
        return None
    item = p.take(child, rng)[0]
    ref, text = _said(item, rng, reference=0.6, number=0.2)
    tx = credit(p, rng, p.parents[child], item.claimed, ref=ref, text=text)
    return _matched("parent", tx, child, booked([item]))


def discount(p: Payers, rng: random.Random) -> Case | None:
    for _ in range(50):
        item = _one(p, rng)
        if item is None:
            return None
        amount = item.discounted(AS_OF)
        if amount is None:
            p.open[item.customer_number].append(item)
            continue
        ref, text = _said(item, rng, reference=0.7, number=0.0)
        tx = credit(p, rng, item.customer_number, amount, ref=ref, text=text)
        books = frozenset({(item.invoice_number, amount, item.outstanding - amount)})
        return _matched("discount", tx, item.customer_number, books)
    return None


def overpayment(p: Payers, rng: random.Random) -> Case | None:
    item = _one(p, rng)
    if item is None:
        return None
    extra = Decimal(rng.randint(1, 2500)) / 100
    ref, text = _said(item, rng, reference=1.0, number=0.0)
    tx = credit(p, rng, item.customer_number, item.claimed + extra, ref=ref, text=text)
    return _matched("overpayment", tx, item.customer_number, booked([item]), extra)


def costs(p: Payers, rng: random.Random) -> Case | None:
    for _ in range(200):
        item = _one(p, rng)
        if item is None or not item.costs:
            if item is not None:
                p.open[item.customer_number].append(item)
            continue
        amount = item.claimed if rng.random() < 0.6 else item.outstanding
        ref, text = _said(item, rng, reference=0.8, number=0.2)
        tx = credit(p, rng, item.customer_number, amount, ref=ref, text=text)
        return _matched("costs", tx, item.customer_number, booked([item], [amount]))
    return None


def unknown(p: Payers, rng: random.Random) -> Case | None:
    amount = (Decimal(rng.randint(500, 500_000)) / 100).quantize(Decimal("0.01"))
    name = f"Onbekend {rng.randint(1, 99999)}"
    tx = BankTransaction(AS_OF, amount, "EUR", counterparty_name=name,
                         counterparty_iban=iban(rng), remittance=rng.choice(GENERIC))  # fmt: skip
    return Case(tx, Label("unknown", Kind.REVIEW))


def debit(p: Payers, rng: random.Random) -> Case | None:
    amount = -(Decimal(rng.randint(500, 500_000)) / 100)
    tx = BankTransaction(AS_OF, amount, "EUR", counterparty_name="Verhuur Vastgoed B.V.",
                         counterparty_iban=iban(rng), remittance="Huur")  # fmt: skip
    return Case(tx, Label("debit", Kind.IGNORE))


def direct_debit_return(p: Payers, rng: random.Random) -> Case | None:
    if not p.paid:
        return None
    original = p.paid.pop(rng.randrange(len(p.paid)))
    account, name = p.account(original.customer_number, rng)
    tx = BankTransaction(AS_OF, -original.amount, "EUR", counterparty_name=name,
                         counterparty_iban=account, end_to_end_id=original.end_to_end_id,
                         return_reason=rng.choice(("MD06", "AC04", "AM04")))  # fmt: skip
    books = frozenset((a.invoice_number, a.amount, a.discount_taken) for a in original.allocations)
    return Case(tx, Label("direct_debit_return", Kind.REOPEN, original.customer_number, books))


SCENARIOS: dict[str, Builder] = {
    f.__name__: f
    for f in (
        clean_reference,
        typo_reference,
        invoice_number_text,
        no_reference,
        combined,
        partial,
        parent,
        discount,
        overpayment,
        costs,
        unknown,
        debit,
        direct_debit_return,
    )
}
