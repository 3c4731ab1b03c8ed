"""An invoice's stored figures as the history import and the sync with the books both
read them (each adds what it needs: `history_ports.StoredItem`, `sync_ports.StoredItem`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredFigures:
    customer_id: int
    customer_number: str
    issue_date: date
    due_date: date
    currency: str
    total: Decimal
    prepaid: Decimal
    open_amount: Decimal
