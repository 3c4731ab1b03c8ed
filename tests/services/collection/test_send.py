"""`send.send_approved`, the one path for `tijdig send` and the workspace's send button:
a day other than today is refused when messages really go out; each message sent is
audited for its customer with the actor, the send as a whole once; what was sent is
recorded (item sent, steps taken, contact log) and never sent again. On the fakes
(conftest.py), rendered by the real composer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.fakes_collection import FakeCollectionDatabase
from tests.services.collection.data import AS_OF
from tests.services.collection.test_messages import Recorder
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.sms import LoggingSms
from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.users import AuditEntry
from tijdig.services.collection import review
from tijdig.services.collection.run import start_run
from tijdig.services.collection.send import Mailroom, send_approved
from tijdig.services.outbox import OutboxStatus

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Amsterdam
CLOSED = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # a Sunday


def _approved(db: FakeCollectionDatabase, company: Company, how_many: int) -> list[int]:
    """A run with `how_many` reminders approved; their run items."""
    run_id = start_run(db.uow(), company, as_of=AS_OF, actor="cli:anna", at=OPEN,
                       today=AS_OF).run_id  # fmt: skip
    with db.uow() as uow:
        view = uow.runs.view(run_id, kinds=[RunItemKind.MESSAGE])
    assert view is not None
    items = [i.id for i in view.items if i.step_key == "reminder"][:how_many]
    review.decide(db.uow(), company, run_id=run_id, decision="approve", item_ids=items,
                  actor="cli:anna", at=OPEN)  # fmt: skip
    return items


def _customers(db: FakeCollectionDatabase, company: Company, items: list[int]) -> list[int]:
    """The customer ids of the run items."""
    assert company.id is not None
    with db.uow() as uow:
        ids = uow.customers.ids_by_number(company.id)
        found = [uow.runs.item(i) for i in items]
    return [ids[item.customer_number or ""] for item in found if item is not None]


def _mailroom(tmp_path: Path, *, for_real: bool = False) -> tuple[Mailroom, Recorder]:
    recorder = Recorder()
    return Mailroom(
        recorder, LoggingSms(tmp_path / "sms.log"), recorder, for_real=for_real
    ), recorder


def _audit(db: FakeCollectionDatabase, action: str) -> list[AuditEntry]:
    return [e for e in db.audit_entries if e.action == action]


def test_each_message_sent_is_audited_for_its_customer_with_the_actor(
    db: FakeCollectionDatabase, company: Company, tmp_path: Path
) -> None:
    items = _approved(db, company, 2)
    customers = _customers(db, company, items)
    mailroom, recorder = _mailroom(tmp_path)
    sent = send_approved(db.uow, company, RenderComposer(), mailroom, actor="carla (web)",
                         at=OPEN, day=AS_OF, today=AS_OF)  # fmt: skip
    assert len(sent.report.sent) == 2 and len(recorder.sent) == 2
    assert [m.key for m in recorder.sent] == [f"run-item-{i}-20261124" for i in items]
    assert [m.recipient for m in recorder.sent] == ["ap@k1.nl", "ap@k2.nl"]
    entries = _audit(db, "message.send")
    assert sorted((e.actor, e.customer_id) for e in entries) == sorted(
        ("carla (web)", c) for c in customers
    )
    [whole] = _audit(db, "run.send")
    assert whole.actor == "carla (web)" and whole.customer_id is None and "sent 2" in whole.details
    # What sending recorded: each item sent, its invoice's step (with the deadline the
    # message stated), a contact-log entry per customer.
    assert company.id is not None
    with db.uow() as uow:
        assert [str(uow.runs.item(i).status) for i in items] == ["sent", "sent"]  # type: ignore[union-attr]
        logged = [uow.contact_log.timeline(company.id, c) for c in customers]
        assert uow.outbox.counts(company_id=company.id)[OutboxStatus.SENT] == 2
    assert [(s.step_key, s.channel, s.taken_on) for s in db.steps_taken()] == [
        ("reminder", "email", AS_OF)
    ] * 2
    assert all(s.deadline is not None and s.deadline > AS_OF for s in db.steps_taken())
    assert [[(e.kind.value, e.by, e.summary) for e in found] for found in logged] == [
        [("email_sent", "Tijdig", reason(Code.MESSAGE_SENT, step="reminder", channel="email",
                                         recipient=to))]
        for to in ("ap@k1.nl", "ap@k2.nl")
    ]  # fmt: skip
    # Sent once: a second send finds nothing approved and nothing due.
    again = send_approved(db.uow, company, RenderComposer(), mailroom, actor="carla (web)",
                          at=OPEN + timedelta(hours=1), day=AS_OF, today=AS_OF)  # fmt: skip
    assert again.report.sent == [] and again.queued.queued == 0 and len(recorder.sent) == 2


def test_another_day_is_refused_when_messages_really_go_out(
    db: FakeCollectionDatabase, company: Company, tmp_path: Path
) -> None:
    _approved(db, company, 1)
    mailroom, recorder = _mailroom(tmp_path, for_real=True)
    yesterday = AS_OF - timedelta(days=1)
    with pytest.raises(RuleViolation, match=f"{yesterday} is not today \\({AS_OF}\\)"):
        send_approved(db.uow, company, RenderComposer(), mailroom, actor="cli:anna",
                      at=OPEN, day=yesterday, today=AS_OF)  # fmt: skip
    assert recorder.sent == [] and _audit(db, "run.send") == []
    # Without a real mail server the same day is a rehearsal, and goes.
    rehearsal, _ = _mailroom(tmp_path)
    sent = send_approved(db.uow, company, RenderComposer(), rehearsal, actor="cli:anna",
                         at=OPEN, day=AS_OF, today=date(2026, 12, 1))  # fmt: skip
    assert len(sent.report.sent) == 1


def test_outside_the_sending_hours_nothing_goes_and_the_attempt_is_audited(
    db: FakeCollectionDatabase, company: Company, tmp_path: Path
) -> None:
    _approved(db, company, 1)
    mailroom, recorder = _mailroom(tmp_path)
    sent = send_approved(db.uow, company, RenderComposer(), mailroom, actor="cli:anna",
                         at=CLOSED, day=CLOSED.date(), today=CLOSED.date())  # fmt: skip
    assert sent.closed_until is not None and recorder.sent == []
    [entry] = _audit(db, "run.send")
    assert entry.actor == "cli:anna" and entry.details.startswith("nothing sent")
    assert _audit(db, "message.send") == []


def test_a_run_named_sends_its_own_approvals_and_another_companys_run_is_not_found(
    db: FakeCollectionDatabase, company: Company, tmp_path: Path
) -> None:
    older = _approved(db, company, 1)  # a new run supersedes proposals, not approvals
    newer = _approved(db, company, 1)
    with db.uow() as uow:
        [older_run, newer_run] = [uow.runs.item(i).run_id for i in older + newer]  # type: ignore[union-attr]
    assert older_run != newer_run
    mailroom, recorder = _mailroom(tmp_path)
    with pytest.raises(NotFound):
        send_approved(db.uow, company, RenderComposer(), mailroom, actor="carla (web)",
                      at=OPEN, day=AS_OF, today=AS_OF, run_id=newer_run + 100)  # fmt: skip
    assert recorder.sent == [] and _audit(db, "run.send") == []
    sent = send_approved(db.uow, company, RenderComposer(), mailroom, actor="carla (web)",
                         at=OPEN, day=AS_OF, today=AS_OF, run_id=newer_run)  # fmt: skip
    assert [m.key for m in recorder.sent] == [f"run-item-{i}-20261124" for i in newer]
    assert sent.queued.queued == 1
    with db.uow() as uow:
        assert str(uow.runs.item(older[0]).status) == "approved"  # type: ignore[union-attr]
    [entry] = _audit(db, "run.send")
    assert entry.subject == f"send of run {newer_run}"
