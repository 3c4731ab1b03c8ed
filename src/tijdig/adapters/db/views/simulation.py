"""What the strategy simulation reads (services/collection/simulation.py): the company's
customers, invoices, allocations, steps taken and call tasks, each in one Core query of
plain tuples. It reads everything up to the period's last day; the service keeps apart
what was known on the first day (to decide) and what happened later (to report)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.schema.collection import StepTakenRow, TaskRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow
from tijdig.adapters.db.views.customer_state import all_customers
from tijdig.domain.collection.records import StepTaken
from tijdig.services.collection.simulation_ports import LedgerInvoice, SimulationLedger


class SqlSimulationReads:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ledger(self, company_id: int, *, through: date) -> SimulationLedger:
        """Invoices (kind invoice) issued by `through`, with their allocations; every
        customer; the steps taken and call tasks due by `through`."""
        i, a, s, t = InvoiceRow, AllocationRow, StepTakenRow, TaskRow
        with Session(self.engine) as session:
            customers = all_customers(session, company_id)
            numbers = {cid: c.number for cid, c in customers.items()}
            paid: dict[int, list[tuple[date, int]]] = {}
            for invoice_id, on, minor in session.execute(
                select(a.invoice_id, a.allocated_on, a.amount_minor)
                .join(i, i.id == a.invoice_id)
                .where(a.company_id == company_id, i.kind == p.INVOICE)
                .order_by(a.allocated_on, a.id)
            ):
                paid.setdefault(invoice_id, []).append((on, minor))
            invoices = []
            for row in session.execute(
                select(i.id, i.number, i.customer_id, i.issue_date, i.due_date, i.currency,
                       i.total_minor, i.prepaid_minor, i.default_from)
                .where(i.company_id == company_id, i.kind == p.INVOICE, i.issue_date <= through)
                .order_by(i.issue_date, i.id)
            ):  # fmt: skip
                iid, number, cid, issued, due, cur, total, prepaid, default_from = row
                invoices.append(LedgerInvoice(
                    iid, number, numbers[cid], issued, due, from_minor(total, cur),
                    from_minor(prepaid, cur), cur, default_from,
                    tuple((on, from_minor(m, cur)) for on, m in paid.get(iid, ())),
                ))  # fmt: skip
            by_id = {inv.id: inv.number for inv in invoices}
            steps = [
                StepTaken(by_id[iid], key, on, channel, deadline)
                for iid, key, on, channel, deadline in session.execute(
                    select(s.invoice_id, s.step_key, s.taken_on, s.channel, s.deadline)
                    .where(s.company_id == company_id, s.taken_on <= through)
                    .order_by(s.taken_on, s.id)
                )
                if iid in by_id
            ]
            calls = [
                (numbers[cid], due)
                for cid, due in session.execute(
                    select(t.customer_id, t.due_on).where(
                        t.company_id == company_id, t.kind == "call", t.due_on <= through
                    )
                )
            ]
        return SimulationLedger(tuple(customers.values()), tuple(invoices), tuple(steps),
                                tuple(calls))  # fmt: skip
