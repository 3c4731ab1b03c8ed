"""What a sent message claims is recorded per invoice (`SqlRuns.record_claims`) and read
back by the run's loader (`claimed_before`) on SQLite and PostgreSQL, so a later claim
leaves out the costs, and the interest up to then, already claimed. The case found:
costs of EUR 150 claimed on invoice A by a notice of default that was sent; the next
message over A and the invoices late since must not count A's costs again, and claims
A's interest only from the day after the notice. The messages go through the collection
services as `tijdig send` sends them (tests/services/collection/test_messages.py)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from tests.services.collection.test_messages import NOTICE_DAY, _send_step, _setup
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.schema.collection import InvoiceClaimRow, RunItemRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.engine.model import Claim, ClaimPart, CustomerState
from tijdig.engine.preview import preview_proposal
from tijdig.services.collection.messages import claims_per_invoice
from tijdig.services.collection.payload import MessagePayload
from tijdig.services.collection.run import company_state

LATER = date(2026, 11, 24)  # A, B (60.50) and C (250) all overdue


def test_a_later_claim_leaves_out_the_costs_and_interest_already_claimed(
    app: Tijdig, tmp_path: Path
) -> None:
    company = _setup(app, "nl")
    assert company.id is not None
    _send_step(app, company, "notice_of_default", NOTICE_DAY, tmp_path)  # A: 150 + 11.96
    with app.uow() as uow:
        state, policies = company_state(uow, company)
        [customer] = uow.run_data.customer_states(company.id, as_of=LATER, customer_number="C1")
        notice = preview_proposal(customer, state, policies, "notice_of_default", as_of=LATER)
        demand = preview_proposal(customer, state, policies, "formal_demand", as_of=LATER)
    assert [(c.invoice_number, c.costs) for c in customer.claimed] == [("A", Decimal("150.00"))]
    assert notice.claim is not None and demand.announced is not None
    assert notice.covered == ("A", "C", "B")  # by due date
    # B and C: EUR 40 each (the minimum); A's 150 not again (it was 230, with A's 150).
    assert notice.claim.costs == demand.announced.costs == Decimal("80.00")
    parts = {p.invoice_number: p for p in notice.claim.parts}
    assert parts["A"] == ClaimPart("A", Decimal(0), Decimal("11.68"))  # 42 days at 10.15 %
    assert (parts["B"].costs, parts["C"].costs) == (Decimal("40.00"), Decimal("40.00"))
    assert "A: interest 11.68 from 2026-10-14 to 2026-11-24" in notice.claim.explanation


SECOND = date(2026, 12, 22)  # C (due 31 Oct) and B (due 15 Nov) reach their notice
LATEST = date(2026, 12, 29)  # a week after the second notice


def _recorded(app: Tijdig, claimed_on: date) -> dict[str, tuple[Decimal, Decimal]]:
    """The claims recorded per invoice by the message sent on `claimed_on`."""
    c, i = InvoiceClaimRow, InvoiceRow
    with app.uow() as uow:
        rows = uow.session.execute(
            select(i.number, c.costs_minor, c.interest_minor)
            .join(i, i.id == c.invoice_id)
            .where(c.claimed_on == claimed_on)
        ).all()
    found = {number: (from_minor(costs, "EUR"), from_minor(interest, "EUR"))
             for number, costs, interest in rows}  # fmt: skip
    assert len(found) == len(rows)  # one record per invoice per message
    return found


def _claim_now(app: Tijdig, company: Company, step: str, day: date) -> tuple[Claim, CustomerState]:
    assert company.id is not None
    with app.uow() as uow:
        state, policies = company_state(uow, company)
        [customer] = uow.run_data.customer_states(company.id, as_of=day, customer_number="C1")
        claim = preview_proposal(customer, state, policies, step, as_of=day).claim
    assert claim is not None
    return claim, customer


def _hand_over(app: Tijdig, company: Company, number: str, day: date) -> None:
    """Record an approved hand-over of invoice `number` (what `tijdig send` records)."""
    with app.uow() as uow:
        invoice_id = uow.session.scalar(select(InvoiceRow.id).where(InvoiceRow.number == number))
        uow.session.add(
            StepTakenRow(
                company_id=company.id,
                invoice_id=invoice_id,
                step_key="hand_over",
                channel="task",
                taken_on=day,
            )
        )
        uow.commit()


def _sent_parts(app: Tijdig) -> dict[str, tuple[Decimal, Decimal]]:
    """The claim's parts of the last message sent, as it went out (worked out at send)."""
    with app.uow() as uow:
        payload = uow.session.scalars(
            select(RunItemRow.payload)
            .where(RunItemRow.status == "sent")
            .order_by(RunItemRow.id.desc())
        ).first()
    assert payload is not None
    return {
        number: (costs, interest)
        for number, costs, interest, _ in claims_per_invoice(
            MessagePayload.from_json(json.loads(payload)).sent
        )
    }


def test_each_invoice_records_its_own_part_of_the_claim_to_the_cent(
    app: Tijdig, tmp_path: Path
) -> None:
    """Apportioned by open amount, C would get a share of the costs by its amount and the
    engine would never claim C's own EUR 40 again; recorded per part, it is exact. The
    second notice goes when B and C reach it; A was handed over meanwhile, so it is only
    listed. Interest at 10.15 %: C 250.00 for 52 days (1 Nov to 22 Dec) is 3.62; B 60.50
    for 37 days (16 Nov to 22 Dec) is 0.62."""
    company = _setup(app, "nl")
    _send_step(app, company, "notice_of_default", NOTICE_DAY, tmp_path)  # A: 150 + 11.96
    assert _recorded(app, NOTICE_DAY) == {"A": (Decimal("150.00"), Decimal("11.96"))}
    _hand_over(app, company, "A", date(2026, 10, 28))
    _send_step(app, company, "notice_of_default", SECOND, tmp_path)  # C and B covered
    recorded = _recorded(app, SECOND)
    assert recorded == _sent_parts(app)
    assert recorded == {"C": (Decimal("40.00"), Decimal("3.62")),
                        "B": (Decimal("40.00"), Decimal("0.62"))}  # fmt: skip

    # A later claim finds every invoice's costs claimed, and its interest up to then.
    again, customer = _claim_now(app, company, "notice_of_default", LATEST)
    claimed = customer.claimed_by_invoice()
    assert {n: (c.costs, c.interest_to) for n, c in claimed.items()} == {
        "A": (Decimal("150.00"), NOTICE_DAY), "B": (Decimal("40.00"), SECOND),
        "C": (Decimal("40.00"), SECOND),
    }  # fmt: skip
    assert again.costs == 0
    assert all(p.costs == 0 for p in again.parts)
    starts = {"A": "2026-10-14", "B": "2026-12-23", "C": "2026-12-23"}
    for number, first in starts.items():
        assert f"from {first} to {LATEST}" in next(
            e for e in again.explanation if e.startswith(f"{number}: interest")
        )
