"""Sending the outbox: every message reaches the mail server once, none is lost.

SMTP cannot make a delivery idempotent: after the final "." of DATA the server has
the message, and a crash before its "250" is recorded leaves a question no retry can
answer (RFC 1047). So each message moves through states, each change a committed
compare-and-set on (status, attempts) — safe under concurrent `tijdig send` runs:

    pending --claim--> sending --release--> unconfirmed --250--> sent
       ^  (attempts+1, lease)   (just before "."; the one     |4xx: pending + backoff
       |                         point of no return)          |5xx: failed
       +-- lease expired (crash before the release: the server discarded the
           unfinished transaction, so sending again is safe)

* A crash before the release leaves `sending`; once its lease expires the next run
  claims it again (attempts+1) — nothing lost, nothing doubled. A message claimed more
  than `max_attempts` times (the sender died on it each time) is failed, not sent again.
* An unexpected error (a defect, not an answer of the server) fails that message with
  the reason when it comes before the release, and leaves it `unconfirmed` after it;
  either way the run goes on with the next message: one bad message blocks no other.
* A crash between the release and the "sent" commit (milliseconds, or an answer that
  never came) leaves `unconfirmed`. Such a message is never sent again on a guess: every
  run reports it, and a person settles it with `settle_unconfirmed` (delivered: marked
  sent; not delivered: queued again). Its Message-ID is the idempotency key, so it can
  be found in the server's log or the recipient's mailbox.
* A run that lost its claim (lease taken over by another run) aborts before the "."
  and the server discards the unfinished message.
* "sent" and the caller's `on_sent` rows (contact log, steps taken) commit together.
* Refusals: 4xx or no connection is retried with backoff (1 min, 5 min, 30 min, 2 h,
  12 h) up to `max_attempts`, then failed; 5xx fails at once; an unreachable server
  stops the run. Time is an argument: `now` is the same for the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.refusals import Refusal
from tijdig.services.outbox import (
    Claim,
    ClaimLost,
    DeliveryChannel,
    DeliveryUnknown,
    Mailer,
    Outbox,
    OutboxEntry,
    OutboxStatus,
    OutboxUnitOfWork,
    PermanentFailure,
    ServiceUnavailable,
    SmsSender,
    TemporaryFailure,
)
from tijdig.services.progress import Progress, no_progress

U = TypeVar("U", bound=OutboxUnitOfWork)
# Runs in the transaction that marks the message sent: write the contact log, steps taken.
OnSent = Callable[[U, OutboxEntry], None]

BACKOFF = tuple(timedelta(minutes=m) for m in (1, 5, 30, 120, 720))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    delays: Sequence[timedelta] = BACKOFF
    max_attempts: int = 6
    lease: timedelta = timedelta(minutes=10)  # longer than any one SMTP conversation

    def delay(self, attempt: int) -> timedelta:
        return self.delays[min(attempt, len(self.delays)) - 1]


@dataclass(frozen=True, slots=True)
class Outcome:
    outbox_id: int
    key: str
    recipient: str
    error: str | None = None
    next_attempt_at: datetime | None = None


@dataclass
class SendReport:
    sent: list[Outcome] = field(default_factory=list)
    retrying: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    unconfirmed: list[Outcome] = field(default_factory=list)  # need a person's decision
    skipped: int = 0  # taken by another run meanwhile
    stopped: str | None = None  # why the run stopped early (server unreachable)


def _outcome(entry: OutboxEntry, error: str | None = None, at: datetime | None = None) -> Outcome:
    return Outcome(entry.id, entry.key, entry.recipient, error, at)


def send_pending(
    uow_factory: Callable[[], U],
    mailer: Mailer,
    sms: SmsSender,
    *,
    now: datetime,
    limit: int | None = None,
    on_sent: OnSent[U] | None = None,
    policy: RetryPolicy = RetryPolicy(),
    printer: Mailer | None = None,
    progress: Progress = no_progress,
) -> SendReport:
    """Send what is due at `now`, one message at a time; report every outcome, including
    the messages left unconfirmed by earlier runs. `progress(done, due)` after each."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    report = SendReport()
    with uow_factory() as uow:
        due = uow.outbox.due(now=now, limit=limit)
    progress(0, len(due))
    for done, outbox_id in enumerate(due, start=1):
        if not _send_due(uow_factory, outbox_id, (mailer, sms, printer), now, policy, on_sent,
                         report):  # fmt: skip
            break
        progress(done, len(due))
    with uow_factory() as uow:
        left = uow.outbox.with_status(OutboxStatus.UNCONFIRMED)
    seen = {o.outbox_id for o in report.unconfirmed}
    report.unconfirmed += [_outcome(e, e.last_error) for e in left if e.id not in seen]
    return report


def _send_due(
    uow_factory: Callable[[], U],
    outbox_id: int,
    ports: tuple[Mailer, SmsSender, Mailer | None],
    now: datetime,
    policy: RetryPolicy,
    on_sent: OnSent[U] | None,
    report: SendReport,
) -> bool:
    """Claim one due message and send it (skipped when another sender has it, given up
    after too many attempts); False stops the run."""
    with uow_factory() as uow:
        claim = uow.outbox.claim(outbox_id, now=now, lease_until=now + policy.lease)
        uow.commit()
    if claim is None:
        report.skipped += 1
        return True
    if claim.attempt > policy.max_attempts:
        _give_up(uow_factory, claim, report)
        return True
    port = _port(claim.message.channel, *ports)
    return deliver_one(uow_factory, port, claim, now, policy, on_sent, report)


def _port(
    channel: DeliveryChannel, mailer: Mailer, sms: SmsSender, printer: Mailer | None
) -> Mailer | SmsSender:
    if channel is DeliveryChannel.SMS:
        return sms
    if channel is DeliveryChannel.LETTER and printer is not None:
        return printer
    return mailer


def deliver_one(
    uow_factory: Callable[[], U],
    port: Mailer | SmsSender,
    claim: Claim,
    now: datetime,
    policy: RetryPolicy,
    on_sent: OnSent[U] | None,
    report: SendReport,
) -> bool:
    """Send one claimed message and record what happened, with the exactly-once states
    (claimed, released, confirmed or left to settle); False stops the run. A sending
    run calls it per message, a re-sent invoice copy for its one message."""
    entry, attempt = claim.entry, claim.attempt
    point = _ReleasePoint(uow_factory, claim)
    try:
        answer = port.send(claim.message, release=point)
    except ClaimLost:
        report.skipped += 1
    except PermanentFailure as exc:
        error = str(exc)
        _record(uow_factory, lambda o: o.mark_failed(entry.id, attempt, error=error))
        report.failed.append(_outcome(entry, error))
    except TemporaryFailure as exc:
        _retry(uow_factory, claim, str(exc), now, policy, report)
        if isinstance(exc, ServiceUnavailable):
            report.stopped = str(exc)
            return False
    except DeliveryUnknown as exc:
        error = str(exc)
        _record(uow_factory, lambda o: o.mark_unconfirmed(entry.id, attempt, error=error))
        report.unconfirmed.append(_outcome(entry, error))
    except Exception as exc:  # a defect: this message only, never the ones behind it
        _unexpected(uow_factory, claim, exc, released=point.passed, report=report)
    else:
        _confirm(uow_factory, claim, now, on_sent, report, answer)
    return True


@dataclass(slots=True)
class _ReleasePoint(Generic[U]):
    """The `Release` a port calls just before the point of no return; remembers whether
    it was passed."""

    uow_factory: Callable[[], U]
    claim: Claim
    passed: bool = False

    def __call__(self) -> None:
        entry, attempt = self.claim.entry, self.claim.attempt
        with self.uow_factory() as uow:
            if not uow.outbox.release(entry.id, attempt):
                raise ClaimLost(f"{entry.key} was taken over by another run")
            uow.commit()
        self.passed = True


def _unexpected(
    uow_factory: Callable[[], U],
    claim: Claim,
    exc: Exception,
    *,
    released: bool,
    report: SendReport,
) -> None:
    """Before the release the server discarded the message: failed, with the reason.
    After it the server may have it: unconfirmed, for a person to settle."""
    entry, attempt = claim.entry, claim.attempt
    error = f"unexpected error {'after' if released else 'before'} the release: {exc!r}"
    if released:
        _record(uow_factory, lambda o: o.mark_unconfirmed(entry.id, attempt, error=error))
        report.unconfirmed.append(_outcome(entry, error))
    else:
        _record(uow_factory, lambda o: o.mark_failed(entry.id, attempt, error=error))
        report.failed.append(_outcome(entry, error))


def _give_up(uow_factory: Callable[[], U], claim: Claim, report: SendReport) -> None:
    """Claimed again after the sender stopped on it each of `max_attempts` times."""
    entry, attempt = claim.entry, claim.attempt
    error = f"gave up after {attempt - 1} attempts: the sender stopped before handing it over"
    if entry.last_error:
        error += f" (earlier: {entry.last_error})"
    _record(uow_factory, lambda o: o.mark_failed(entry.id, attempt, error=error))
    report.failed.append(_outcome(entry, error))


def _record(uow_factory: Callable[[], U], change: Callable[[Outbox], bool]) -> bool:
    with uow_factory() as uow:
        done = change(uow.outbox)
        uow.commit()
    return done


def _retry(
    uow_factory: Callable[[], U],
    claim: Claim,
    error: str,
    now: datetime,
    policy: RetryPolicy,
    report: SendReport,
) -> None:
    entry, attempt = claim.entry, claim.attempt
    if attempt >= policy.max_attempts:
        error = f"gave up after {attempt} attempts: {error}"
        _record(uow_factory, lambda o: o.mark_failed(entry.id, attempt, error=error))
        report.failed.append(_outcome(entry, error))
        return
    at = now + policy.delay(attempt)
    _record(uow_factory, lambda o: o.mark_retry(entry.id, attempt, next_attempt_at=at, error=error))
    report.retrying.append(_outcome(entry, error, at))


def _confirm(
    uow_factory: Callable[[], U],
    claim: Claim,
    now: datetime,
    on_sent: OnSent[U] | None,
    report: SendReport,
    answer: str | None = None,
) -> None:
    """Mark sent, with the port's evidence of delivery (`answer`), and run `on_sent` in
    one transaction; if that fails the server has the message anyway, so it is left
    unconfirmed with the reason, for a person to settle."""
    entry = claim.entry
    try:
        with uow_factory() as uow:
            sent = uow.outbox.mark_sent(entry.id, claim.attempt, sent_at=now, answer=answer)
            if sent and on_sent:
                on_sent(uow, _as_sent(entry, now))
            uow.commit()
    except Exception as exc:
        error = f"accepted by the server, but recording it failed: {exc!r}"
        _record(uow_factory, lambda o: o.mark_unconfirmed(entry.id, claim.attempt, error=error))
        report.unconfirmed.append(_outcome(entry, error))
        return
    report.sent.append(_outcome(entry))


def _as_sent(entry: OutboxEntry, now: datetime) -> OutboxEntry:
    return replace(entry, status=OutboxStatus.SENT, sent_at=now.astimezone(UTC))


def settle_unconfirmed(
    uow_factory: Callable[[], U],
    outbox_id: int,
    *,
    delivered: bool,
    now: datetime,
    on_sent: OnSent[U] | None = None,
    on_requeued: OnSent[U] | None = None,
) -> OutboxEntry:
    """A person's decision on an unconfirmed message: delivered (mark it sent, with the
    `on_sent` rows) or not (queue it again, due at once, with the `on_requeued` rows);
    each hook writes in the same transaction as the decision."""
    with uow_factory() as uow:
        entry = uow.outbox.get(outbox_id)
        if entry is None:
            raise NotFound(Refusal.NOT_FOUND, thing="outbox message", key=outbox_id)
        if entry.status is not OutboxStatus.UNCONFIRMED:
            raise RuleViolation(
                Refusal.NOT_UNCONFIRMED, message=entry.key, status=entry.status.value
            )
        if delivered:
            uow.outbox.mark_sent(outbox_id, entry.attempts, sent_at=now)
            if on_sent:
                on_sent(uow, _as_sent(entry, now))
        else:
            uow.outbox.mark_retry(
                outbox_id, entry.attempts, next_attempt_at=now, error="not delivered (settled)"
            )
            if on_requeued:
                on_requeued(uow, entry)
        uow.commit()
        settled = uow.outbox.get(outbox_id)
    assert settled is not None
    return settled
