"""The bank lines waiting for review that came from a customer's known accounts, for the
customer page (services/read_models/customer_money.py). Known accounts: the IBANs matching
learned from the customer's payments (`customer_ibans`), those its booked payments came
from, and those of its SEPA mandates. One query; the company's review queue is numbered in
the same pass so that each line links to the page of the bank review that lists it."""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Engine, func, select, union

from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.schema.banking import BankTransactionRow, CustomerIbanRow, MandateRow
from tijdig.adapters.db.schema.ledger import PaymentRow
from tijdig.services.bank.drafts import BankLineStatus
from tijdig.services.read_models.common import Page
from tijdig.services.read_models.customer_money import UnmatchedLine


def _known_accounts(company_id: int, customer_id: int) -> CompoundSelect[tuple[str]]:
    """Every account the customer is known to pay from, at this company only."""
    learned, mandate, paid = CustomerIbanRow, MandateRow, BankTransactionRow
    return union(
        select(learned.iban).where(learned.company_id == company_id,
                                   learned.customer_id == customer_id),
        select(mandate.iban).where(mandate.company_id == company_id,
                                   mandate.customer_id == customer_id),
        select(paid.counterparty_iban)
        .join(PaymentRow, PaymentRow.bank_transaction_id == paid.id)
        .where(paid.company_id == company_id, PaymentRow.company_id == company_id,
               PaymentRow.customer_id == customer_id, paid.counterparty_iban.is_not(None)),
    )  # fmt: skip


class SqlCustomerMoney:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def unmatched_lines(
        self, company_id: int, customer_id: int, *, limit: int
    ) -> Page[UnmatchedLine]:
        """The latest `limit` lines waiting for review from the customer's known accounts,
        and how many there are."""
        t = BankTransactionRow
        position = func.row_number().over(order_by=(t.booking_date, t.id))
        queue = (
            select(t.id, t.booking_date, t.amount_minor, t.currency, t.counterparty_name,
                   t.counterparty_iban, t.remittance, position.label("position"))
            .where(t.company_id == company_id, t.status == BankLineStatus.REVIEW)
            .subquery()
        )  # fmt: skip
        accounts = _known_accounts(company_id, customer_id).subquery()
        query = (
            select(queue, func.count().over())
            .where(queue.c.counterparty_iban.in_(select(accounts.c[0])))
            .order_by(queue.c.booking_date.desc(), queue.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        lines = tuple(
            UnmatchedLine(line_id, day, from_minor(minor, cur), cur, name, iban or "",
                          remittance or "", int(place))
            for line_id, day, minor, cur, name, iban, remittance, place, _ in rows
        )  # fmt: skip
        return Page(lines, int(rows[0][-1]) if rows else 0)
