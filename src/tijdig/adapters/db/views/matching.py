"""What matching reads (new bank lines, open items, customers, learned IBANs, recent
matched credits, payment plans in force) and what booking a decision writes (payments,
with the plan each pays, allocations, open amounts, learned IBANs, the line's status).
Core statements: this runs per import. The review queue's reads are in
`bank_decisions.py`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.repositories.bank import (
    execute_many,
    insert_many,
    minor_amount,
    outcome_values,
)
from tijdig.adapters.db.repositories.claims import claims_left
from tijdig.adapters.db.schema.banking import BankTransactionRow, CustomerIbanRow
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.adapters.db.schema.plans import PaymentPlanRow, PlanInstalmentRow, PlanInvoiceRow
from tijdig.domain.banking import BankTransaction
from tijdig.domain.collection.plans import PlanStatus
from tijdig.domain.invoices import EarlyPaymentDiscount
from tijdig.domain.money import Money, minor_units
from tijdig.matching.model import Allocation, OpenItem, PaidCredit, PlanInForce
from tijdig.services.bank.drafts import (
    BankLineStatus,
    IbanSeen,
    LineOutcome,
    OpenChange,
    PaymentDraft,
)


class SqlMatching:
    def __init__(self, session: Session) -> None:
        self.session = session

    def new_lines(self, company_id: int) -> list[tuple[int, BankTransaction]]:
        t = BankTransactionRow
        query = (
            select(t.id, *_LINE_COLUMNS)
            .where(t.company_id == company_id, t.status == BankLineStatus.NEW)
            .order_by(t.booking_date, t.id)
        )
        found: list[Any] = [tuple(row) for row in self.session.execute(query)]
        return [(row[0], _line(*row[1:])) for row in found]

    def open_items(self, company_id: int) -> list[OpenItem]:
        i = InvoiceRow
        query = open_invoices(company_id).add_columns(i.discount_basis_points, i.discount_days)
        found: list[Any] = [tuple(row) for row in self.session.execute(query)]
        claims = claims_left(self.session, company_id)
        return [with_claims(open_item(*row), claims) for row in found]

    def customers(self, company_id: int) -> list[tuple[str, str, str | None]]:
        """(number, name, parent number) of every customer."""
        parent = CustomerRow.__table__.alias("parent")
        query = (
            select(CustomerRow.number, CustomerRow.name, parent.c.number)
            .outerjoin(parent, parent.c.id == CustomerRow.parent_id)
            .where(CustomerRow.company_id == company_id)
        )
        return [(n, name, p) for n, name, p in self.session.execute(query)]

    def ibans(self, company_id: int) -> list[tuple[str, str]]:
        query = (
            select(CustomerIbanRow.iban, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == CustomerIbanRow.customer_id)
            .where(CustomerIbanRow.company_id == company_id)
        )
        return [(iban, number) for iban, number in self.session.execute(query)]

    def paid_credits(self, company_id: int, *, since: date) -> list[PaidCredit]:
        """Credits matched since `since`, with what they settled (for returns)."""
        t, a, i = BankTransactionRow, AllocationRow, InvoiceRow
        query = (
            select(t.payment_id, CustomerRow.number, t.amount_minor, t.currency, t.booking_date,
                   t.end_to_end_id, t.bank_reference, t.counterparty_iban, i.number,
                   a.amount_minor)
            .join(CustomerRow, CustomerRow.id == t.customer_id)
            .join(a, a.payment_id == t.payment_id)
            .join(i, i.id == a.invoice_id)
            .where(t.company_id == company_id, t.status == BankLineStatus.MATCHED,
                   t.booking_date >= since)
        )  # fmt: skip
        grouped: dict[int | None, list[Any]] = defaultdict(list)
        for row in self.session.execute(query):
            grouped[row[0]].append(row)
        return [_paid(rows) for rows in grouped.values()]

    def plans_in_force(self, company_id: int) -> list[tuple[int, PlanInForce]]:
        """The plans in force with their references, instalment amounts and the invoices
        they cover (oldest due first)."""
        r, pi, part = PaymentPlanRow, PlanInvoiceRow, PlanInstalmentRow
        plans = self.session.execute(
            select(r.id, r.reference, CustomerRow.number, r.currency, r.payment_order,
                   r.costs_minor, r.interest_minor)
            .join(CustomerRow, CustomerRow.id == r.customer_id)
            .where(r.company_id == company_id, r.status == PlanStatus.IN_FORCE.value,
                   r.reference.is_not(None))
            .order_by(r.id)
        ).all()  # fmt: skip
        if not plans:
            return []
        covered: defaultdict[int, list[str]] = defaultdict(list)
        for plan_id, number in self.session.execute(
            select(pi.plan_id, InvoiceRow.number)
            .join(InvoiceRow, InvoiceRow.id == pi.invoice_id)
            .join(r, r.id == pi.plan_id)
            .where(pi.company_id == company_id, r.status == PlanStatus.IN_FORCE.value)
            .order_by(InvoiceRow.due_date, InvoiceRow.number)
        ):  # fmt: skip
            covered[plan_id].append(number)
        amounts: defaultdict[int, list[int]] = defaultdict(list)
        for plan_id, minor in self.session.execute(
            select(part.plan_id, part.amount_minor)
            .join(r, r.id == part.plan_id)
            .where(part.company_id == company_id, r.status == PlanStatus.IN_FORCE.value)
            .order_by(part.plan_id, part.number)
        ):  # fmt: skip
            amounts[plan_id].append(minor)
        return [
            (plan_id, PlanInForce(reference or "", customer, cur,
                                  tuple(dict.fromkeys(_amount(m, cur) for m in amounts[plan_id])),
                                  tuple(covered[plan_id]), by_law=bool(order), costs=costs > 0,
                                  interest=interest > 0))
            for plan_id, reference, customer, cur, order, costs, interest in plans
        ]  # fmt: skip

    def ids(
        self, company_id: int, numbers: Sequence[str] = ()
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Ids of the open invoices (and of `numbers`), and customer ids, by number."""
        wanted = InvoiceRow.open_minor > 0
        if numbers:
            wanted = wanted | InvoiceRow.number.in_(sorted(set(numbers)))
        invoices = self.session.execute(
            select(InvoiceRow.number, InvoiceRow.id).where(
                InvoiceRow.company_id == company_id, InvoiceRow.kind == "invoice", wanted
            )
        )
        customers = self.session.execute(
            select(CustomerRow.number, CustomerRow.id).where(CustomerRow.company_id == company_id)
        )
        return dict(invoices.all()), dict(customers.all())

    def add_payments(self, payments: Sequence[PaymentDraft]) -> dict[int, int]:
        """Insert payments (each naming its bank line) and their allocations in bulk;
        the payment id per bank line.

        A plain Core executemany (the ORM's bulk insert would split it into many) and one
        query back by bank line: much faster on SQLite than RETURNING with the rows' order
        kept."""
        if not payments:
            return {}
        rows = [
            {"company_id": p.company_id, "customer_id": p.customer_id, "paid_on": p.paid_on,
             "amount_minor": minor_amount(p.amount, p.currency), "currency": p.currency,
             "reference": p.reference, "bank_transaction_id": p.line_id, "plan_id": p.plan_id}
            for p in payments
        ]  # fmt: skip
        insert_many(self.session, PaymentRow.__table__, rows)
        lines = [p.line_id for p in payments]
        query = select(PaymentRow.bank_transaction_id, PaymentRow.id).where(
            PaymentRow.company_id == payments[0].company_id,
            PaymentRow.bank_transaction_id >= min(lines),
            PaymentRow.bank_transaction_id <= max(lines),
        )
        ids = {line: pid for line, pid in self.session.execute(query) if line is not None}
        allocations = [
            {"company_id": p.company_id, "invoice_id": a.invoice_id, "credit_note_id": None,
             "amount_minor": minor_amount(a.amount, p.currency),
             "costs_minor": minor_amount(a.costs, p.currency),
             "interest_minor": minor_amount(a.interest, p.currency), "allocated_on": p.paid_on,
             "payment_id": ids[p.line_id]}
            for p in payments
            for a in p.allocations
        ]  # fmt: skip
        if allocations:
            insert_many(self.session, AllocationRow.__table__, allocations)
        return ids

    def change_open(self, changes: Sequence[OpenChange]) -> None:
        """Add each change to its invoice's open amount."""
        if not changes:
            return
        table = _table(InvoiceRow)
        statement = (
            update(table)
            .where(table.c.id == bindparam("invoice"))
            .values(open_minor=table.c.open_minor + bindparam("delta"))
        )
        # In id order: neighbouring rows share their pages.
        deltas = sorted((c.invoice_id, minor_amount(c.delta, c.currency)) for c in changes)
        execute_many(self.session, statement, [{"invoice": i, "delta": d} for i, d in deltas])

    def unlink_from_plans(self, company_id: int, payment_ids: Sequence[int]) -> None:
        """The company's payments named (returned by the bank) pay no payment plan any more."""
        if payment_ids:
            p = PaymentRow
            self.session.execute(
                update(p).where(p.company_id == company_id, p.id.in_(sorted(set(payment_ids))))
                .values(plan_id=None)
            )  # fmt: skip

    def learn_ibans(self, company_id: int, seen: Sequence[IbanSeen]) -> None:
        """Remember the accounts customers paid from, and when last."""
        latest: dict[tuple[int, str], tuple[int, date]] = {}
        for customer_id, iban, day in seen:
            times, last = latest.get((customer_id, iban), (0, day))
            latest[(customer_id, iban)] = (times + 1, max(last, day))
        c = CustomerIbanRow
        known = {
            (customer_id, iban): (row_id, last)
            for row_id, customer_id, iban, last in self.session.execute(
                select(c.id, c.customer_id, c.iban, c.last_seen).where(c.company_id == company_id)
            )
        }
        fresh = [
            {"company_id": company_id, "customer_id": k[0], "iban": k[1], "times_seen": n,
             "last_seen": day}
            for k, (n, day) in latest.items() if k not in known
        ]  # fmt: skip
        again = [{"row": known[k][0], "n": n, "day": max(day, known[k][1])}
                 for k, (n, day) in latest.items() if k in known]  # fmt: skip
        if fresh:
            insert_many(self.session, c.__table__, fresh)
        if again:
            table = _table(c)
            statement = (
                update(table)
                .where(table.c.id == bindparam("row"))
                .values(times_seen=table.c.times_seen + bindparam("n"), last_seen=bindparam("day"))
            )
            execute_many(self.session, statement, again)

    def set_lines(self, outcomes: Sequence[LineOutcome], payments: Mapping[int, int]) -> None:
        """Store the outcome of lines stored before, with the payment booked from each
        (`payments`: by line id)."""
        if not outcomes:
            return
        rows = [{"line": o.line_id} | outcome_values(o, payments.get(o.line_id)) for o in outcomes]
        table = _table(BankTransactionRow)
        keys = [k for k in rows[0] if k != "line"]
        statement = (
            update(table)
            .where(table.c.id == bindparam("line"))
            .values({k: bindparam(f"v_{k}") for k in keys})
        )
        execute_many(
            self.session,
            statement,
            [{"line": r["line"], **{f"v_{k}": r[k] for k in keys}} for r in rows],
        )


@cache
def _places(currency: str) -> int:
    Money(currency, Decimal(0))  # refuses what is no ISO 4217 code, as Money would
    return minor_units(currency)


def _amount(minor: int, currency: str) -> Decimal:
    """`from_minor` without a Money per call: a ledger reads hundreds of thousands."""
    return Decimal(minor).scaleb(-_places(currency))


def _table(row: type[Any]) -> Table:
    table = row.__table__
    assert isinstance(table, Table)
    return table


_LINE_COLUMNS = (
    BankTransactionRow.booking_date, BankTransactionRow.amount_minor, BankTransactionRow.currency,
    BankTransactionRow.value_date, BankTransactionRow.counterparty_name,
    BankTransactionRow.counterparty_iban, BankTransactionRow.structured_reference,
    BankTransactionRow.remittance, BankTransactionRow.bank_reference,
    BankTransactionRow.end_to_end_id, BankTransactionRow.return_reason,
    BankTransactionRow.is_reversal,
)  # fmt: skip


def _line(
    booked: date,
    minor: int,
    currency: str,
    value: date | None,
    name: str | None,
    iban: str | None,
    reference: str | None,
    text: str,
    bank_ref: str | None,
    e2e: str | None,
    reason: str | None,
    reversal: bool,
) -> BankTransaction:
    return BankTransaction(
        booking_date=booked, amount=_amount(minor, currency), currency=currency,
        value_date=value, counterparty_name=name, counterparty_iban=iban,
        structured_reference=reference, remittance=text, bank_reference=bank_ref,
        end_to_end_id=e2e, return_reason=reason, is_reversal=reversal,
    )  # fmt: skip


def open_invoices(company_id: int, *keys: Any) -> Select[Any]:
    """The company's invoices with something left to pay (never a credit note), as matching
    and the bank review queue both read them: `keys` first, then `open_item`'s columns."""
    i, c = InvoiceRow, CustomerRow
    return (
        select(*keys, i.number, c.number, i.currency, i.open_minor, i.issue_date, i.due_date,
               i.payment_reference)
        .join(c, c.id == i.customer_id)
        .where(i.company_id == company_id, i.kind == "invoice", i.open_minor > 0)
    )  # fmt: skip


def with_claims(item: OpenItem, claims: Mapping[str, tuple[Decimal, Decimal]]) -> OpenItem:
    """The item with the costs and interest still claimed on its invoice (paid first)."""
    claimed = claims.get(item.invoice_number)
    return item if claimed is None else replace(item, costs=claimed[0], interest=claimed[1])


def open_item(
    number: str,
    customer: str,
    currency: str,
    open_minor: int,
    issued: date,
    due: date,
    reference: str | None,
    basis_points: int | None = None,
    days: int | None = None,
) -> OpenItem:
    discount = None
    if basis_points is not None and days is not None:
        discount = EarlyPaymentDiscount(Decimal(basis_points) / 100, days)
    return OpenItem(number, customer, currency, _amount(open_minor, currency), issued, due,
                    reference, discount)  # fmt: skip


def _paid(rows: list[Any]) -> PaidCredit:
    first = rows[0]
    _, customer, minor, currency, day, e2e, bank_ref, iban = first[:8]
    allocations = tuple(
        Allocation(number, _amount(a, currency), to_principal=_amount(a, currency))
        for *_, number, a in rows
    )
    return PaidCredit(customer, _amount(minor, currency), day, allocations, e2e, bank_ref,
                      iban, first[0])  # fmt: skip
