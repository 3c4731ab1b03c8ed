"""The statement's earlier claims: costs and interest still open, per invoice listed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.engine.message import OpenClaim, open_claims, statement_lines

AS_OF = date(2026, 11, 24)
A = Invoice("A", "C1", date(2026, 8, 1), date(2026, 8, 31), Decimal("1000.00"))
B = Invoice("B", "C1", date(2026, 9, 1), date(2026, 9, 30), Decimal("200.00"))
CN = Invoice("CN", "C1", date(2026, 9, 1), date(2026, 9, 1), Decimal("50.00"),
             kind=InvoiceKind.CREDIT_NOTE)  # fmt: skip
LINES = statement_lines([A, B], [CN], {"A": "reminder"}, AS_OF)


def test_open_claims_follow_the_lines_and_leave_out_what_is_paid_or_not_listed() -> None:
    left = {
        "B": (Decimal("40.00"), Decimal("2.10")),
        "A": (Decimal("0.00"), Decimal("11.96")),  # costs met by a payment, interest not
        "Z": (Decimal("75.00"), Decimal("1.00")),  # not on this statement
        "CN": (Decimal("9.00"), Decimal("0")),  # a credit note carries no claim
    }
    assert open_claims(LINES, left) == (
        OpenClaim("A", Decimal("0.00"), Decimal("11.96"), "EUR"),
        OpenClaim("B", Decimal("40.00"), Decimal("2.10"), "EUR"),
    )


def test_a_claim_paid_in_full_is_not_shown_and_nothing_goes_below_zero() -> None:
    left = {"A": (Decimal("0.00"), Decimal("0.00")), "B": (Decimal("-1.00"), Decimal("3.00"))}
    [claim] = open_claims(LINES, left)
    assert (claim.invoice_number, claim.costs, claim.total) == ("B", Decimal(0), Decimal("3.00"))
    assert open_claims(LINES, {}) == ()
