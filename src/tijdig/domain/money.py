"""Money: an exact `Decimal` with its currency. Never a float."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

CENT = Decimal("0.01")

# ISO 4217 minor units that differ from two; every other currency has cents.
_MINOR_UNITS = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3,
    "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0,
    "TND": 3, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip


def minor_units(currency: str) -> int:
    """Number of decimals of the currency's minor unit (2 for EUR)."""
    return _MINOR_UNITS.get(currency, 2)


def unusual_minor_units() -> dict[str, int]:
    """The currencies whose minor unit is not the cent, and their number of decimals."""
    return dict(_MINOR_UNITS)


def round_half_up(amount: Decimal, places: int = 2) -> Decimal:
    """Round half-up to `places` decimals (Tijdig's convention for every amount)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> Decimal:
    return round_half_up(amount, 2)


_PLAIN_AMOUNT = re.compile(r"[+-]?\d+(\.\d+)?")


def _three_after_dot(raw: str) -> bool:
    head, dot, tail = raw.partition(".")
    return bool(dot) and len(tail) == 3 and head.lstrip("+-") != ""


def parse_amount(text: str, *, field: str = "amount") -> Decimal:
    """Read an amount typed by a person or found in a file: `1.234,56`, `1234.56`, `-12,5`.

    Where both a comma and a dot occur, the last one is the decimal mark. A lone comma
    or dot followed by three digits (`1,234`, the Dutch `2.000`) and repeated dots or
    commas (`1.234.567`) group thousands: an amount of money has no third decimal.
    Otherwise a lone comma or dot is the decimal mark. Exponents are refused.
    """
    raw = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if not raw:
        raise InvalidValue(field, Refusal.IS_EMPTY)
    if "," in raw and "." in raw:
        thousands = "." if raw.rfind(",") > raw.rfind(".") else ","
        raw = raw.replace(thousands, "").replace(",", ".")
    elif raw.count(",") == 1 and len(raw.rpartition(",")[2]) != 3:
        raw = raw.replace(",", ".")
    elif raw.count(",") > 0 or raw.count(".") > 1 or _three_after_dot(raw):
        raw = raw.replace(",", "").replace(".", "")
    if not _PLAIN_AMOUNT.fullmatch(raw):
        raise InvalidValue(field, Refusal.NOT_AN_AMOUNT, value=text)
    return Decimal(raw)


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An exact amount in one currency."""

    currency: str
    amount: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money needs a Decimal amount, never a float")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise InvalidValue("currency", Refusal.NOT_A_CURRENCY, value=self.currency)

    @classmethod
    def of(cls, amount: Decimal | str | int, currency: str = "EUR") -> Money:
        return cls(currency, Decimal(amount))

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(currency, Decimal(minor).scaleb(-minor_units(currency)))

    def to_minor(self) -> int:
        places = minor_units(self.currency)
        return int(round_half_up(self.amount, places).scaleb(places))

    def rounded(self) -> Money:
        return Money(self.currency, round_half_up(self.amount, minor_units(self.currency)))

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidValue("currency", Refusal.MIXED_CURRENCIES, first=self.currency,
                               second=other.currency)  # fmt: skip

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.currency, self.amount + other.amount)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.currency, self.amount - other.amount)

    def __neg__(self) -> Money:
        return Money(self.currency, -self.amount)

    def __str__(self) -> str:
        places = minor_units(self.currency)
        return f"{self.currency} {round_half_up(self.amount, places):,.{places}f}"

    @property
    def is_zero(self) -> bool:
        return self.amount == 0


def totals_per_currency(amounts: Iterable[Money]) -> dict[str, Decimal]:
    """Sum amounts per currency; amounts in different currencies are never added."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for money in amounts:
        sums[money.currency] += money.amount
    return dict(sorted(sums.items()))


def apportion(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `total` (cents) over `weights` in proportion, the parts adding up exactly:
    each part rounded down to the cent, the cents left over to the largest remainders."""
    cents = int(round_half_up(total).scaleb(2))
    weight = sum(weights, Decimal(0))
    if not weights or weight <= 0:
        raise InvalidValue("weights", Refusal.NO_POSITIVE_WEIGHT)
    exact = [Decimal(cents) * w / weight for w in weights]
    parts = [int(e) for e in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: cents - sum(parts)]:
        parts[i] += 1
    return [Decimal(p).scaleb(-2) for p in parts]
