"""A hand-over's internal summary lists the disputes of its invoices: why and since
when, the lines disputed with their amount, and how each ended (the file that goes
along with the claim)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.internal import Department, OutcomeKind
from tijdig.domain.collection.records import ReasonCode
from tijdig.services.records.case_ports import DisputeCase, LedgerItem, LineRef

from .test_messages import context, plain, render

INVOICE = LedgerItem(1, 1, "C1", "invoice", "2026-001", "EUR", Decimal("1010.00"),
                     date(2026, 2, 1))  # fmt: skip


def _case(**changes: object) -> DisputeCase:
    values: dict[str, object] = {
        "id": 7, "invoice": INVOICE, "reason": ReasonCode.DISSATISFIED, "note": "",
        "opened_on": date(2026, 2, 10), "resolved_on": date(2026, 2, 20),
        "department": Department.SALES, "owner": None, "deadline": None, "task_id": None,
        "lines": (LineRef(11, 2, "Installatie", Decimal("200.00")),),
        "outcome": OutcomeKind.CREDIT_NOTE, "explanation": "", "credit_note": "2026-001-C7",
        "replacement": None, "plan_id": None,
    }  # fmt: skip
    return DisputeCase(**(values | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nl", "Geschillen over deze facturen: - 2026-001: ontevreden over product of dienst, "
               "sinds 10 februari 2026; regels: 2 Installatie € 200,00 (betwist: € 200,00); "
               "creditnota 20 februari 2026 (2026-001-C7)"),
        ("en", "Disputes about these invoices: - 2026-001: dissatisfied with goods or service, "
               "since 10 February 2026; lines: 2 Installatie €200.00 (disputed: €200.00); "
               "credit note 20 February 2026 (2026-001-C7)"),
    ],
)  # fmt: skip
def test_the_hand_over_lists_each_dispute_with_its_lines_and_outcome(
    language: str, said: str
) -> None:
    message = render(context("hand_over", language=language, disputes=(_case(),)))
    assert said in plain(message.text), message.text


def test_an_open_dispute_of_the_whole_invoice_says_so() -> None:
    case = _case(lines=(), resolved_on=None, outcome=None, credit_note=None)
    text = plain(render(context("hand_over", disputes=(case,))).text)
    assert "regels: de hele factuur; nog open" in text, text


def test_without_disputes_the_summary_has_no_such_list() -> None:
    assert "Geschillen" not in render(context("hand_over")).text
