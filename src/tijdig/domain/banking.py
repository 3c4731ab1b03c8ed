"""Bank statements and their transactions, as read from MT940 or CAMT.053 files.

Amounts are signed as the bank books them: a credit (money in) is positive, a debit
negative. A transaction keeps everything matching and review need: dates, the
counterparty, the structured reference and the free remittance text, the bank's own
reference, and a return reason for reversed direct debits (R-transactions).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum


class StatementFormat(StrEnum):
    MT940 = "mt940"
    CAMT053 = "camt053"


@dataclass(frozen=True, slots=True)
class BankTransaction:
    booking_date: date
    amount: Decimal  # signed: credit +, debit -
    currency: str
    value_date: date | None = None
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    counterparty_bic: str | None = None
    structured_reference: str | None = None  # kenmerk, OGM/VCS, RF as given
    remittance: str = ""  # the free text, joined
    bank_reference: str | None = None  # the bank's entry reference (AcctSvcrRef, :61: ref)
    end_to_end_id: str | None = None
    return_reason: str | None = None  # e.g. AC04, MD06 for a returned direct debit
    is_reversal: bool = False
    booked: bool = True  # CAMT entries may be pending ("PDNG"); only booked ones count
    line: int | None = None  # where it stands in the file, for messages

    @property
    def is_credit(self) -> bool:
        return self.amount > 0


@dataclass(frozen=True, slots=True)
class BankStatement:
    """One statement (an MT940 :20: block with balances, or a CAMT Stmt).

    `closing_derived` marks a closing balance the file did not give: the opening balance
    plus the booked lines (`with_derived_closing`).
    """

    account: str  # IBAN, or the bank's account number when no IBAN is given
    currency: str
    statement_id: str | None
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    opening_date: date | None
    closing_date: date | None
    transactions: tuple[BankTransaction, ...] = field(default=())
    format: StatementFormat = StatementFormat.MT940
    closing_derived: bool = False

    @property
    def booked_total(self) -> Decimal:
        """The booked transactions added up (pending CAMT entries left out)."""
        return sum((t.amount for t in self.transactions if t.booked), Decimal(0))

    @property
    def reconciles(self) -> bool:
        """Opening plus the booked transactions gives the closing balance."""
        if self.opening_balance is None or self.closing_balance is None:
            return True
        return self.opening_balance + self.booked_total == self.closing_balance

    @property
    def last_date(self) -> date | None:
        """The day the statement runs to: its closing date, else its last booking."""
        if self.closing_date is not None:
            return self.closing_date
        dates = [t.booking_date for t in self.transactions]
        return max(dates) if dates else None


def with_derived_closing(statement: BankStatement) -> BankStatement:
    """The statement with a closing balance: the file's, else the opening balance plus the
    booked lines, marked `closing_derived`; unchanged when it has no opening balance."""
    if statement.closing_balance is not None or statement.opening_balance is None:
        return statement
    closing = statement.opening_balance + statement.booked_total
    return replace(statement, closing_balance=closing, closing_derived=True)


@dataclass(frozen=True, slots=True)
class AccountBalance:
    """A bank account's last booked statement: its day and closing balance, `derived`
    when that statement gave no closing balance of its own."""

    iban: str
    last_statement: date
    balance: Decimal | None
    currency: str
    derived: bool = False
