"""A labelled generator of open items and bank lines with realistic noise, for the
matching quality test and `bench/matching.py` (which imports it by putting the project
root on `sys.path`). Test and benchmark data, not product code: it lives under tests/.

`world(seed, customers=, invoices=)` builds customers (some in groups under a parent,
most with a learned IBAN), open invoices (NL kenmerk, BE OGM or RF references as
`tijdig.domain.references` generates them; some with an early-payment discount, some
with costs and interest claimed) and earlier matched credits. `lines(world, seed, n)`
then writes bank lines, each with its true outcome (`Label`), in the mix of `MIX`.
Every open item is paid at most once, so the labels hold against the one snapshot.
The labels are written from what the generator did, never from what `match` says.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from tests.matching.noise import iban
from tests.matching.scenarios import AS_OF, SCENARIOS, Case, Label, Payers
from tijdig.adapters.demo.names import NL_PLACES, NL_SURNAMES, NL_TRADES
from tijdig.domain.invoices import EarlyPaymentDiscount
from tijdig.domain.references import KENMERK, OGM, RF
from tijdig.matching import Kind, MatchOutcome, OpenItem, PaidCredit
from tijdig.matching.model import Allocation

DISCOUNT = EarlyPaymentDiscount(Decimal(2), 10)
MIX: tuple[tuple[str, float], ...] = (
    ("clean_reference", 0.58), ("typo_reference", 0.10), ("invoice_number_text", 0.10),
    ("no_reference", 0.08), ("combined", 0.05), ("partial", 0.03), ("parent", 0.02),
    ("discount", 0.01), ("overpayment", 0.01), ("costs", 0.01), ("unknown", 0.01),
    ("debit", 0.005), ("direct_debit_return", 0.005),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Debtor:
    number: str
    name: str
    parent_number: str | None = None


@dataclass(frozen=True)
class World:
    customers: tuple[Debtor, ...]
    items: tuple[OpenItem, ...]
    ibans: tuple[tuple[str, str], ...]  # learned: (iban, customer number)
    paid: tuple[PaidCredit, ...]


def _name(rng: random.Random) -> str:
    trade = rng.choice(NL_TRADES).format(s=rng.choice(NL_SURNAMES), p="Van", n="Zwaan")
    return f"{trade} {rng.choice(NL_PLACES)[0]}" if rng.random() < 0.7 else trade


def _customers(rng: random.Random, count: int) -> tuple[Debtor, ...]:
    out: list[Debtor] = []
    for n in range(1, count + 1):
        parent = None
        if n > 20 and rng.random() < 0.05:
            parent = out[rng.randrange(0, 20)].number  # a few holdings own many
        out.append(Debtor(f"C{n:06d}", _name(rng), parent))
    return tuple(out)


def _reference(rng: random.Random, seq: int) -> str:
    roll = rng.random()
    if roll < 0.6:
        return KENMERK.generate(seq)
    return OGM.generate(seq) if roll < 0.85 else RF.generate(seq)


def _amount(rng: random.Random) -> Decimal:
    return Decimal(round(10 ** rng.uniform(1.3, 4.3), 2)).quantize(Decimal("0.01"))


def _item(rng: random.Random, seq: int, customer: str) -> OpenItem:
    issue = AS_OF - timedelta(days=rng.randint(0, 150))
    due = issue + timedelta(days=30)
    discount = DISCOUNT if rng.random() < 0.1 else None
    costs = interest = Decimal(0)
    if due < AS_OF and rng.random() < 0.05:
        costs, interest = Decimal(40), _amount(rng) / 50
        interest = interest.quantize(Decimal("0.01"))
    return OpenItem(f"{issue.year}-{seq:06d}", customer, "EUR", _amount(rng), issue, due,
                    _reference(rng, seq), discount, costs, interest)  # fmt: skip


def world(seed: int, *, customers: int, invoices: int) -> World:
    rng = random.Random(seed)
    debtors = _customers(rng, customers)
    weights = [rng.paretovariate(2.0) for _ in debtors]
    owners = rng.choices([d.number for d in debtors], weights=weights, k=invoices)
    items = tuple(_item(rng, seq, owner) for seq, owner in enumerate(owners, start=1))
    ibans = tuple((iban(rng), d.number) for d in debtors if rng.random() < 0.85)
    paid = tuple(_paid(rng, n, d.number) for n, d in enumerate(debtors[: customers // 10]))
    return World(debtors, items, ibans, paid)


def _paid(rng: random.Random, n: int, customer: str) -> PaidCredit:
    amount = _amount(rng)
    allocation = Allocation(f"2024-9{n:05d}", amount, to_principal=amount)
    return PaidCredit(customer, amount, AS_OF - timedelta(days=rng.randint(1, 20)),
                      (allocation,), end_to_end_id=f"DD-{n:08d}")  # fmt: skip


def lines(w: World, seed: int, count: int) -> Iterator[Case]:
    """`count` labelled bank lines, in the proportions of `MIX`."""
    rng = random.Random(seed)
    payers = _payers(w, rng)
    names, shares = zip(*MIX, strict=True)
    made = 0
    while made < count:
        case = SCENARIOS[rng.choices(names, weights=shares)[0]](payers, rng)
        if case is not None:
            made += 1
            yield case


def _payers(w: World, rng: random.Random) -> Payers:
    open_: defaultdict[str, list[OpenItem]] = defaultdict(list)
    for item in w.items:
        open_[item.customer_number].append(item)
    names = {d.number: d.name for d in w.customers}
    parents = {d.number: d.parent_number for d in w.customers if d.parent_number}
    order = [i.customer_number for i in w.items]
    rng.shuffle(order)
    ibans = {number: account for account, number in w.ibans}
    children = [c for c in parents if c in open_]
    return Payers(names, parents, ibans, open_, order, list(w.paid), children)


def is_correct(decision: MatchOutcome, label: Label) -> bool:
    """The decision books what the label says: same customer, invoices, amounts,
    discounts and overpayment (for REOPEN: the same invoices)."""
    if decision.kind is not label.kind:
        return False
    if label.kind in {Kind.REVIEW, Kind.IGNORE}:
        return True
    if label.kind is Kind.REOPEN:
        return {a.invoice_number for a in decision.allocations} == {a[0] for a in label.allocations}
    booked = frozenset((a.invoice_number, a.amount, a.discount_taken) for a in decision.allocations)
    return (
        decision.customer_number == label.customer_number
        and booked == label.allocations
        and decision.overpayment == label.overpayment
    )
