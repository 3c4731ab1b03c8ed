"""Invoices and parties check themselves when built."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import EarlyPaymentDiscount, Instalment, Invoice, InvoiceKind
from tijdig.domain.parties import Company, Customer

ISSUED, DUE = date(2026, 3, 1), date(2026, 3, 31)


def _invoice(**changes: object) -> Invoice:
    values: dict[str, object] = {
        "number": "F1",
        "customer_number": "C1",
        "issue_date": ISSUED,
        "due_date": DUE,
        "total": Decimal("121.00"),
    }
    values.update(changes)
    return Invoice(**values)  # type: ignore[arg-type]


def test_outstanding_is_payable_until_told_otherwise() -> None:
    invoice = _invoice(prepaid=Decimal("21.00"))
    assert invoice.payable == invoice.outstanding == Decimal("100.00")
    assert _invoice(open_amount=Decimal("5")).outstanding == Decimal("5")


def test_overdue_starts_the_day_after_the_due_date() -> None:
    invoice = _invoice()
    assert not invoice.is_overdue(DUE)
    assert invoice.is_overdue(date(2026, 4, 1))
    assert invoice.days_overdue(date(2026, 4, 10)) == 10
    assert not _invoice(kind=InvoiceKind.CREDIT_NOTE).is_overdue(date(2026, 5, 1))
    assert not _invoice(open_amount=Decimal(0)).is_overdue(date(2026, 5, 1))


def test_a_credit_note_counts_against_the_customer() -> None:
    assert _invoice(kind=InvoiceKind.CREDIT_NOTE).signed_outstanding == Decimal("-121.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"total": Decimal("-1")}, "total"),
        ({"due_date": date(2026, 2, 1)}, "due_date"),
        ({"number": " "}, "number"),
        ({"schedule": (Instalment(DUE, Decimal("100")),)}, "schedule"),
        ({"currency": "eur"}, "currency"),
    ],
)
def test_an_invalid_invoice_is_refused_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        _invoice(**changes)
    assert error.value.field == field


def test_a_schedule_must_add_up() -> None:
    parts = (Instalment(DUE, Decimal("60.50")), Instalment(date(2026, 4, 30), Decimal("60.50")))
    assert _invoice(schedule=parts).schedule == parts


def test_a_discount_is_a_sensible_percentage() -> None:
    with pytest.raises(InvalidValue):
        EarlyPaymentDiscount(Decimal("0"), 8)
    with pytest.raises(InvalidValue):
        EarlyPaymentDiscount(Decimal("2"), -1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "Nederland"}, "country"),
        ({"contact_days": ("maandag",)}, "contact_days"),
        ({"tolerance_days": -1}, "tolerance_days"),
        ({"parent_number": "C1"}, "parent"),
    ],
)
def test_an_invalid_customer_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as error:
        Customer(number="C1", name="Klant", **changes)  # type: ignore[arg-type]
    assert error.value.field == field


def test_only_nl_and_be_have_statutory_rules() -> None:
    assert Company(code="A", name="A", country="BE").has_statutory_rules
    assert not Company(code="A", name="A", country="DE").has_statutory_rules
    with pytest.raises(InvalidValue):
        Company(code="A B", name="A")
