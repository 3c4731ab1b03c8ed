"""A handful of bank lines that need a person, as every real bank file has some.

Chosen among the held payments' transfers, by the bank file's own random draw:
- an unknown payer: the money comes from an account no customer is known by, under a
  private person's name, with nothing useful in the text;
- a partial payment from an unknown account, "Deelbetaling factuur ..." (the rest
  follows as an ordinary transfer from the customer's own account);
- two invoices paid together from an unknown account, with a vague text: two ways to
  read it at best.
Each keeps what it pays in `Entry.parts`, so the ledger adds up as for any other line.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tijdig.adapters.demo.accounts import nl_iban
from tijdig.adapters.demo.names import person_name
from tijdig.adapters.demo.noise import Entry, Held, Party, credit

UNKNOWN_PAYERS = 2
PARTIALS = 2
COMBINED = 1
TRANSFERS_PER_CASE = 25  # at most one case per so many transfers
PARTIAL_LEAST = 5_000  # minor units: a partial payment of less looks like an error


def credits(rng: random.Random, groups: list[list[Held]], party: Callable[[int], Party]
            ) -> list[Entry]:  # fmt: skip
    """The credit entries of the transfers, a few of them made into review cases."""
    budget = len(groups) // TRANSFERS_PER_CASE  # a tiny demo gets none
    singles = [i for i, g in enumerate(groups) if len(g) == 1]
    pairs = [i for i, g in enumerate(groups) if len(g) == 2]
    unknown = rng.sample(singles, min(UNKNOWN_PAYERS, len(singles), budget))
    rest = [i for i in singles if i not in unknown and groups[i][0][3] >= 2 * PARTIAL_LEAST]
    partial = rng.sample(rest, min(PARTIALS, len(rest), budget - len(unknown)))
    combined = rng.sample(pairs, min(COMBINED, len(pairs), budget - len(unknown) - len(partial)))
    entries: list[Entry] = []
    for index, group in enumerate(groups):
        if index in unknown or index in combined:
            entries.append(_stranger(rng, group, ("unknown-payer",) + (
                ("combined",) if index in combined else ())))  # fmt: skip
        elif index in partial:
            entries += _partial(rng, group[0], party)
        else:
            entries.append(credit(rng, group, party))
    return entries


def _stranger_account(rng: random.Random) -> tuple[str, str]:
    return person_name(rng, "NL"), nl_iban("INGB", rng.randrange(10**9, 10**10))


def _stranger(rng: random.Random, group: list[Held], noise: tuple[str, ...]) -> Entry:
    name, iban = _stranger_account(rng)
    return Entry(
        booked=max(h[0] for h in group), amount=sum(h[3] for h in group), name=name,
        iban=iban, reference=None, remittance=rng.choice(("Betaling", "Overboeking", "")),
        end_to_end="NOTPROVIDED", parts=tuple((h[2], h[3]) for h in group), noise=noise,
    )  # fmt: skip


def _partial(rng: random.Random, held: Held, party: Callable[[int], Party]) -> list[Entry]:
    """Part from an unknown account naming the invoice; the rest as usual, the same day."""
    booked, customer, invoice, amount, reference, number = held
    part = amount * (30 + rng.randrange(31)) // 100
    name, iban = _stranger_account(rng)
    first = Entry(booked, part, name, iban, None, f"Deelbetaling factuur {number}",
                  "NOTPROVIDED", ((invoice, part),), ("partial", "unknown-payer"))  # fmt: skip
    rest = credit(rng, [(booked, customer, invoice, amount - part, reference, number)], party)
    return [first, rest]
