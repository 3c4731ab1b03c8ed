"""Net sales per issue day and payments per allocation day, per currency, of every
customer: the history the dashboard counts DSO back over and draws its trend from.

Summing a million invoices takes most of a second, too slow for every dashboard: the
sums are kept per company in this process and brought up to date from the rows added
since (invoices and allocations are only ever added; their amounts and days never change,
so the rows with a higher id are all that is new: a primary-key range, a few ms).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, case, func, select

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow

Sums = dict[tuple[str, date], int]  # (currency, day) -> minor units


def net_sale() -> Any:
    """An invoice's total, a credit note's against it."""
    return case((p.is_credit_note(), -InvoiceRow.total_minor), else_=InvoiceRow.total_minor)


def paid_principal() -> Any:
    """What a payment took off an invoice: costs and interest are not receivables."""
    a = AllocationRow
    return a.amount_minor - a.costs_minor - a.interest_minor


@dataclass(slots=True)
class _Company:
    last_invoice: int = 0
    last_allocation: int = 0
    sales: Sums = field(default_factory=dict)
    paid: Sums = field(default_factory=dict)


def _add(sums: Sums, rows: Iterable[Any]) -> None:
    for day, currency, minor in rows:
        key = (currency, day)
        sums[key] = sums.get(key, 0) + int(minor)


class DayTotals:
    """One per installation (bootstrap.Tijdig); safe between the server's threads."""

    def __init__(self) -> None:
        self._companies: dict[int, _Company] = {}
        self._lock = threading.Lock()

    def read(self, conn: Connection, company_id: int) -> tuple[Sums, Sums]:
        """The sales and the payments per (currency, day), up to date; copies."""
        with self._lock:
            known = self._companies.setdefault(company_id, _Company())
            self._catch_up(conn, company_id, known)
            return dict(known.sales), dict(known.paid)

    def _catch_up(self, conn: Connection, company_id: int, known: _Company) -> None:
        i, a = InvoiceRow, AllocationRow
        last_invoice = conn.scalar(select(func.max(i.id))) or 0
        if last_invoice > known.last_invoice:
            _add(known.sales, conn.execute(
                select(i.issue_date, i.currency, func.sum(net_sale()))
                .where(i.id > known.last_invoice, i.id <= last_invoice, i.company_id == company_id)
                .group_by(i.issue_date, i.currency)
            ))  # fmt: skip
            known.last_invoice = last_invoice
        last_allocation = conn.scalar(select(func.max(a.id))) or 0
        if last_allocation > known.last_allocation:
            _add(known.paid, conn.execute(
                select(a.allocated_on, i.currency, func.sum(paid_principal()))
                .join(i, i.id == a.invoice_id)
                .where(a.id > known.last_allocation, a.id <= last_allocation,
                       a.company_id == company_id, a.payment_id.is_not(None))
                .group_by(a.allocated_on, i.currency)
            ))  # fmt: skip
            known.last_allocation = last_allocation
