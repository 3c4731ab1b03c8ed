"""Debits, returns, reversals and refunds: what they undo, never what they settle.

A debit never settles an invoice. A returned direct debit (a return reason such as
MD06 or AC04), a reversal, or a refund that names the original payment re-opens what
that payment settled: REOPEN with the original's allocations. The original is found
in `Ledger.paid_by_id` by the end-to-end id, the bank reference, or an id quoted in the
text; failing that, among the payer's recent credits of the same amount. The REOPEN
names the original's payment (`undoes`): booked to a payment plan, it pays the plan no
more, so its plan instalment is unpaid again.

    0.97  the original found by its id and the amount is the same: REOPEN
    0.80  found by payer and amount only, or the amount differs: REVIEW
"""

from __future__ import annotations

from decimal import Decimal

from tijdig.domain.banking import BankTransaction
from tijdig.domain.money import Money
from tijdig.domain.reasons import Code, Param, Reason, reason
from tijdig.matching.model import ZERO, Kind, Ledger, MatchOutcome, PaidCredit, normalise_iban

BY_ID, BY_AMOUNT = Decimal("0.97"), Decimal("0.80")
REOPEN_THRESHOLD = Decimal("0.90")


def undo(tx: BankTransaction, ledger: Ledger) -> MatchOutcome:
    """The decision for a debit, a return or a reversal."""
    flagged = tx.is_reversal or tx.return_reason is not None
    if tx.amount > 0:
        return _review(None, reason(Code.MATCH_DEBIT_REVERSED), ZERO)
    original, how = _original(tx, ledger)
    if original is None:
        if flagged:
            return _review(None, reason(Code.MATCH_UNDO_NOT_FOUND), ZERO)
        return MatchOutcome(Kind.IGNORE, None, (), ZERO, Decimal(1), (reason(Code.MATCH_DEBIT),))
    same = original.amount == -tx.amount
    confidence = BY_ID if how == "id" and same else BY_AMOUNT
    what = "return" if tx.return_reason else "reversal" if tx.is_reversal else "refund"
    named: dict[str, Param] = {"what": what, "amount": Money(tx.currency, original.amount),
             "paid_on": original.booking_date}  # fmt: skip
    if confidence < REOPEN_THRESHOLD or not (flagged or how == "id"):
        return _review(original.customer_number, Reason(Code.MATCH_POSSIBLE_UNDO, named),
                       confidence)  # fmt: skip
    rest = original.amount - sum((a.amount for a in original.allocations), ZERO)
    return MatchOutcome(Kind.REOPEN, original.customer_number, original.allocations, rest,
                    confidence, (Reason(Code.MATCH_UNDO, named),
                                 reason(Code.MATCH_FOUND_BY, how=how)),
                    undoes=original.payment_id)  # fmt: skip


def _original(tx: BankTransaction, ledger: Ledger) -> tuple[PaidCredit | None, str]:
    quoted = tx.remittance.replace("/", " ").split()
    for key in (tx.end_to_end_id, tx.bank_reference, *quoted):
        if key and key != "NOTPROVIDED" and key in ledger.paid_by_id:
            return ledger.paid_by_id[key], "id"
    if not tx.counterparty_iban:
        return None, ""
    payer = ledger.customer_by_iban.get(normalise_iban(tx.counterparty_iban))
    credits = ledger.paid_by_customer.get(payer or "", ())
    same = [c for c in credits if c.amount == -tx.amount and c.booking_date <= tx.booking_date]
    return (same[-1], "payer and amount") if same else (None, "")


def _review(customer: str | None, why: Reason, confidence: Decimal) -> MatchOutcome:
    return MatchOutcome(Kind.REVIEW, customer, (), ZERO, confidence, (why,))
