"""How a payment is spread: over one invoice (art. 6:44 BW) and over several (which
combination of open items adds up to the amount paid).

Art. 6:44 BW: a payment goes first to the costs, then to the interest due, then to the
principal. `split` does that per invoice; `settle` also honours the early-payment
discount (S1-4): paying exactly the discounted amount in time settles the invoice in
full, the difference written off as `discount_taken`.

`combinations` searches subsets of at most `MAX_ITEMS` open items (oldest due first),
each paid in full, or at its discounted amount, or for its principal only, for those that
add up to the amount to the cent. The search is depth-first with pruning and stops after
`BUDGET` steps, so its cost is bounded whatever the ledger holds.

A payment to a payment plan goes over the invoices it covers (`to_plan`): a plan under
Dutch law states art. 6:44 BW for the whole of them (`across`: all costs, then all
interest, then principal); a plan whose law states no order (Belgian: LEGAL.md names
no rule) is paid as any payment is (`oldest_first`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal
from tijdig.matching.model import ZERO, Allocation, OpenItem

MAX_ITEMS = 20
MAX_PARTS = 5  # invoices in one combination: more, and sums coincide by chance
BUDGET = 20_000  # search steps per bank line
CENT = Decimal("0.01")


def split(amount: Decimal, item: OpenItem) -> Allocation:
    """`amount` (at most what is claimed) to costs, then interest, then principal."""
    if not ZERO < amount <= item.claimed:
        raise InvalidValue("amount", Refusal.ALLOCATION_DOES_NOT_FIT, amount=amount,
                           claimed=item.claimed)  # fmt: skip
    to_costs = min(amount, item.costs)
    to_interest = min(amount - to_costs, item.interest)
    to_principal = amount - to_costs - to_interest
    return Allocation(item.invoice_number, amount, to_costs, to_interest, to_principal)


def settle(amount: Decimal, item: OpenItem, *, paid_on: date) -> Allocation:
    """`split`, except that the discounted amount paid in time settles the whole invoice."""
    if amount == item.discounted(paid_on) and amount != item.claimed:
        discount = item.outstanding - amount
        return Allocation(item.invoice_number, amount, to_principal=amount,
                          discount_taken=discount)  # fmt: skip
    return split(amount, item)


def fits(item: OpenItem, *, paid_on: date) -> tuple[Decimal, ...]:
    """The amounts that settle `item` as far as the payer meant to: everything claimed,
    the discounted amount in time, or the principal alone (the payer ignoring the costs
    and interest; art. 6:44 then still puts the money to costs first)."""
    amounts = [item.claimed]
    discounted = item.discounted(paid_on)
    if discounted is not None:
        amounts.append(discounted)
    if item.outstanding != item.claimed:
        amounts.append(item.outstanding)
    return tuple(dict.fromkeys(amounts))


def oldest_first(
    amount: Decimal, items: Sequence[OpenItem]
) -> tuple[tuple[Allocation, ...], Decimal]:
    """Spread `amount` over `items` in their order, each in full until it runs out;
    returns the allocations and what is left over (an overpayment)."""
    allocations: list[Allocation] = []
    left = amount
    for item in items:
        if left <= 0:
            break
        part = min(left, item.claimed)
        allocations.append(split(part, item))
        left -= part
    return tuple(allocations), left


def across(amount: Decimal, items: Sequence[OpenItem]) -> tuple[tuple[Allocation, ...], Decimal]:
    """Art. 6:44 BW over several invoices at once, as a payment plan under Dutch law
    states it: `amount` to the costs of all `items` (in their order), then to their
    interest, then to their principal; the allocations (in the items' order, only those
    paid something) and what is left over."""
    left = amount
    parts: list[list[Decimal]] = [[ZERO, ZERO, ZERO] for _ in items]
    for layer in range(3):
        for item, part in zip(items, parts, strict=True):
            owed = (item.costs, item.interest, item.outstanding)[layer]
            part[layer] = min(left, owed)
            left -= part[layer]
    allocations = tuple(
        Allocation(item.invoice_number, sum(part, ZERO), *part)
        for item, part in zip(items, parts, strict=True)
        if any(part)
    )
    return allocations, left


def to_plan(
    amount: Decimal, items: Sequence[OpenItem], *, by_law: bool
) -> tuple[tuple[Allocation, ...], Decimal]:
    """A payment to a plan spread over the items it covers: `across` for a plan stating
    art. 6:44 BW, else as any payment is spread (`oldest_first`: each invoice's costs,
    interest and principal before the next invoice)."""
    return across(amount, items) if by_law else oldest_first(amount, items)


@dataclass(slots=True)
class _Search:
    options: list[tuple[int, ...]]  # per item: the amounts (cents) that settle it
    suffix_max: list[int]  # the most the items from here on can add up to
    want: int
    parts: int
    positions: dict[int, list[int]]  # cents -> the items (in order) that it settles
    steps: int = 0
    found: list[tuple[tuple[int, int], ...]] = field(default_factory=list)

    def run(self, start: int, need: int, chosen: list[tuple[int, int]]) -> None:
        """Depth first from item `start`; `chosen` is the path so far (extended in place:
        this runs millions of times per import, so no tuple per step)."""
        options, suffix_max, found = self.options, self.suffix_max, self.found
        if len(chosen) + 1 == self.parts:
            self._last(start, need, chosen)
            return
        for index in range(start, len(options)):
            if len(found) >= self.want or self.steps >= BUDGET:
                return
            if suffix_max[index] < need:
                return
            deeper = len(chosen) + 1 < self.parts
            for cents in options[index]:
                self.steps += 1
                if cents == need:
                    found.append((*chosen, (index, cents)))
                # A call that would return at once (the items after this one cannot make
                # up the rest) is not made: the same search, far fewer calls.
                elif cents < need and deeper and suffix_max[index + 1] >= need - cents:
                    chosen.append((index, cents))
                    self.run(index + 1, need - cents, chosen)
                    chosen.pop()

    def _last(self, start: int, need: int, chosen: list[tuple[int, int]]) -> None:
        """The last part: the items that settle exactly `need`, looked up rather than
        tried one by one (most of the search happens at this depth). The steps count
        what the loop would have tried, so the budget means what it meant."""
        self.steps += len(self.options) - start
        if self.steps > BUDGET:
            return
        for index in self.positions.get(need, ()):
            if index >= start:
                if len(self.found) >= self.want:
                    return
                self.found.append((*chosen, (index, need)))


def combinations(
    amount: Decimal,
    items: Sequence[OpenItem],
    *,
    paid_on: date,
    want: int = 2,
    parts: int = MAX_PARTS,
) -> tuple[tuple[Allocation, ...], ...]:
    """Up to `want` sets of at most `parts` of the first `MAX_ITEMS` items that add up to
    `amount` exactly, those with the oldest items first. Two found means the amount alone
    is ambiguous."""
    pool = list(items[:MAX_ITEMS])
    options = [tuple(int(a / CENT) for a in fits(i, paid_on=paid_on)) for i in pool]
    suffix = [0] * (len(pool) + 1)
    for index in range(len(pool) - 1, -1, -1):
        suffix[index] = suffix[index + 1] + max(options[index])
    positions: dict[int, list[int]] = {}
    for index, choices in enumerate(options):
        for cents in choices:
            positions.setdefault(cents, []).append(index)
    search = _Search(options, suffix, want, parts, positions)
    search.run(0, int(amount / CENT), [])
    return tuple(
        tuple(settle(Decimal(c) * CENT, pool[i], paid_on=paid_on) for i, c in pick)
        for pick in search.found
    )


def total(allocations: Sequence[Allocation]) -> Decimal:
    return sum((a.amount for a in allocations), ZERO)
