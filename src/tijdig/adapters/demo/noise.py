"""The entries of the demo's bank statements, with the noise of a real bank file.

Most credits carry what the ledger chose for the payment (`Ledger._payment_reference`):
the betalingskenmerk as a structured reference (CAMT `Strd/CdtrRefInf` with SCOR), or
"Factuur 2026-000123" as free text, or nothing useful. On top of that, for a part:

- the kenmerk typed into the free text instead of the structured field, in groups;
- typos in a free-text invoice number (digits swapped, a zero or the dash dropped);
- two invoices of one customer paid in one transfer, both numbers in the free text;
- a customer of a group paid by its parent company (the parent's name and IBAN);
- the account holder's name as the bank has it (initials, capitals);
- bank costs (debits) that match no invoice.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from tijdig.domain.references import KENMERK

# booking day (ordinal), customer id, invoice id, amount (minor units),
# the ledger's payment reference, invoice number
Held = tuple[int, int, int, int, str | None, str]

COMBINE_SHARE = 0.12  # of a customer's held payments: two in one transfer
PARENT_SHARE = 0.5  # of the payments of a customer in a group: paid by the parent
TYPO_SHARE = 0.25  # of the free-text invoice numbers
LOOSE_KENMERK_SHARE = 0.1  # of the kenmerken: typed into the free text
FOREIGN_COSTS_SHARE = 0.08  # of the days: costs of a foreign payment besides
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip
VAGUE = ("", "Betaling", "Bestelling", "Zie factuur", "Termijn")


@dataclass(frozen=True, slots=True)
class Party:
    """A customer as the bank line shows it."""

    name: str
    iban: str
    number: str  # the customer number
    parent: int | None
    consumer: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """One bank line; `amount` signed (credit +, debit -) in minor units.

    `parts` (invoice id, amount) is what the entry pays, for tests and the curious;
    `noise` names the oddities on it. `bank_ref` is set when the statement is made.
    """

    booked: int  # ordinal day
    amount: int
    name: str | None
    iban: str | None
    reference: str | None  # structured (SCOR)
    remittance: str  # free text; "" for none
    end_to_end: str
    parts: tuple[tuple[int, int], ...] = ()
    noise: tuple[str, ...] = ()
    bank_ref: str = ""


def transfers(rng: random.Random, held: Sequence[Held]) -> list[list[Held]]:
    """The held payments per transfer: mostly one each; sometimes two of one customer
    (for different invoices) go together."""
    by_customer: dict[int, list[Held]] = defaultdict(list)
    for item in sorted(held, key=lambda h: (h[0], h[1], h[2])):
        by_customer[item[1]].append(item)
    groups: list[list[Held]] = []
    for items in by_customer.values():
        rest = list(items)
        while rest:
            first = rest.pop(0)
            other = next((h for h in rest if h[2] != first[2]), None)
            if other is not None and rng.random() < COMBINE_SHARE:
                rest.remove(other)
                groups.append([first, other])
            else:
                groups.append([first])
    return groups


def credit(rng: random.Random, group: list[Held], party: Callable[[int], Party]) -> Entry:
    """The credit for one transfer of one customer."""
    customer = party(group[0][1])
    marks: tuple[str, ...]
    payer, marks = customer, ()
    if customer.parent is not None and rng.random() < PARENT_SHARE:
        payer, marks = party(customer.parent), ("parent",)
    reference, remittance, more = _remittance(rng, group, customer)
    booked = max(h[0] for h in group)
    return Entry(
        booked=booked,
        amount=sum(h[3] for h in group),
        name=_holder_name(rng, payer),
        iban=payer.iban,
        reference=reference,
        remittance=remittance,
        end_to_end=_end_to_end(payer, booked, group[0][2]),
        parts=tuple((h[2], h[3]) for h in group),
        noise=marks + more,
    )


def _end_to_end(payer: Party, booked: int, invoice_id: int) -> str:
    """A business's payment run gives each transfer an id; a consumer's bank app none."""
    if payer.consumer:
        return "NOTPROVIDED"
    return f"{date.fromordinal(booked):%Y%m%d}-{payer.number}-{invoice_id}"


def _remittance(
    rng: random.Random, group: list[Held], customer: Party
) -> tuple[str | None, str, tuple[str, ...]]:
    """(structured reference, free text, noise) of a transfer."""
    if len(group) > 1:
        numbers = sorted(h[5] for h in group)
        text = rng.choice(("Factuur {} en {}", "Facturen {}, {}", "Fact {} + {}"))
        return None, text.format(*numbers), ("combined",)
    given, number = group[0][4], group[0][5]
    if given is not None and given.isdigit():
        if rng.random() < LOOSE_KENMERK_SHARE:
            return None, KENMERK.format(given), ("loose-kenmerk",)
        return given, "", ()
    if given is not None:
        if rng.random() < TYPO_SHARE:
            return (
                None,
                f"{rng.choice(('Factuur', 'factuur', 'Fact.'))} {typo(rng, number)}",
                ("typo",),
            )
        return None, given, ()
    vague = rng.choice((*VAGUE, f"Klantnummer {customer.number}"))
    return None, vague, ("vague",)


def typo(rng: random.Random, number: str) -> str:
    """An invoice number such as 2026-000123 mistyped: the last two digits swapped (or,
    when they are equal, a zero dropped), a zero dropped, or no dash."""
    year, _, sequence = number.partition("-")
    roll = rng.random()
    if roll < 0.4 and sequence[-1] != sequence[-2]:
        return f"{year}-{sequence[:-2]}{sequence[-1]}{sequence[-2]}"
    if roll < 0.75:
        return f"{year}-{sequence[1:]}"
    return f"{year}{sequence}"


def _holder_name(rng: random.Random, party: Party) -> str:
    """The name the bank has: a consumer often with initials, some banks in capitals."""
    name = party.name
    if party.consumer and rng.random() < 0.4:
        first, _, rest = name.partition(" ")
        name = f"{first[0]}. {rest}" if rest else name
    return name.upper() if rng.random() < 0.15 else name


def costs(rng: random.Random, days: list[int]) -> list[Entry]:
    """The bank's charges: the account package on the first statement day of each month,
    and now and then costs of a payment from abroad."""
    entries: list[Entry] = []
    previous = None
    for day in days:
        when = date.fromordinal(day)
        if previous is None or previous.month != when.month:
            text = f"Kosten zakelijke rekening {MONTHS[when.month - 1]} {when.year}"
            entries.append(_cost(day, -rng.randrange(1_250, 4_500), text))
        if rng.random() < FOREIGN_COSTS_SHARE:
            entries.append(_cost(day, -rng.choice((500, 750, 1_000)), "Kosten buitenland"))
        previous = when
    return entries


def _cost(day: int, amount: int, text: str) -> Entry:
    return Entry(day, amount, None, None, None, text, "NOTPROVIDED", noise=("costs",))
