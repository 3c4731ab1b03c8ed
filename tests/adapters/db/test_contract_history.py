"""The payment history repository (SqlHistory) and its fake, one contract on the fake,
SQLite and PostgreSQL: invoices with what allocations settled, keys booked once, payments
and set-offs booked with the open amounts left."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from tests.adapters.db.conftest import Store
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Customer
from tijdig.services.receivables.history_ports import HistoryBooking, StoredItem

AT = datetime(2026, 1, 1, tzinfo=UTC)


def _ledger(store: Store) -> tuple[int, int]:
    """A company with one customer, an invoice of 100.00 and a credit note of 30.00."""
    with store() as uow:
        company = uow.companies.add(Company("ACME", "Acme B.V."), at=AT)
        assert company.id is not None
        uow.customers.save_many(company.id, [Customer("K1", "Klant")])
        customer_id = uow.customers.ids_by_number(company.id)["K1"]
        for invoice in (
            Invoice("F-1", "K1", date(2026, 1, 5), date(2026, 2, 4), Decimal("100.00")),
            Invoice("C-1", "K1", date(2026, 1, 9), date(2026, 1, 9), Decimal("30.00"),
                    kind=InvoiceKind.CREDIT_NOTE),
        ):  # fmt: skip
            uow.invoices.add(invoice, company_id=company.id, customer_id=customer_id,
                             fingerprint="x", source="test")  # fmt: skip
        uow.commit()
    return company.id, customer_id


def _items(uow: Any, company_id: int, *numbers: str) -> dict[str, StoredItem]:
    return {item.number: item for item in uow.history.items(company_id, numbers)}


def test_payments_and_set_offs_book_with_their_keys_and_open_amounts(store: Store) -> None:
    company_id, customer_id = _ledger(store)
    with store() as uow:
        found = _items(uow, company_id, "F-1", "C-1", "F-9")
        assert set(found) == {"F-1", "C-1"}
        invoice, credit = found["F-1"], found["C-1"]
        assert (invoice.kind, invoice.customer_number, invoice.payable, invoice.allocated) == (
            "invoice", "K1", Decimal("100.00"), Decimal(0))  # fmt: skip
        bookings = [
            HistoryBooking("k1", customer_id, invoice.id, date(2026, 2, 1), Decimal("50.00"),
                           "EUR", "deel"),
            HistoryBooking("k2", customer_id, invoice.id, date(2026, 2, 3), Decimal("30.00"),
                           "EUR", None, credit_note_id=credit.id),
        ]  # fmt: skip
        uow.history.book(company_id, bookings, {invoice.id: (Decimal("20.00"), "EUR"),
                                                credit.id: (Decimal(0), "EUR")})  # fmt: skip
        uow.commit()
    with store() as uow:
        assert uow.history.known_keys(company_id, ["k1", "k2", "k3"]) == {"k1", "k2"}
        assert uow.history.known_keys(company_id + 1, ["k1"]) == set()
        after = _items(uow, company_id, "F-1", "C-1")
        assert (after["F-1"].allocated, after["F-1"].open_amount) == (
            Decimal("80.00"), Decimal("20.00"))  # fmt: skip
        assert (after["C-1"].allocated, after["C-1"].open_amount) == (Decimal("30.00"), Decimal(0))
