"""The inbox, end to end on a real database: a linked reply that nobody confirmed holds
the customer's next message for the working days set, changes no step, and then becomes a
task; a person's confirmation records what it says through the workspace's use cases
(a promise, a dispute, a task), with its audit entries, and lifts the hold."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.mailbox.inbox_world import (
    AuditRow,
    ContactEventRow,
    DisputeRow,
    PromiseRow,
    StepTakenRow,
    TaskRow,
    add_reply,
    count,
    moment,
    setup,
)
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.errors import RuleViolation
from tijdig.domain.refusals import Refusal
from tijdig.engine.replies import ReplyKind
from tijdig.services.collection.run import start_run
from tijdig.services.mailbox.inbox import confirm_reply, message, waiting
from tijdig.services.mailbox.queue import link_by_hand

FRIDAY = date(2026, 10, 16)


def test_an_unconfirmed_paid_changes_no_step_holds_then_becomes_a_task(app: Tijdig) -> None:
    company = setup(app)
    mail_id = add_reply(app, company, "Wij hebben de factuur gisteren betaald.", moment(FRIDAY))
    [listed] = waiting(app.uow(), company)
    assert (listed.id, listed.reply_kind, listed.customer_number) == (mail_id, "paid", "C1")
    assert [r.rule for r in listed.reasons] and listed.promised_on is None
    for day in (FRIDAY, date(2026, 10, 19), date(2026, 10, 20)):  # Fri, Mon, Tue: held
        summary = start_run(app.uow(), company, as_of=day, actor="test", at=moment(day, 7),
                            today=day)  # fmt: skip
        assert (summary.proposals, summary.holds) == (0, 1), day
    assert count(app, StepTakenRow) == 0 and count(app, PromiseRow) == 0
    assert count(app, TaskRow) == 0
    wednesday = date(2026, 10, 21)  # the hold is over: the step goes, a person must read it
    summary = start_run(app.uow(), company, as_of=wednesday, actor="test",
                        at=moment(wednesday, 7), today=wednesday)  # fmt: skip
    assert summary.proposals == 1
    assert count(app, TaskRow) == 1 and count(app, AuditRow, action="mail.reply_task") == 1
    start_run(app.uow(), company, as_of=wednesday, actor="test", at=moment(wednesday, 8),
              today=wednesday)  # a second run raises no second task  # fmt: skip
    assert count(app, TaskRow) == 1
    assert count(app, PromiseRow) == 0  # what no person confirmed recorded nothing


def test_confirming_a_promise_records_it_and_lifts_the_hold(app: Tijdig) -> None:
    company = setup(app)
    month_end = date(2026, 10, 30)
    mail_id = add_reply(app, company, "Wij betalen de factuur op 13 november.",
                        moment(month_end))  # fmt: skip
    summary = start_run(app.uow(), company, as_of=month_end, actor="test",
                        at=moment(month_end, 10), today=month_end)  # fmt: skip
    assert (summary.proposals, summary.holds) == (0, 1)
    done = confirm_reply(app.uow, company, mail_id, actor="anna", at=moment(month_end, 11))
    assert (done.kind, done.promised_on) == (ReplyKind.PROMISE, date(2026, 11, 13))
    assert count(app, PromiseRow, promised_date=date(2026, 11, 13)) == 1
    assert count(app, AuditRow, action="mail.confirm", actor="anna") == 1
    assert count(app, AuditRow, action="promise.add", actor="anna") == 1
    assert count(app, ContactEventRow, kind="personal_email") == 1
    assert waiting(app.uow(), company) == []
    with app.uow() as uow:
        assert company.id is not None
        [state] = uow.run_data.customer_states(company.id, as_of=month_end)
    assert state.waiting_replies == ()  # the reply's hold is lifted; the promise holds now
    with pytest.raises(RuleViolation) as again:
        confirm_reply(app.uow, company, mail_id, actor="anna", at=moment(month_end, 12))
    assert again.value.code is Refusal.REPLY_CONFIRMED_ALREADY
    assert count(app, PromiseRow) == 1


def test_a_person_chooses_another_kind_or_is_asked_what_is_missing(app: Tijdig) -> None:
    company = setup(app)
    at = moment(date(2026, 12, 23))
    paid = add_reply(app, company, "Wij hebben betaald.", at)
    with pytest.raises(RuleViolation) as no_day:
        confirm_reply(app.uow, company, paid, as_kind=ReplyKind.PROMISE, actor="anna", at=at)
    assert no_day.value.code is Refusal.REPLY_NEEDS_DATE
    with pytest.raises(RuleViolation) as no_invoice:
        confirm_reply(app.uow, company, paid, as_kind=ReplyKind.DISPUTE, actor="anna", at=at)
    assert no_invoice.value.code is Refusal.REPLY_NEEDS_INVOICE
    assert count(app, AuditRow, action="mail.confirm") == 0
    done = confirm_reply(app.uow, company, paid, as_kind=ReplyKind.DISPUTE, invoice="A",
                         dispute_reason=ReasonCode.INVOICE_INCORRECT, actor="anna",
                         at=at)  # fmt: skip
    assert done.kind is ReplyKind.DISPUTE
    assert count(app, DisputeRow) == 1 and count(app, PromiseRow) == 0
    copy = add_reply(app, company, "Kunt u mij een kopie van de factuur sturen?", at,
                     key="<r2@klant.nl>")  # fmt: skip
    asked = confirm_reply(app.uow, company, copy, actor="anna", at=at)
    assert asked.kind is ReplyKind.COPY_REQUEST and asked.task_id is not None
    assert count(app, AuditRow, action="task.add", actor="anna") == 1


def test_an_auto_reply_holds_nothing_and_is_not_confirmed(app: Tijdig) -> None:
    company = setup(app)
    at = moment(FRIDAY)
    auto = add_reply(app, company, "Ik ben afwezig tot en met maandag.", at,
                     Auto_Submitted="auto-replied")  # fmt: skip
    assert waiting(app.uow(), company) == []
    summary = start_run(app.uow(), company, as_of=FRIDAY, actor="test", at=moment(FRIDAY, 10),
                        today=FRIDAY)  # fmt: skip
    assert (summary.proposals, summary.holds) == (1, 0)
    with pytest.raises(RuleViolation) as refused:
        confirm_reply(app.uow, company, auto, actor="anna", at=at)
    assert refused.value.code is Refusal.MAIL_NOT_A_REPLY


def test_a_message_shows_its_text_and_attachments(app: Tijdig) -> None:
    company = setup(app)
    mail_id = add_reply(app, company, "<b>Betaald</b> op 1 oktober.", moment(FRIDAY))
    shown = message(app.uow(), company, mail_id)
    assert "<b>Betaald</b>" in shown.text  # kept as written; the page escapes it
    assert [(a.filename, a.mime_type, a.size) for a in shown.attachments] == [
        ("bewijs.pdf", "application/pdf", 15)
    ]


def test_a_reply_linked_by_hand_joins_the_timeline_and_waits(app: Tijdig) -> None:
    company = setup(app)
    mail_id = add_reply(app, company, "Wij hebben betaald.", moment(FRIDAY), linked=False)
    assert waiting(app.uow(), company) == []
    link_by_hand(app.uow, company, mail_id, "C1", actor="anna", at=moment(FRIDAY, 11))
    assert [r.id for r in waiting(app.uow(), company)] == [mail_id]
    assert count(app, ContactEventRow, kind="note") == 1
    summary = start_run(app.uow(), company, as_of=FRIDAY, actor="test", at=moment(FRIDAY, 12),
                        today=FRIDAY)  # fmt: skip
    assert (summary.proposals, summary.holds) == (0, 1)
