"""The internal check (S3-2): another department's note holds what it touches, the whole
customer or the one invoice, from the day it was opened through its end date, until the
day it is closed; and a note added after the run's approval drops the message at sending."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.domain.collection.internal import Department, InternalNote, NoteKind
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.advice import advise
from tijdig.engine.at_send import Dropped, Ready, at_send
from tijdig.engine.model import CompanyState, CustomerState, Hold

POLICIES = default_policy_set()
RUN = date(2026, 3, 13)  # A and B, due Fri 03-06, are due their reminder
A = Invoice("A", "C1", date(2026, 2, 4), date(2026, 3, 6), Decimal("500.00"))
B = Invoice("B", "C1", date(2026, 2, 4), date(2026, 3, 6), Decimal("300.00"))
OPENED = date(2026, 3, 10)
COMPANY = CompanyState(Company("acme", "Acme BV"), has_bank_import=True, last_statement_on=RUN)


def _note(invoice: str | None = None, **changes: object) -> InternalNote:
    values: dict[str, object] = {"until": None, "closed_on": None} | changes
    return InternalNote("C1", Department.DELIVERY, NoteKind.PENDING_DELIVERY, "nog te leveren",
                        OPENED, invoice, **values)  # type: ignore[arg-type]  # fmt: skip


def _state(*notes: InternalNote) -> CustomerState:
    return CustomerState(Customer("C1", "Klant"), (A, B), notes=notes)


def _proposed(state: CustomerState, day: date = RUN) -> list[str]:
    decision = advise(state, COMPANY, POLICIES, as_of=day)
    return [] if decision.proposal is None else [i.invoice_number for i in decision.proposal.lines]


def test_a_customer_note_holds_the_whole_customer_and_says_why() -> None:
    decision = advise(_state(_note()), COMPANY, POLICIES, as_of=RUN)
    assert decision.proposal is None
    why = reason(Code.NOTE_HOLDS_CUSTOMER, department="delivery", note_kind="pending_delivery",
                 since=OPENED)  # fmt: skip
    assert Hold("C1", why) in decision.holds


def test_an_invoice_note_holds_that_invoice_only() -> None:
    decision = advise(_state(_note("A")), COMPANY, POLICIES, as_of=RUN)
    assert decision.proposal is not None
    assert [i.invoice_number for i in decision.proposal.lines] == ["B"]
    assert [h.invoice_number for h in decision.holds] == ["A"]
    assert decision.holds[0].reason.code is Code.NOTE_HOLDS_INVOICE


@pytest.mark.parametrize(
    ("changes", "held"),
    [
        ({"until": RUN}, True),  # its end date still holds
        ({"until": RUN - timedelta(days=1)}, False),  # passed: released
        ({"closed_on": RUN + timedelta(days=1)}, True),  # closed later
        ({"closed_on": RUN}, False),  # closed that day: released
    ],
)
def test_a_note_holds_through_its_end_date_and_until_the_day_it_is_closed(
    changes: dict[str, object], held: bool
) -> None:
    assert (_proposed(_state(_note(**changes))) == []) is held


def test_a_note_opened_after_the_day_holds_nothing_yet() -> None:
    later = InternalNote("C1", Department.SALES, NoteKind.EXTRA_WORK, "meerwerk",
                         RUN + timedelta(days=1))  # fmt: skip
    assert _proposed(_state(later)) == ["A", "B"]


def test_a_note_added_after_approval_drops_the_message_at_sending() -> None:
    decision = advise(_state(), COMPANY, POLICIES, as_of=RUN)
    assert decision.proposal is not None
    channel = decision.proposal.step.channel
    ready = at_send(decision.proposal, _state(), COMPANY, POLICIES, on=RUN, channel=channel)
    assert isinstance(ready, Ready)
    dropped = at_send(decision.proposal, _state(_note()), COMPANY, POLICIES, on=RUN,
                      channel=channel)  # fmt: skip
    assert isinstance(dropped, Dropped)
    assert any(r.code is Code.NOTE_HOLDS_CUSTOMER for r in dropped.reasons)
