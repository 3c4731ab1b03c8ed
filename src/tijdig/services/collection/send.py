"""Sending what was approved, the one use case behind `tijdig send` and the workspace's
send button. (Previewing a run's message is in preview.py.)

`send_approved`, for one company:
0. Of one run when a run is named (the run page's button): only that run's approved items
   are queued, the company's other approvals stay approved; a run not the company's is
   not found. (What an earlier send released into the outbox goes when it is due.)
1. Only at an allowed moment (domain/collection/contact_hours.py: 07:00 to 20:00
   Amsterdam time, never on a Sunday or an Atw holiday); otherwise nothing is queued
   or sent, and the report says when sending may start.
2. Messages worked out for an earlier day and never released are expired, their run
   items approved again (queue.expire_stale).
3. Each approved message is worked out for `today` and the channel it can take, then
   queued, kept for a contact day, or dropped with its reason (queue.py).
4. Each approved hand-over carried out opens its case with its file (the mailroom's
   `hand_over`: services/hand_over/cases.py).
5. What is due in the company's outbox is sent exactly once (delivery.py).
Every message sent is audited for its customer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from tijdig.domain.collection.contact_hours import RULE, next_send_moment
from tijdig.domain.errors import NotFound, RuleViolation, TijdigError
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection.delivery import RetryPolicy, SendReport, send_pending
from tijdig.services.collection.messages import Composer, record_sent
from tijdig.services.collection.queue import QueueReport, expire_stale, queue_approved
from tijdig.services.collection.review import ReviewUnitOfWork
from tijdig.services.outbox import Mailer, SmsSender
from tijdig.services.progress import Progress, no_progress

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class HandOverOpener(Protocol):
    """Opens the case of an approved hand-over step carried out (hand_over/cases.py)."""

    def __call__(
        self,
        company: Company,
        customer_number: str,
        *,
        step: str,
        actor: str,
        at: datetime,
        as_of: date,
    ) -> object: ...


@dataclass(frozen=True, slots=True)
class Mailroom:
    """Where messages go: the installation's mailer, SMS sender and letter printer, and
    whether they leave the installation (a real mail server or posting service)."""

    mailer: Mailer
    sms: SmsSender
    printer: Mailer | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    for_real: bool = False
    hand_over: HandOverOpener | None = None


@dataclass(frozen=True, slots=True)
class Sent:
    queued: QueueReport
    report: SendReport
    expired: int = 0  # messages of an earlier day worked out again
    closed_until: datetime | None = None  # outside the allowed hours: nothing was done

    @property
    def counts(self) -> dict[str, int]:
        q, r = self.queued, self.report
        return {
            "queued": q.queued, "tasks": q.tasks, "dropped": q.dropped,
            "waiting": len(q.waiting), "not_queued": len(q.failed), "sent": len(r.sent),
            "retrying": len(r.retrying), "failed": len(r.failed),
            "unconfirmed": len(r.unconfirmed),
        }  # fmt: skip


def closed_until(now: datetime) -> datetime | None:
    """None when a message may go out at `now`; else the moment sending may start."""
    local = now.astimezone(AMSTERDAM)
    opens = next_send_moment(local)
    return None if opens == local else opens


def send_approved(
    uow_factory: Callable[[], ReviewUnitOfWork],
    company: Company,
    composer: Composer,
    mailroom: Mailroom,
    *,
    actor: str,
    at: datetime,
    day: date,
    today: date,
    run_id: int | None = None,
    progress: Progress = no_progress,
) -> Sent:
    """Send what was approved for one company (see the module's steps), as of the moment
    `at` and the business day `day` the messages state; `today` is the real business day.
    Another day than today is a rehearsal, refused when messages really go out.
    `uow_factory` must see this company's outbox only. Every message sent is audited for
    its customer as it is marked sent; the send as a whole once, at the end.

    `run_id` names the one run whose approvals to queue (None: every run's); `progress`
    hears (done, due) as the outbox is sent.

    The one path for `tijdig send` (each company in turn) and the workspace's send button."""
    if mailroom.for_real and day != today:
        raise RuleViolation(Refusal.NOT_TODAY, day=day, today=today)
    if run_id is not None:
        check_run(uow_factory, company, run_id)
    opens = closed_until(at)
    if opens is not None:
        _audit(uow_factory, company, actor, at, f"nothing sent: {RULE}; opens {opens}", run_id)
        return Sent(QueueReport(), SendReport(), closed_until=opens)
    expired = expire_stale(uow_factory, today=day, now=at)
    queued = queue_approved(uow_factory, company, composer, now=at, today=day, run_id=run_id)
    _open_cases(mailroom, company, queued, actor=actor, at=at, day=day)
    report = send_pending(
        uow_factory, mailroom.mailer, mailroom.sms, now=at,
        on_sent=record_sent(today=day, actor=actor, at=at), policy=mailroom.retry,
        printer=mailroom.printer, progress=progress,
    )  # fmt: skip
    sent = Sent(queued, report, expired)
    summary = ", ".join(f"{k} {v}" for k, v in sent.counts.items())
    _audit(uow_factory, company, actor, at, summary, run_id)
    return sent


def _open_cases(
    mailroom: Mailroom,
    company: Company,
    queued: QueueReport,
    *,
    actor: str,
    at: datetime,
    day: date,
) -> None:
    """The case of each approved hand-over carried out; one refused (a case opened by
    hand meanwhile) is reported and the others go on."""
    if mailroom.hand_over is None:
        return
    for number, step in queued.handed_over:
        try:
            mailroom.hand_over(company, number, step=step, actor=actor, at=at, as_of=day)
        except TijdigError as error:
            queued.failed.append(f"hand-over of {number}: {error}")


def check_run(uow_factory: Callable[[], ReviewUnitOfWork], company: Company, run_id: int) -> None:
    """The run named is the company's, else not found (another company's run included)."""
    assert company.id is not None
    with uow_factory() as uow:
        if uow.runs.listing(company.id, run_id) is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="run", key=run_id, company=company.code)


def _audit(
    uow_factory: Callable[[], ReviewUnitOfWork],
    company: Company,
    actor: str,
    at: datetime,
    summary: str,
    run_id: int | None = None,
) -> None:
    """The send as a whole ("run.send"): it spans many transactions (one per message
    sent), so its own entry is written last, in one of its own."""
    subject = "send" if run_id is None else f"send of run {run_id}"
    with uow_factory() as uow:
        audit.record(uow, actor=actor, at=at, action="run.send", company_id=company.id,
                     subject=subject, details=summary)  # fmt: skip
        uow.commit()
