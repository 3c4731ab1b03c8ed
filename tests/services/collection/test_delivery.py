"""Sending the outbox exactly once: real database, real SMTP server on loopback, and a
sender process killed mid-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.adapters.mail.server import Hold, RecordingHandler, smtp_server
from tests.fakes import FakeMailer
from tijdig.adapters.db.schema.collection import ContactEventRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.adapters.mail import FolderMailer, SmtpMailer
from tijdig.adapters.sms import LoggingSms
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer
from tijdig.services.collection.delivery import (
    Outcome,
    RetryPolicy,
    SendReport,
    send_pending,
    settle_unconfirmed,
)
from tijdig.services.companies.companies import add_company
from tijdig.services.outbox import (
    Attachment,
    DeliveryChannel,
    DeliveryUnknown,
    OutboxEntry,
    OutboxStatus,
    OutgoingMessage,
    Release,
    TemporaryFailure,
)

NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=11)  # past the 10-minute lease of a crashed run
ROOT = Path(__file__).resolve().parents[3]

Factory = Callable[[], SqlUnitOfWork]


@pytest.fixture
def uow(app: Tijdig) -> Factory:
    return lambda: SqlUnitOfWork(app.engine)


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def queue(app: Tijdig, uow: Factory) -> Callable[..., list[int]]:
    """Enqueues messages run-item-1 .. run-item-n for one customer of one company."""
    company = add_company(
        app.uow(),
        Company(code="ACME", name="Acme B.V.", email="info@acme.nl"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    assert company.id is not None
    with app.uow() as work:
        work.customers.save_many(company.id, [Customer(number="1001", name="Peeters BV")])
        customer_id = work.customers.ids_by_number(company.id)["1001"]
        work.commit()

    def enqueue(
        n: int, *, channel: DeliveryChannel = DeliveryChannel.EMAIL, recipients: Sequence[str] = ()
    ) -> list[int]:
        """`recipients` replaces the first addresses (klant1@peeters.be, ...)."""
        addresses = [*recipients, *(f"klant{i}@peeters.be" for i in range(1, n + 1))]
        with uow() as work:
            ids = [
                work.outbox.enqueue(
                    key=f"run-item-{i}",
                    company_id=company.id or 0,
                    customer_id=customer_id,
                    run_item_id=None,
                    channel=channel,
                    recipient="+32470123456"
                    if channel is DeliveryChannel.SMS
                    else addresses[i - 1],
                    subject=f"Herinnering {i}",
                    text="Uw factuur staat open.",
                    attachments=[Attachment("factuur.pdf", "application/pdf", b"%PDF")],
                    created_at=NOW,
                )
                for i in range(1, n + 1)
            ]
            work.commit()
        return ids

    return enqueue


def log_contact(work: SqlUnitOfWork, entry: OutboxEntry) -> None:
    """What the dunning code does on `on_sent`: a contact-log row, same transaction."""
    assert entry.customer_id is not None and entry.sent_at is not None
    work.session.add(
        ContactEventRow(
            company_id=entry.company_id,
            customer_id=entry.customer_id,
            kind="email",
            occurred_at=entry.sent_at,
            summary=entry.subject,
            outbox_id=entry.id,
        )
    )


def logged(app: Tijdig) -> list[int]:
    """The outbox ids in the contact log."""
    with app.uow() as work:
        found = work.session.scalars(select(ContactEventRow.outbox_id))
        return [outbox_id for outbox_id in found if outbox_id is not None]


def entry(uow: Factory, outbox_id: int) -> OutboxEntry:
    with uow() as work:
        found = work.outbox.get(outbox_id)
    assert found is not None
    return found


def send(uow: Factory, port: int, *, now: datetime = NOW) -> SendReport:
    mailer = SmtpMailer("127.0.0.1", port, timeout=2.0)
    return send_pending(uow, mailer, LoggingSms(), now=now, on_sent=log_contact)


def keys(outcomes: list[Outcome]) -> list[str]:
    return [o.key for o in outcomes]


def test_enqueueing_a_key_twice_keeps_one_message(
    uow: Factory, queue: Callable[..., list[int]]
) -> None:
    assert queue(2) == queue(2)
    with uow() as work:
        assert work.outbox.counts()[OutboxStatus.PENDING] == 2


def test_everything_due_is_sent_once_and_a_second_run_sends_nothing(
    app: Tijdig, uow: Factory, queue: Callable[..., list[int]], server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    ids = queue(3)
    report = send(uow, port)
    assert keys(report.sent) == ["run-item-1", "run-item-2", "run-item-3"]
    assert handler.keys == ["run-item-1", "run-item-2", "run-item-3"]
    assert handler.accepted[0]["From"] == '"Acme B.V." <info@acme.nl>'
    assert sorted(logged(app)) == ids  # contact log written with the "sent" mark
    assert entry(uow, ids[0]).sent_at == NOW
    again = send(uow, port, now=NOW + timedelta(days=1))
    assert again == SendReport()
    assert len(handler.accepted) == 3


def test_a_temporary_refusal_is_retried_with_backoff_then_sent(
    uow: Factory, queue: Callable[..., list[int]], server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    [outbox_id] = queue(1)
    handler.data_replies.append("451 4.3.0 Mailbox busy")
    report = send(uow, port)
    assert [(o.key, o.next_attempt_at) for o in report.retrying] == [
        ("run-item-1", NOW + timedelta(minutes=1))
    ]
    waiting = entry(uow, outbox_id)
    assert (waiting.status, waiting.attempts) == (OutboxStatus.PENDING, 1)
    assert waiting.last_error is not None and "451" in waiting.last_error
    assert send(uow, port, now=NOW + timedelta(seconds=59)) == SendReport()
    assert keys(send(uow, port, now=NOW + timedelta(minutes=1)).sent) == ["run-item-1"]
    assert handler.keys == ["run-item-1"]
    assert entry(uow, outbox_id).attempts == 2


def test_a_permanent_refusal_fails_at_once_and_is_not_retried(
    app: Tijdig, uow: Factory, queue: Callable[..., list[int]], server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    first, second = queue(2)
    handler.rcpt_replies.append("550 5.1.1 No such user")
    report = send(uow, port)
    assert keys(report.failed) == ["run-item-1"] and keys(report.sent) == ["run-item-2"]
    failed = entry(uow, first)
    assert failed.status is OutboxStatus.FAILED
    assert failed.last_error is not None and "550" in failed.last_error
    assert send(uow, port, now=NOW + timedelta(days=2)) == SendReport()
    assert handler.keys == ["run-item-2"] and logged(app) == [second]


def test_an_unreachable_server_stops_the_run_and_loses_nothing(
    uow: Factory, queue: Callable[..., list[int]]
) -> None:
    ids = queue(3)
    with smtp_server() as (_handler, port):
        pass  # nobody listens on this port any more
    report = send(uow, port)
    assert report.stopped is not None and "unavailable" in report.stopped
    assert keys(report.retrying) == ["run-item-1"]
    assert [entry(uow, i).attempts for i in ids] == [1, 0, 0]
    with smtp_server() as (handler, port):
        send(uow, port, now=LATER)
    assert sorted(handler.keys) == ["run-item-1", "run-item-2", "run-item-3"]


def test_backoff_grows_and_gives_up_after_six_attempts(
    uow: Factory, queue: Callable[..., list[int]]
) -> None:
    [outbox_id] = queue(1)
    mailer = FakeMailer(*[TemporaryFailure("451 busy")] * 6)
    waits, now = [], NOW
    for _ in range(5):
        report = send_pending(uow, mailer, LoggingSms(), now=now)
        at = report.retrying[0].next_attempt_at
        assert at is not None
        waits.append(at - now)
        now = at
    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
    report = send_pending(uow, mailer, LoggingSms(), now=now)
    assert report.failed[0].error == "gave up after 6 attempts: 451 busy"
    assert entry(uow, outbox_id).status is OutboxStatus.FAILED


def test_an_sms_goes_through_the_sms_port(
    tmp_path: Path, uow: Factory, queue: Callable[..., list[int]]
) -> None:
    queue(1, channel=DeliveryChannel.SMS)
    mailer = FakeMailer()
    report = send_pending(uow, mailer, LoggingSms(tmp_path / "sms.log"), now=NOW)
    assert keys(report.sent) == ["run-item-1"] and mailer.delivered == []
    assert '"to": "+32470123456"' in (tmp_path / "sms.log").read_text(encoding="utf-8")


def test_in_the_demo_each_message_lands_in_the_mail_folder_once(
    tmp_path: Path, uow: Factory, queue: Callable[..., list[int]]
) -> None:
    queue(2)
    for now in (NOW, LATER):
        send_pending(uow, FolderMailer(tmp_path / "mail"), LoggingSms(), now=now)
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == [
        "run-item-1.eml",
        "run-item-2.eml",
    ]


def test_an_unanswered_release_is_never_guessed_but_settled_by_a_person(
    app: Tijdig, uow: Factory, queue: Callable[..., list[int]]
) -> None:
    [outbox_id] = queue(1)
    mailer = FakeMailer(DeliveryUnknown("no answer"))
    assert keys(send_pending(uow, mailer, LoggingSms(), now=NOW).unconfirmed) == ["run-item-1"]
    later = send_pending(uow, mailer, LoggingSms(), now=LATER + timedelta(days=1))
    assert keys(later.unconfirmed) == ["run-item-1"] and later.sent == []
    assert mailer.delivered == ["run-item-1"]
    settled = settle_unconfirmed(uow, outbox_id, delivered=True, now=LATER, on_sent=log_contact)
    assert settled.status is OutboxStatus.SENT and logged(app) == [outbox_id]


def test_a_failing_on_sent_leaves_the_message_unconfirmed_and_logs_nothing(
    app: Tijdig, uow: Factory, queue: Callable[..., list[int]]
) -> None:
    [outbox_id] = queue(1)

    def broken(work: SqlUnitOfWork, sent: OutboxEntry) -> None:
        log_contact(work, sent)
        raise RuntimeError("disk full")

    report = send_pending(uow, FakeMailer(), LoggingSms(), now=NOW, on_sent=broken)
    assert "disk full" in (report.unconfirmed[0].error or "")
    assert entry(uow, outbox_id).status is OutboxStatus.UNCONFIRMED and logged(app) == []
    settle_unconfirmed(uow, outbox_id, delivered=False, now=LATER)
    assert keys(send_pending(uow, FakeMailer(), LoggingSms(), now=LATER).sent) == ["run-item-1"]


def test_a_run_that_lost_its_lease_aborts_and_the_other_run_sends_once(
    uow: Factory, queue: Callable[..., list[int]]
) -> None:
    queue(1)
    overtaker = FakeMailer()

    class SlowMailer(FakeMailer):
        def send(self, message: OutgoingMessage, *, release: Release) -> None:
            send_pending(uow, overtaker, LoggingSms(), now=LATER)  # the lease ran out
            super().send(message, release=release)

    slow = SlowMailer()
    report = send_pending(uow, slow, LoggingSms(), now=NOW)
    assert report.skipped == 1 and report.sent == []
    assert (slow.delivered, overtaker.delivered) == ([], ["run-item-1"])


def test_addresses_with_accents_go_out_and_one_that_cannot_blocks_nothing(
    uow: Factory, queue: Callable[..., list[int]], server: tuple[RecordingHandler, int]
) -> None:
    """A server without SMTPUTF8: the IDNA domain goes as punycode; the mailbox name with
    accents fails, saying why, and the message behind it is sent."""
    handler, port = server
    ids = queue(3, recipients=["info@eetcafémeijer.nl", "josé@eetcafémeijer.nl"])
    report = send(uow, port)
    assert keys(report.sent) == ["run-item-1", "run-item-3"]
    [failed] = report.failed
    assert failed.key == "run-item-2" and "SMTPUTF8" in (failed.error or "")
    assert [entry(uow, i).status for i in ids] == [
        OutboxStatus.SENT,
        OutboxStatus.FAILED,
        OutboxStatus.SENT,
    ]
    assert handler.received[0].rcpt_tos == ("info@xn--eetcafmeijer-geb.nl",)
    assert send(uow, port, now=LATER) == SendReport()


def test_a_company_address_with_accents_sends_with_its_ascii_form(
    app: Tijdig, uow: Factory, server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    company = add_company(
        app.uow(),
        Company(code="CAFE", name="Eetcafé Meijer", email="debiteuren@eetcafémeijer.nl"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    with uow() as work:
        work.outbox.enqueue(key="cafe-1", company_id=company.id or 0, channel=DeliveryChannel.EMAIL,
                            recipient="ap@klant.nl", subject="Herinnering", text="Open.",
                            created_at=NOW)  # fmt: skip
        work.commit()
    mailer = SmtpMailer("127.0.0.1", port, timeout=2.0)
    assert keys(send_pending(uow, mailer, LoggingSms(), now=NOW).sent) == ["cafe-1"]
    [received] = handler.received
    assert received.mail_from == "debiteuren@xn--eetcafmeijer-geb.nl"
    assert received.message()["From"] == "Eetcafé Meijer <debiteuren@xn--eetcafmeijer-geb.nl>"


class Defective:
    """A mailer with a defect: raises what no mailer should, before or after the release."""

    def __init__(self, key: str, *, after_release: bool) -> None:
        self.key, self.after = key, after_release
        self.delivered: list[str] = []

    def send(self, message: OutgoingMessage, *, release: Release) -> None:
        if message.key == self.key and not self.after:
            raise UnicodeEncodeError("ascii", "é", 0, 1, "ordinal not in range(128)")
        release()
        self.delivered.append(message.key)
        if message.key == self.key:
            raise KeyError("no answer code")


def test_an_unexpected_error_before_the_release_fails_that_message_and_the_rest_go(
    uow: Factory, queue: Callable[..., list[int]]
) -> None:
    first, _second = queue(2)
    mailer = Defective("run-item-1", after_release=False)
    report = send_pending(uow, mailer, LoggingSms(), now=NOW)
    assert keys(report.failed) == ["run-item-1"] and keys(report.sent) == ["run-item-2"]
    failed = entry(uow, first)
    assert failed.status is OutboxStatus.FAILED
    assert failed.last_error is not None and "UnicodeEncodeError" in failed.last_error
    assert send_pending(uow, mailer, LoggingSms(), now=LATER) == SendReport()


def test_an_unexpected_error_after_the_release_leaves_it_unconfirmed_and_the_rest_go(
    uow: Factory, queue: Callable[..., list[int]]
) -> None:
    first, _second = queue(2)
    mailer = Defective("run-item-1", after_release=True)
    report = send_pending(uow, mailer, LoggingSms(), now=NOW)
    assert keys(report.unconfirmed) == ["run-item-1"] and keys(report.sent) == ["run-item-2"]
    assert "KeyError" in (report.unconfirmed[0].error or "")
    assert entry(uow, first).status is OutboxStatus.UNCONFIRMED
    later = send_pending(uow, mailer, LoggingSms(), now=LATER)
    assert keys(later.unconfirmed) == ["run-item-1"] and later.sent == []
    assert mailer.delivered == ["run-item-1", "run-item-2"]  # never sent again on a guess


class Crash(BaseException):
    """The sender process dying (killed, out of memory) while it sends one message."""


class CrashingOn:
    def __init__(self, key: str) -> None:
        self.key = key
        self.delivered: list[str] = []

    def send(self, message: OutgoingMessage, *, release: Release) -> None:
        if message.key == self.key:
            raise Crash
        release()
        self.delivered.append(message.key)


def test_a_message_the_sender_dies_on_waits_its_lease_blocks_nobody_and_is_given_up(
    uow: Factory, queue: Callable[..., list[int]]
) -> None:
    first, _second = queue(2)
    mailer, policy = CrashingOn("run-item-1"), RetryPolicy(max_attempts=3)
    with pytest.raises(Crash):
        send_pending(uow, mailer, LoggingSms(), now=NOW, policy=policy)
    assert entry(uow, first).status is OutboxStatus.SENDING
    report = send_pending(uow, mailer, LoggingSms(), now=NOW + timedelta(minutes=1), policy=policy)
    assert keys(report.sent) == ["run-item-2"]  # the lease holds the dead one back only
    now = NOW
    for attempt in (2, 3):
        now += policy.lease + timedelta(minutes=1)
        with pytest.raises(Crash):
            send_pending(uow, mailer, LoggingSms(), now=now, policy=policy)
        assert entry(uow, first).attempts == attempt  # picked up again after its lease
    report = send_pending(uow, mailer, LoggingSms(), now=now + policy.lease, policy=policy)
    assert keys(report.failed) == ["run-item-1"]
    given_up = entry(uow, first)
    assert given_up.status is OutboxStatus.FAILED and "3 attempts" in (given_up.last_error or "")
    assert mailer.delivered == ["run-item-2"]


def _kill_mid_run(database_url: str, port: int, hold: Hold) -> None:
    module = "tests.services.send_runner"
    runner = subprocess.Popen(
        [sys.executable, "-m", module, database_url, str(port), NOW.isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert hold.reached.wait(timeout=20), "the sender never reached the third message"
    finally:
        runner.send_signal(signal.SIGKILL)
        runner.wait(timeout=10)
        hold.release.set()


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_a_sender_killed_mid_run_loses_nothing_and_sends_nothing_twice(
    stage: str,
    database_url: str,
    uow: Factory,
    queue: Callable[..., list[int]],
    server: tuple[RecordingHandler, int],
) -> None:
    """Killed at message 3: before it was released ("rcpt"), or after the server took
    it and before its answer was recorded ("data")."""
    handler, port = server
    ids = queue(5)
    handler.hold = Hold(stage, 3)
    _kill_mid_run(database_url, port, handler.hold)
    third = entry(uow, ids[2])
    assert third.status is (OutboxStatus.SENDING if stage == "rcpt" else OutboxStatus.UNCONFIRMED)
    early = send(uow, port, now=NOW + timedelta(minutes=1))  # the lease still holds
    assert keys(early.sent) == ["run-item-4", "run-item-5"]
    later = send(uow, port, now=LATER)
    if stage == "rcpt":
        assert keys(later.sent) == ["run-item-3"] and entry(uow, ids[2]).attempts == 2
    else:
        assert keys(later.unconfirmed) == ["run-item-3"] and later.sent == []
        settle_unconfirmed(uow, ids[2], delivered=True, now=LATER)
    assert send(uow, port, now=LATER + timedelta(days=1)) == SendReport()
    assert Counter(handler.keys) == {f"run-item-{i}": 1 for i in range(1, 6)}
    assert all(entry(uow, i).status is OutboxStatus.SENT for i in ids)
