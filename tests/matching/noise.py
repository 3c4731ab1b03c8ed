"""The noise in bank lines as people write them: accounts, names, references with
typos, invoice numbers typed loosely."""

from __future__ import annotations

import random

from tijdig.domain.references import STANDARDS, detect

GENERIC = ("", "Betaling", "Zie factuur", "Termijn", "Bedankt", "Overboeking", "Betaling nota")


def iban(rng: random.Random) -> str:
    return f"NL{rng.randint(10, 99)}BANK0{rng.randint(10**8, 10**9 - 1)}"


def spelled(name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return name
    if roll < 0.7:
        return name.upper()
    if roll < 0.9:
        return name.replace(" B.V.", "").replace(" V.O.F.", "")
    cut = rng.randrange(len(name))
    return name[:cut] + name[cut + 1 :]


def typed(reference: str, rng: random.Random) -> str:
    """The reference as printed on the invoice (grouped, +++ for an OGM) or compact."""
    scheme = detect(reference)
    if scheme is None or rng.random() < 0.3:
        return reference
    return STANDARDS[scheme[0]].format(reference)


def with_typo(reference: str, rng: random.Random) -> str:
    """One digit changed, or two different neighbours swapped."""
    digits = [i for i, c in enumerate(reference) if c.isdigit()]
    i = rng.choice(digits[:-1])
    chars = list(reference)
    if rng.random() < 0.5 and chars[i + 1].isdigit() and chars[i] != chars[i + 1]:
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    else:
        chars[i] = rng.choice([d for d in "0123456789" if d != chars[i]])
    return "".join(chars)


def loosely(number: str, rng: random.Random) -> str:
    """An invoice number as people type it in the free text."""
    year, seq = number.split("-")
    forms = (f"fact. {number}", f"Factuur {year}-{int(seq)}", f"INV {year}{seq}",
             f"factuurnr {year} {seq}", f"nr {int(seq)}", f"{number} dank u wel",
             f"fact {year}.{seq}")  # fmt: skip
    return rng.choice(forms)
