"""`send.send_approved`, the one path for `tijdig send` and the workspace's send button:
a day other than today is refused when messages really go out; each message sent is
audited for its customer with the actor, the send as a whole once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.services.collection.test_messages import Recorder
from tijdig.adapters.db.schema.collection import RunItemRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.sms import LoggingSms
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.collection import review
from tijdig.services.collection.run import start_run
from tijdig.services.collection.send import Mailroom, send_approved

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Amsterdam
AS_OF = date(2026, 11, 24)  # the demo's day (conftest.DEMO_DAY)
CLOSED = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # a Sunday


def _approved(app: Tijdig, company: Company, how_many: int) -> list[int | None]:
    """A run with `how_many` reminders approved; their customers."""
    run_id = start_run(app.uow(), company, as_of=AS_OF, actor="cli:anna", at=OPEN,
                       today=AS_OF).run_id  # fmt: skip
    with app.uow() as uow:
        rows = uow.session.execute(
            select(RunItemRow.id, RunItemRow.customer_id)
            .where(RunItemRow.run_id == run_id, RunItemRow.kind == "message")
            .where(RunItemRow.status == "proposed", RunItemRow.step_key == "reminder")
            .order_by(RunItemRow.id)
            .limit(how_many)
        ).all()
    review.decide(app.uow(), company, run_id=run_id, decision="approve",
                  item_ids=[i for i, _ in rows], actor="cli:anna", at=OPEN)  # fmt: skip
    return [customer for _, customer in rows]


def _mailroom(tmp_path: Path, *, for_real: bool = False) -> tuple[Mailroom, Recorder]:
    recorder = Recorder()
    return Mailroom(
        recorder, LoggingSms(tmp_path / "sms.log"), recorder, for_real=for_real
    ), recorder


def _audit(app: Tijdig, action: str) -> list[Any]:
    with app.uow() as uow:
        return list(uow.session.execute(
            select(AuditRow.actor, AuditRow.customer_id, AuditRow.details)
            .where(AuditRow.action == action).order_by(AuditRow.id)
        ))  # fmt: skip


def test_each_message_sent_is_audited_for_its_customer_with_the_actor(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    customers = _approved(app, company, 2)
    mailroom, recorder = _mailroom(tmp_path)
    sent = send_approved(app.uow, company, RenderComposer(), mailroom, actor="carla (web)",
                         at=OPEN, day=AS_OF, today=AS_OF)  # fmt: skip
    assert len(sent.report.sent) == 2 and len(recorder.sent) == 2
    entries = _audit(app, "message.send")
    assert sorted((e.actor, e.customer_id) for e in entries) == sorted(
        ("carla (web)", c) for c in customers
    )
    [whole] = _audit(app, "run.send")
    assert whole.actor == "carla (web)" and whole.customer_id is None and "sent 2" in whole.details


def test_another_day_is_refused_when_messages_really_go_out(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _approved(app, company, 1)
    mailroom, recorder = _mailroom(tmp_path, for_real=True)
    yesterday = AS_OF - timedelta(days=1)
    with pytest.raises(RuleViolation, match=f"{yesterday} is not today \\({AS_OF}\\)"):
        send_approved(app.uow, company, RenderComposer(), mailroom, actor="cli:anna",
                      at=OPEN, day=yesterday, today=AS_OF)  # fmt: skip
    assert recorder.sent == [] and _audit(app, "run.send") == []
    # Without a real mail server the same day is a rehearsal, and goes.
    rehearsal, _ = _mailroom(tmp_path)
    sent = send_approved(app.uow, company, RenderComposer(), rehearsal, actor="cli:anna",
                         at=OPEN, day=AS_OF, today=date(2026, 12, 1))  # fmt: skip
    assert len(sent.report.sent) == 1


def test_outside_the_sending_hours_nothing_goes_and_the_attempt_is_audited(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _approved(app, company, 1)
    mailroom, recorder = _mailroom(tmp_path)
    sent = send_approved(app.uow, company, RenderComposer(), mailroom, actor="cli:anna",
                         at=CLOSED, day=CLOSED.date(), today=CLOSED.date())  # fmt: skip
    assert sent.closed_until is not None and recorder.sent == []
    [entry] = _audit(app, "run.send")
    assert entry.actor == "cli:anna" and entry.details.startswith("nothing sent")
    assert _audit(app, "message.send") == []
