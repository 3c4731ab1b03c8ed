"""The workspace's read queries: the dashboard's queues, one customer's next step, one
invoice. The customer list and its amounts are the balance read model (balances.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, and_, exists, func, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db.repositories.clauses import SqlClauses
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import BankStatementRow, RunItemRow, RunRow, TaskRow
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.adapters.db.views.customer_state import last_statement_on, load_customer_state
from tijdig.adapters.db.views.ledger import find_invoice
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.reasons import written_from_text
from tijdig.engine.model import CustomerState
from tijdig.services.bank.drafts import BankLineStatus
from tijdig.services.read_models.dashboard import (
    AgendaLine,
    Queues,
    StatementDate,
    WaitingRun,
)


class SqlWorkspace:
    """Read-only; one short session per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- the dashboard's queues -------------------------------------------------------------

    def queues(self, company_id: int, *, as_of: date, agenda_limit: int) -> Queues:
        with Session(self.engine) as session:
            t = TaskRow
            due = and_(t.company_id == company_id, t.done_on.is_(None), t.due_on <= as_of)
            agenda_count = session.scalar(select(func.count()).select_from(t).where(due))
            first = session.execute(
                select(t.id, t.kind, t.due_on, t.title, CustomerRow.number, CustomerRow.name)
                .join(CustomerRow, CustomerRow.id == t.customer_id)
                .where(due)
                .order_by(t.due_on, t.id)
                .limit(agenda_limit)
            )
            return Queues(
                agenda_count=int(agenda_count or 0),
                agenda=tuple(_agenda_line(*row) for row in first),
                runs=tuple(self._waiting_runs(session, company_id)),
                bank_review=int(
                    session.scalar(
                        select(func.count()).where(
                            BankTransactionRow.company_id == company_id,
                            BankTransactionRow.status == BankLineStatus.REVIEW,
                        )
                    )
                    or 0
                ),
                statements=tuple(self._statements(session, company_id)),
            )

    def _waiting_runs(self, session: Session, company_id: int) -> list[WaitingRun]:
        r, item = RunRow, RunItemRow
        query = (
            select(r.id, r.as_of, func.count(item.id))
            .join(item, and_(item.run_id == r.id, item.status == RunItemStatus.PROPOSED))
            .where(r.company_id == company_id)
            .group_by(r.id, r.as_of)
            .order_by(r.id.desc())
        )
        return [WaitingRun(run_id, day, int(n)) for run_id, day, n in session.execute(query)]

    def _statements(self, session: Session, company_id: int) -> list[StatementDate]:
        s = BankStatementRow
        query = (
            select(s.account_iban, func.max(s.statement_date))
            .where(s.company_id == company_id)
            .group_by(s.account_iban)
            .order_by(s.account_iban)
        )
        return [StatementDate(iban, day) for iban, day in session.execute(query)]

    # --- one customer ---------------------------------------------------------------------

    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None:
        with Session(self.engine) as session:
            return load_customer_state(session, company_id, customer_id, as_of=as_of)

    def customer_waiting(self, company_id: int, customer_id: int) -> bool:
        """An approved message for the customer not yet sent (the run holds a new one)."""
        item = RunItemRow
        query = select(
            exists().where(
                item.company_id == company_id,
                item.customer_id == customer_id,
                item.kind == RunItemKind.MESSAGE,
                item.status.in_((RunItemStatus.APPROVED, RunItemStatus.QUEUED)),
            )
        )
        with Session(self.engine) as session:
            return bool(session.scalar(query))

    def last_statement_on(self, company_id: int) -> date | None:
        with Session(self.engine) as session:
            return last_statement_on(session, company_id)

    def company_clause(self, company_id: int) -> DamagesClause | None:
        """The company's own damages clause (a customer's is in its state), as the run's."""
        with Session(self.engine) as session:
            return SqlClauses(session).get(company_id)

    def invoice(self, company_id: int, customer_id: int, number: str) -> Invoice | None:
        """The customer's invoice (else credit note) with this number; None if not theirs."""
        with Session(self.engine) as session:
            found = find_invoice(session, company_id, number, customer_id=customer_id)
            return None if found is None else conv.invoice_from_row(*found)


def _agenda_line(
    task_id: int, kind: str, due_on: date, title: str, number: str, name: str
) -> AgendaLine:
    return AgendaLine(task_id, kind, due_on, written_from_text(title), number, name)
