"""Runs of the collection engine and their items (proposals, calls, holds, warnings)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from tijdig.engine.model import Decision
from tijdig.services.collection.messages import AS_SENT
from tijdig.services.collection.payload import proposal_to_json
from tijdig.services.collection.views import RunItem, RunView

from .collection_rows import InvoiceClaimRow, RunItemRow, RunRow, StepTakenRow
from .converters import to_minor
from .rows import CompanyRow, CustomerRow, InvoiceRow


class SqlRuns:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self,
        company_id: int,
        *,
        as_of: date,
        created_at: datetime,
        decisions: Sequence[tuple[int, Decision]],
        warnings: Sequence[str] = (),
    ) -> int:
        """Store a run with one item per proposal, call, hold and warning."""
        run = RunRow(company_id=company_id, as_of=as_of, created_at=created_at)
        self.session.add(run)
        self.session.flush()
        rows = [_item(run.id, company_id, None, "warning", "info", text) for text in warnings]
        for customer_id, decision in decisions:
            rows.extend(_items(run.id, company_id, customer_id, decision))
        for start in range(0, len(rows), 5000):
            self.session.execute(insert(RunItemRow), rows[start : start + 5000])
        return run.id

    def latest_id(self, company_id: int) -> int | None:
        return self.session.scalar(
            select(RunRow.id)
            .where(RunRow.company_id == company_id)
            .order_by(RunRow.id.desc())
            .limit(1)
        )

    def view(self, run_id: int, *, kinds: Sequence[str] | None = None) -> RunView | None:
        run = self.session.get(RunRow, run_id)
        if run is None:
            return None
        code = self.session.scalar(select(CompanyRow.code).where(CompanyRow.id == run.company_id))
        query = (
            select(RunItemRow, CustomerRow.number, CustomerRow.name)
            .outerjoin(CustomerRow, CustomerRow.id == RunItemRow.customer_id)
            .where(RunItemRow.run_id == run_id)
            .order_by(RunItemRow.id)
        )
        if kinds:
            query = query.where(RunItemRow.kind.in_(kinds))
        items = tuple(_view(row, number, name) for row, number, name in self.session.execute(query))
        return RunView(run.id, code or "", run.as_of, items)

    def item(self, item_id: int) -> RunItem | None:
        found = self.session.execute(
            select(RunItemRow, CustomerRow.number, CustomerRow.name)
            .outerjoin(CustomerRow, CustomerRow.id == RunItemRow.customer_id)
            .where(RunItemRow.id == item_id)
        ).first()
        return None if found is None else _view(*found)

    def note(self, item_id: int, text: str) -> None:
        """Add to an item's summary why it ended as it did."""
        row = self.session.get(RunItemRow, item_id)
        if row is not None:
            row.summary = f"{row.summary} [{text}]" if row.summary else text

    def items_with_status(
        self, company_id: int, kind: str, statuses: Sequence[str]
    ) -> list[RunItem]:
        query = (
            select(RunItemRow, CustomerRow.number, CustomerRow.name)
            .outerjoin(CustomerRow, CustomerRow.id == RunItemRow.customer_id)
            .where(RunItemRow.company_id == company_id, RunItemRow.kind == kind)
            .where(RunItemRow.status.in_(statuses))
            .order_by(RunItemRow.id)
        )
        return [_view(row, number, name) for row, number, name in self.session.execute(query)]

    def set_status(
        self, item_ids: Sequence[int], status: str, *, only_from: Sequence[str], at: datetime
    ) -> int:
        """Move items to `status` when they are in one of `only_from`; the count moved."""
        if not item_ids:
            return 0
        result = self.session.execute(
            update(RunItemRow)
            .where(RunItemRow.id.in_(item_ids), RunItemRow.status.in_(only_from))
            .values(status=status, decided_at=at)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def supersede_open(self, company_id: int, *, at: datetime) -> int:
        """Proposals of earlier runs nobody decided on give way to the new run's."""
        result = self.session.execute(
            update(RunItemRow)
            .where(RunItemRow.company_id == company_id, RunItemRow.status == "proposed")
            .values(status="superseded", decided_at=at)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def record_steps(
        self,
        company_id: int,
        run_item_id: int,
        steps: Sequence[tuple[str, str]],
        *,
        channel: str,
        taken_on: date,
        deadline: date | None = None,
    ) -> int:
        """The steps a sent message took, as (invoice number, step key), with the deadline
        it stated; the count stored."""
        numbers = [number for number, _ in steps]
        ids = self._invoice_ids(company_id, numbers)
        rows = [
            {"company_id": company_id, "invoice_id": ids[number], "step_key": key,
             "channel": channel, "taken_on": taken_on, "deadline": deadline,
             "run_item_id": run_item_id}
            for number, key in steps
            if number in ids
        ]  # fmt: skip
        if rows:
            self.session.execute(insert(StepTakenRow), rows)
        return len(rows)

    def set_sent_payload(self, item_id: int, sent: dict[str, Any]) -> None:
        """Keep, beside what was approved, the proposal as it is sent (AS_SENT)."""
        row = self.session.get(RunItemRow, item_id)
        if row is not None:
            row.payload = json.dumps(json.loads(row.payload) | {AS_SENT: sent})

    def record_claims(
        self,
        company_id: int,
        run_item_id: int,
        claims: Sequence[tuple[str, Decimal, Decimal, str]],
        *,
        claimed_on: date,
    ) -> None:
        """Costs and interest claimed per invoice: (number, costs, interest, currency)."""
        numbers = [number for number, *_ in claims]
        ids = self._invoice_ids(company_id, numbers)
        rows = [
            {"company_id": company_id, "invoice_id": ids[number], "currency": currency,
             "costs_minor": to_minor(costs, currency),
             "interest_minor": to_minor(interest, currency),
             "claimed_on": claimed_on, "run_item_id": run_item_id}
            for number, costs, interest, currency in claims
            if number in ids
        ]  # fmt: skip
        if rows:
            self.session.execute(insert(InvoiceClaimRow), rows)

    def _invoice_ids(self, company_id: int, numbers: Sequence[str]) -> dict[str, int]:
        """Invoice ids by number (invoices, not credit notes), for the numbers given."""
        query = select(InvoiceRow.number, InvoiceRow.id).where(
            InvoiceRow.company_id == company_id,
            InvoiceRow.kind == "invoice",
            InvoiceRow.number.in_(numbers),
        )
        return dict(self.session.execute(query).all())

    def customers_waiting(self, company_id: int) -> set[int]:
        """Customers with an approved message not yet sent: no second one is proposed."""
        query = select(RunItemRow.customer_id).where(
            RunItemRow.company_id == company_id,
            RunItemRow.kind == "message",
            RunItemRow.status.in_(("approved", "queued")),
        )
        return {cid for cid in self.session.scalars(query) if cid is not None}


def _items(run_id: int, company_id: int, customer_id: int, d: Decision) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if d.proposal is not None:
        p = d.proposal
        status = "approved" if p.auto_approve else "proposed"
        summary = f"{p.step.key} by {p.channel.value}: " + "; ".join(p.reasons)
        row = _item(run_id, company_id, customer_id, "message", status, summary)
        row |= {
            "policy_code": p.policy_code,
            "step_key": p.step.key,
            "channel": p.channel.value,
            "payload": json.dumps(proposal_to_json(p)),
            "auto_approved": p.auto_approve,
        }
        rows.append(row)
    for call in d.calls:
        detail = {"reason": call.reason, "due_on": call.due_on.isoformat(),
                  "contact_role": call.contact_role, "script": call.script}  # fmt: skip
        row = _item(run_id, company_id, customer_id, "call", "proposed", call.reason)
        rows.append(row | {"channel": "call", "payload": json.dumps(detail)})
    for hold in d.holds:
        row = _item(run_id, company_id, customer_id, "hold", "info", hold.reason)
        rows.append(row | {"payload": json.dumps({"invoice": hold.invoice_number})})
    rows.extend(_item(run_id, company_id, customer_id, "warning", "info", w) for w in d.warnings)
    return rows


def _item(
    run_id: int, company_id: int, customer_id: int | None, kind: str, status: str, summary: str
) -> dict[str, Any]:
    return {
        "run_id": run_id, "company_id": company_id, "customer_id": customer_id, "kind": kind,
        "status": status, "summary": summary, "payload": "{}", "auto_approved": False,
        "policy_code": None, "step_key": None, "channel": None, "decided_at": None,
    }  # fmt: skip


def _view(row: RunItemRow, number: str | None, name: str | None) -> RunItem:
    return RunItem(
        id=row.id, run_id=row.run_id, kind=row.kind, status=row.status,
        customer_number=number, customer_name=name, policy_code=row.policy_code,
        step_key=row.step_key, channel=row.channel, summary=row.summary,
        payload=json.loads(row.payload), auto_approved=row.auto_approved,
    )  # fmt: skip
