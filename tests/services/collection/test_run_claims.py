"""What a sent message claimed is recorded per invoice exactly as the engine computed it
(`Claim.parts`, kept in the run item's payload), on the fakes. That the run's loader
reads it back, so a later claim leaves out what was claimed, is tested on the database
(tests/adapters/db/test_claims_sent_and_read.py)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from tests.fakes_collection import FakeCollectionDatabase
from tests.services.collection.data import set_states
from tests.services.collection.test_messages import _setup
from tijdig.engine.preview import preview_proposal
from tijdig.services.collection.messages import claims_per_invoice
from tijdig.services.collection.payload import (
    StoredProposal,
    proposal_from_json,
    proposal_to_json,
)
from tijdig.services.collection.run import company_state

LATER = date(2026, 11, 24)  # A, B (60.50) and C (250) all overdue


def _old_line(number: str, open_amount: str) -> dict[str, object]:
    return {"invoice": number, "kind": "invoice", "step": "notice_of_default",
            "due_date": "2026-09-01", "open": open_amount, "currency": "EUR",
            "days_overdue": 60, "reference": None}  # fmt: skip


def test_a_payload_without_parts_is_still_apportioned_by_open_amount() -> None:
    """Run items written before the parts were stored (an old payload)."""
    payload = {
        "customer": "C1", "policy": "default", "step": "notice_of_default", "reasons": [],
        "claim": {"costs": "80.00", "interest": "0.00", "currency": "EUR", "explanation": []},
        "covered": ["A", "C"], "announced": None, "auto_approve": False,
        "lines": [_old_line("A", "1000.00"), _old_line("C", "250.00")],
    }  # fmt: skip
    assert claims_per_invoice(StoredProposal.from_json(payload)) == [
        ("A", Decimal("64.00"), Decimal("0.00"), "EUR"),
        ("C", Decimal("16.00"), Decimal("0.00"), "EUR"),
    ]


def test_the_parts_survive_the_run_items_payload() -> None:
    """On the fakes: C1's state as the run reads it before anything was sent."""
    db = FakeCollectionDatabase()
    company = _setup(db, "nl")
    assert company.id is not None
    set_states(db, company)
    with db.uow() as uow:
        state, policies = company_state(uow, company)
        [customer] = uow.run_data.customer_states(company.id, as_of=LATER, customer_number="C1")
        proposal = preview_proposal(customer, state, policies, "notice_of_default", as_of=LATER)
    assert proposal.claim is not None and len(proposal.claim.parts) == 3
    payload = json.loads(json.dumps(proposal_to_json(proposal)))
    assert proposal_from_json(payload, policies) == proposal
    assert claims_per_invoice(StoredProposal.of(proposal)) == [
        (p.invoice_number, p.costs, p.interest, "EUR") for p in proposal.claim.parts
    ]
    del payload["claim"]["parts"]  # as an old payload reads back: without parts
    old = proposal_from_json(payload, policies)
    assert old.claim is not None and old.claim.parts == ()
