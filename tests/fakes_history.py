"""The fake of the payment history port (services/receivables/history_ports.py), held to
SqlHistory by tests/adapters/db/test_contract_history.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from tests.fakes_tables import _Tables
from tijdig.services.receivables.history_ports import HistoryBooking, StoredItem


class FakeHistory:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def items(self, company_id: int, numbers: Iterable[str]) -> list[StoredItem]:
        wanted = set(numbers)
        found = []
        for item_id, stored in self._tables.invoices.items():
            invoice = stored.invoice
            if stored.company_id != company_id or invoice.number not in wanted:
                continue
            allocated = sum(
                (b.amount for _, b in self._tables.history
                 if (b.credit_note_id if invoice.is_credit else b.invoice_id) == item_id),
                Decimal(0),
            )  # fmt: skip
            found.append(StoredItem(
                id=item_id, kind=invoice.kind.value, number=invoice.number,
                customer_id=stored.customer_id, customer_number=invoice.customer_number,
                issue_date=invoice.issue_date, due_date=invoice.due_date,
                currency=invoice.currency, total=invoice.total, prepaid=invoice.prepaid,
                open_amount=invoice.outstanding, allocated=allocated,
            ))  # fmt: skip
        return found

    def known_keys(self, company_id: int, keys: Iterable[str]) -> set[str]:
        booked = {b.key for company, b in self._tables.history if company == company_id}
        return booked & set(keys)

    def book(
        self,
        company_id: int,
        bookings: Sequence[HistoryBooking],
        open_amounts: Mapping[int, tuple[Decimal, str]],
    ) -> None:
        if self.known_keys(company_id, (b.key for b in bookings)):
            raise ValueError("a history key booked twice")  # the unique index's refusal
        self._tables.history.extend((company_id, b) for b in bookings)
        for item_id, (amount, _) in open_amounts.items():
            stored = self._tables.invoices[item_id]
            stored.invoice = replace(stored.invoice, open_amount=amount)
