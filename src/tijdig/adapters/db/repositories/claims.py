"""What stands between payments and invoices: costs and interest claimed and not yet
paid (art. 6:44 BW), and money received but not (fully) allocated; and what was
claimed before, per invoice, so the engine never claims it twice."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Connection, Select, case, func, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import InvoiceClaimRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.parties import CustomerKind
from tijdig.engine.model import ClaimedBefore
from tijdig.services.bank.drafts import BankLineStatus

CONSUMER = CustomerKind.CONSUMER.value


def claims_left(
    executor: Session | Connection, company_id: int, *, customer_id: int | None = None
) -> dict[str, tuple[Decimal, Decimal]]:
    """Per invoice number: claimed costs and interest that payments have not yet met."""
    c, a, i = InvoiceClaimRow, AllocationRow, InvoiceRow
    query = (
        select(i.number, c.invoice_id, c.currency, func.sum(c.costs_minor),
               func.sum(c.interest_minor))
        .join(i, i.id == c.invoice_id)
        .where(c.company_id == company_id)
        .group_by(i.number, c.invoice_id, c.currency)
    )  # fmt: skip
    if customer_id is not None:
        query = query.where(i.customer_id == customer_id)
    claimed = executor.execute(query).all()
    if not claimed:
        return {}
    paid = {
        invoice_id: (int(costs or 0), int(interest or 0))
        for invoice_id, costs, interest in executor.execute(
            select(a.invoice_id, func.sum(a.costs_minor), func.sum(a.interest_minor))
            .where(a.invoice_id.in_([row[1] for row in claimed]))
            .group_by(a.invoice_id)
        )
    }
    left: dict[str, tuple[Decimal, Decimal]] = {}
    for number, invoice_id, currency, costs, interest in claimed:
        paid_costs, paid_interest = paid.get(invoice_id, (0, 0))
        left[number] = (
            from_minor(max(int(costs) - paid_costs, 0), currency),
            from_minor(max(int(interest) - paid_interest, 0), currency),
        )
    return left


def unallocated_money(
    executor: Session | Connection, company_id: int, *, customer_id: int | None = None
) -> dict[int, list[tuple[str, Decimal]]]:
    """Per customer id: credits of a known customer waiting for review, and the rest of
    overpayments (bank payments not allocated in full), as (currency, amount)."""
    t, p, a = BankTransactionRow, PaymentRow, AllocationRow
    waiting = (
        select(t.customer_id, t.currency, func.sum(t.amount_minor))
        .where(t.company_id == company_id, t.status == BankLineStatus.REVIEW, t.amount_minor > 0,
               t.customer_id.is_not(None))
        .group_by(t.customer_id, t.currency)
    )  # fmt: skip
    allocated = func.coalesce(func.sum(a.amount_minor), 0)
    rest = (
        select(p.customer_id, p.currency, p.amount_minor - allocated)
        .outerjoin(a, a.payment_id == p.id)
        .where(p.company_id == company_id, p.bank_transaction_id.is_not(None))
        .group_by(p.id, p.customer_id, p.currency, p.amount_minor)
        .having(p.amount_minor > allocated)
    )
    if customer_id is not None:
        waiting = waiting.where(t.customer_id == customer_id)
        rest = rest.where(p.customer_id == customer_id)
    found: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for query in (waiting, rest):
        for customer, currency, minor in executor.execute(query):
            if customer is not None:
                found[customer].append((currency, from_minor(int(minor), currency)))
    return found


def claimed_before(
    executor: Session | Connection, company_id: int, *, customer_id: int | None = None
) -> tuple[dict[int, list[ClaimedBefore]], dict[int, list[StepTaken]]]:
    """Per customer id: the costs and interest claimed per invoice in messages sent, with
    the day of the last claim of interest. On open invoices; and on the paid invoices of
    a consumer with open invoices, with their steps (the second dict), since the costs
    of one 14-day letter's invoices are computed together (engine/claims.py).

    Two grouped queries for the whole company (three when a consumer's paid invoice had
    costs claimed), each driven by the partial index of the open invoices, so the cost
    follows the open items, not the history of claims."""
    i, k = InvoiceRow, CustomerRow
    open_items = select(i.id).where(i.company_id == company_id, predicates.is_open())
    with_open = select(i.customer_id).where(i.company_id == company_id, predicates.is_open())
    paid = (
        select(i.id).join(k, k.id == i.customer_id)
        .where(k.company_id == company_id, k.kind == CONSUMER, i.open_minor == 0,
               k.id.in_(with_open))
    )  # fmt: skip
    if customer_id is not None:
        open_items = open_items.where(i.customer_id == customer_id)
        paid = paid.where(i.customer_id == customer_id)
    found: dict[int, list[ClaimedBefore]] = defaultdict(list)
    _add_claimed(executor, company_id, open_items, found)
    if not _add_claimed(executor, company_id, paid, found):
        return found, {}
    return found, _paid_claimed_steps(executor, company_id, paid)


def _add_claimed(
    executor: Session | Connection,
    company_id: int,
    invoice_ids: Select[int],
    found: dict[int, list[ClaimedBefore]],
) -> int:
    """Add the claims on the invoices `invoice_ids` selects; return how many invoices."""
    c, i = InvoiceClaimRow, InvoiceRow
    interest_to = func.max(case((c.interest_minor > 0, c.claimed_on), else_=None))
    query = (
        select(i.customer_id, i.number, c.currency, func.sum(c.costs_minor),
               func.sum(c.interest_minor), interest_to)
        .join(i, i.id == c.invoice_id)
        .where(c.company_id == company_id, c.invoice_id.in_(invoice_ids))
        .group_by(i.customer_id, i.id, i.number, c.currency)
    )  # fmt: skip
    count = 0
    for cid, number, cur, costs, interest, last in executor.execute(query):
        found[cid].append(ClaimedBefore(number, from_minor(int(costs or 0), cur),
                                        from_minor(int(interest or 0), cur), last))  # fmt: skip
        count += 1
    return count


def _paid_claimed_steps(
    executor: Session | Connection, company_id: int, paid: Select[int]
) -> dict[int, list[StepTaken]]:
    """The steps of a consumer's paid invoices that had costs claimed: their letter."""
    s, i, c = StepTakenRow, InvoiceRow, InvoiceClaimRow
    claimed = select(c.invoice_id).where(c.company_id == company_id, c.costs_minor > 0,
                                         c.invoice_id.in_(paid))  # fmt: skip
    query = (
        select(i.customer_id, i.number, s.step_key, s.taken_on, s.channel, s.deadline)
        .join(i, i.id == s.invoice_id)
        .where(s.company_id == company_id, s.invoice_id.in_(claimed))
        .order_by(s.taken_on, s.id)
    )
    found: dict[int, list[StepTaken]] = defaultdict(list)
    for cid, number, key, taken_on, channel, deadline in executor.execute(query):
        found[cid].append(StepTaken(number, key, taken_on, channel, deadline))
    return found
