"""What a file makes of a planned collection: collect it once its notice went out in
time and its invoices are open as announced; else wait or cancel, naming why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.domain.test_debit_collections import CREDITOR_ID, mandate, planned
from tijdig.domain.debit_collections import Notice, NoticeState
from tijdig.domain.debit_verdicts import Outcome, judge


def sent(on: date) -> Notice:
    return Notice(NoticeState.SENT, sent_on=on)


D = date(2026, 12, 31)  # a Thursday, the last TARGET2 day of 2026
ANNOUNCED = {1: Decimal("121.00")}


@pytest.mark.parametrize(
    ("notice", "submitted_on", "outcome", "code"),
    [
        (sent(date(2026, 12, 17)), date(2026, 12, 30), Outcome.COLLECT, None),  # 14 days
        (sent(date(2026, 12, 1)), date(2026, 12, 30), Outcome.COLLECT, None),
        (sent(date(2026, 12, 18)), date(2026, 12, 30), Outcome.CANCEL, "notice_late"),  # 13 days
        (None, date(2026, 12, 30), Outcome.CANCEL, "notice_not_sent"),
        (Notice(NoticeState.QUEUED), date(2026, 12, 30), Outcome.CANCEL, "notice_not_sent"),
        (Notice(NoticeState.QUEUED), date(2026, 12, 16), Outcome.WAIT, "notice_queued"),
        (Notice(NoticeState.UNCONFIRMED), date(2026, 12, 30), Outcome.WAIT, "notice_unconfirmed"),
        (Notice(NoticeState.FAILED, error="550 no such user"), date(2026, 12, 30),
         Outcome.CANCEL, "notice_failed"),
    ],
)  # fmt: skip
def test_a_collection_goes_in_only_after_its_notice_went_out_in_time(
    notice: Notice | None, submitted_on: date, outcome: Outcome, code: str | None
) -> None:
    verdict = judge(
        planned(D, notice=notice), submitted_on=submitted_on, creditor_id=CREDITOR_ID,
        open_now=ANNOUNCED, disputed=set(),
    )  # fmt: skip
    assert verdict.outcome is outcome
    assert (verdict.reason.code if verdict.reason else None) == code
    if verdict.reason:
        assert verdict.reason.params["mandate"] == "MND-1001"
        assert verdict.reason.params["customer"] == "1001"


def test_an_agreed_shorter_period_counts_from_the_mandate() -> None:
    agreed = planned(D, notice=sent(date(2026, 12, 26)), mandate=mandate(pre_notification_days=5))
    verdict = judge(agreed, submitted_on=date(2026, 12, 30), creditor_id=CREDITOR_ID,
                    open_now=ANNOUNCED, disputed=set())  # fmt: skip
    assert verdict.outcome is Outcome.COLLECT


def test_a_paid_invoice_cancels_the_collection_naming_the_invoice() -> None:
    collection = planned(D, "121.00", "50.00", notice=sent(date(2026, 12, 1)))
    verdict = judge(
        collection,
        submitted_on=date(2026, 12, 30),
        creditor_id=CREDITOR_ID,
        open_now={1: Decimal("121.00"), 2: Decimal("0.00")},
        disputed=set(),
    )
    assert verdict.outcome is Outcome.CANCEL and verdict.reason is not None
    assert verdict.reason.code == "amount_changed"
    assert verdict.reason.params == {"mandate": "MND-1001", "customer": "1001", "invoice": "F2",
                                     "announced": "50.00", "open": "0.00"}  # fmt: skip


def test_a_disputed_invoice_cancels_the_collection() -> None:
    collection = planned(D, "121.00", "50.00", notice=sent(date(2026, 12, 1)))
    verdict = judge(collection, submitted_on=date(2026, 12, 30), creditor_id=CREDITOR_ID,
                    open_now={1: Decimal("121.00"), 2: Decimal("50.00")}, disputed={2})  # fmt: skip
    assert verdict.outcome is Outcome.CANCEL and verdict.reason is not None
    assert (verdict.reason.code, verdict.reason.params["invoice"]) == ("disputed", "F2")


def test_a_mandate_revoked_since_the_notice_cancels_the_collection() -> None:
    collection = planned(D, notice=sent(date(2026, 12, 1)),
                         mandate=mandate(revoked_on=date(2026, 12, 31)))  # fmt: skip
    verdict = judge(collection, submitted_on=date(2026, 12, 30), creditor_id=CREDITOR_ID,
                    open_now=ANNOUNCED, disputed=set())  # fmt: skip
    assert verdict.outcome is Outcome.CANCEL and verdict.reason is not None
    assert verdict.reason.code == "mandate_revoked"


def test_a_file_under_another_creditor_id_leaves_the_collection_waiting() -> None:
    verdict = judge(
        planned(D, notice=sent(date(2026, 12, 1))),
        submitted_on=date(2026, 12, 30),
        creditor_id="BE11ZZZ0403170701",
        open_now=ANNOUNCED,
        disputed=set(),
    )
    assert verdict.outcome is Outcome.WAIT and verdict.reason is not None
    assert verdict.reason.code == "other_creditor_id"
    assert verdict.reason.params["announced"] == CREDITOR_ID
