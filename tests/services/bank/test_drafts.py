"""Booking drafts typed values and writes nothing itself: a payment with its allocations
(costs and interest first), the open amounts it lowers, the account it came from; a
plain debit is a line left alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.domain.banking import BankTransaction
from tijdig.matching.model import Allocation, Kind, MatchOutcome
from tijdig.services.bank.drafts import (
    AllocationDraft,
    BankLineStatus,
    IbanSeen,
    NewLine,
    OpenChange,
    PaymentDraft,
)
from tijdig.services.bank.matching import BookingContext, settle_payment

DAY = date(2026, 11, 20)
PAYER = "NL91ABNA0417164300"


def test_a_payment_is_drafted_with_its_allocations_and_what_it_lowers() -> None:
    """EUR 150 on two invoices: F1 takes 40 costs, 5 interest and 55 principal; F2 50."""
    tx = BankTransaction(DAY, Decimal("150.00"), "EUR", counterparty_iban=PAYER,
                         structured_reference="RF18 0000 0000 0000 0001")  # fmt: skip
    allocations = (Allocation("F1", Decimal(100), Decimal(40), Decimal(5), Decimal(55)),
                   Allocation("F2", Decimal(50), to_principal=Decimal(50)))  # fmt: skip
    decision = MatchOutcome(Kind.MATCHED, "C1", allocations, Decimal(0), Decimal(1), ("ref",))
    ctx = BookingContext(7, {"F1": 11, "F2": 12}, {"C1": 3},
                         left={"F1": Decimal(55), "F2": Decimal(80)})  # fmt: skip
    settle_payment(ctx, 3, tx, decision, line_id=901)
    assert ctx.payments == [PaymentDraft(
        7, 3, 901, DAY, Decimal("150.00"), "EUR", "RF18 0000 0000 0000 0001",
        (AllocationDraft(11, Decimal(100), Decimal(40), Decimal(5)),
         AllocationDraft(12, Decimal(50), Decimal(0), Decimal(0))),
    )]  # fmt: skip
    # Only the principal lowers what is open; costs and interest are claimed apart.
    assert ctx.changes == [OpenChange(11, Decimal(-55), "EUR"), OpenChange(12, Decimal(-50), "EUR")]
    assert ctx.left == {"F1": Decimal(0), "F2": Decimal(30)}
    assert ctx.ibans == [IbanSeen(3, PAYER, DAY)]


def test_a_new_line_goes_to_matching_unless_it_is_a_plain_debit() -> None:
    def line(amount: str, **kwargs: object) -> NewLine:
        tx = BankTransaction(DAY, Decimal(amount), "EUR", **kwargs)  # type: ignore[arg-type]
        return NewLine(7, 1, PAYER, "key", tx)

    assert line("10.00").status is BankLineStatus.NEW
    assert line("-10.00").status is BankLineStatus.IGNORED
    assert line("-10.00", return_reason="AC04").status is BankLineStatus.NEW
    assert line("-10.00", is_reversal=True).status is BankLineStatus.NEW
