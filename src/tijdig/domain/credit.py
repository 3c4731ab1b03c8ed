"""A customer's credit position: the limit, the hold, and what is still available.

The limit is kept in euros: only the open EUR amount (invoices less open credit notes) is
set against it; amounts in other currencies are shown beside it, not converted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from tijdig.domain.parties import Customer

LIMIT_CURRENCY = "EUR"


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
