"""Sending the outbox exactly once, on the fake outbox (tests/fakes_collection.py): a
real SMTP server on loopback where the server's answers matter, else scripted mailers.
The same over a real database, with a sender process killed mid-run, is
test_delivery_end_to_end.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.fakes import FakeMailer
from tests.fakes_collection import FakeCollectionDatabase
from tijdig.adapters.mail import FolderMailer, SmtpMailer
from tijdig.adapters.sms import LoggingSms
from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.parties import Company, Customer
from tijdig.services.collection.delivery import (
    Outcome,
    RetryPolicy,
    SendReport,
    send_pending,
    settle_unconfirmed,
)
from tijdig.services.collection.messages import SendUnitOfWork
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
AT = datetime(2026, 10, 1, tzinfo=UTC)

Factory = Callable[[], SendUnitOfWork]
Queue = Callable[..., list[int]]


@pytest.fixture
def uow() -> Factory:
    return FakeCollectionDatabase().uow


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as running:
        yield running


def make_queue(uow: Factory) -> Queue:
    """Enqueues messages run-item-1 .. run-item-n for one customer of one company."""
    with uow() as work:
        company = work.companies.add(
            Company(code="ACME", name="Acme B.V.", email="info@acme.nl"), at=AT
        )
        assert company.id is not None
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


@pytest.fixture
def queue(uow: Factory) -> Queue:
    return make_queue(uow)


def log_contact(work: SendUnitOfWork, entry: OutboxEntry) -> None:
    """What the dunning code does on `on_sent`: a contact-log entry naming the message,
    in the same transaction."""
    assert entry.customer_id is not None and entry.sent_at is not None
    event = ContactEvent("1001", ContactKind.EMAIL_SENT, entry.sent_at, entry.key)
    work.contact_log.add(entry.company_id, entry.customer_id, event)


def logged(uow: Factory) -> list[str]:
    """The keys of the messages in the contact log, in order."""
    with uow() as work:
        company = work.companies.find("ACME")
        assert company is not None and company.id is not None
        customer = work.customers.ids_by_number(company.id)["1001"]
        events = work.contact_log.timeline(company.id, customer)
    return sorted(e.summary for e in events)


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


def test_enqueueing_a_key_twice_keeps_one_message(uow: Factory, queue: Queue) -> None:
    assert queue(2) == queue(2)
    with uow() as work:
        assert work.outbox.counts()[OutboxStatus.PENDING] == 2


def test_a_temporary_refusal_is_retried_with_backoff_then_sent(
    uow: Factory, queue: Queue, server: tuple[RecordingHandler, int]
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
    uow: Factory, queue: Queue, server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    first, _second = queue(2)
    handler.rcpt_replies.append("550 5.1.1 No such user")
    report = send(uow, port)
    assert keys(report.failed) == ["run-item-1"] and keys(report.sent) == ["run-item-2"]
    failed = entry(uow, first)
    assert failed.status is OutboxStatus.FAILED
    assert failed.last_error is not None and "550" in failed.last_error
    assert send(uow, port, now=NOW + timedelta(days=2)) == SendReport()
    assert handler.keys == ["run-item-2"] and logged(uow) == ["run-item-2"]


def test_an_unreachable_server_stops_the_run_and_loses_nothing(uow: Factory, queue: Queue) -> None:
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


def test_backoff_grows_and_gives_up_after_six_attempts(uow: Factory, queue: Queue) -> None:
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


def test_an_sms_goes_through_the_sms_port(tmp_path: Path, uow: Factory, queue: Queue) -> None:
    queue(1, channel=DeliveryChannel.SMS)
    mailer = FakeMailer()
    report = send_pending(uow, mailer, LoggingSms(tmp_path / "sms.log"), now=NOW)
    assert keys(report.sent) == ["run-item-1"] and mailer.delivered == []
    assert '"to": "+32470123456"' in (tmp_path / "sms.log").read_text(encoding="utf-8")


def test_in_the_demo_each_message_lands_in_the_mail_folder_once(
    tmp_path: Path, uow: Factory, queue: Queue
) -> None:
    queue(2)
    for now in (NOW, LATER):
        send_pending(uow, FolderMailer(tmp_path / "mail"), LoggingSms(), now=now)
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == [
        "run-item-1.eml",
        "run-item-2.eml",
    ]


def test_an_unanswered_release_is_never_guessed_but_settled_by_a_person(
    uow: Factory, queue: Queue
) -> None:
    [outbox_id] = queue(1)
    mailer = FakeMailer(DeliveryUnknown("no answer"))
    assert keys(send_pending(uow, mailer, LoggingSms(), now=NOW).unconfirmed) == ["run-item-1"]
    later = send_pending(uow, mailer, LoggingSms(), now=LATER + timedelta(days=1))
    assert keys(later.unconfirmed) == ["run-item-1"] and later.sent == []
    assert mailer.delivered == ["run-item-1"]
    settled = settle_unconfirmed(uow, outbox_id, delivered=True, now=LATER, on_sent=log_contact)
    assert settled.status is OutboxStatus.SENT and logged(uow) == ["run-item-1"]


def test_a_failing_on_sent_leaves_the_message_unconfirmed_and_logs_nothing(
    uow: Factory, queue: Queue
) -> None:
    [outbox_id] = queue(1)

    def broken(work: SendUnitOfWork, sent: OutboxEntry) -> None:
        log_contact(work, sent)
        raise RuntimeError("disk full")

    report = send_pending(uow, FakeMailer(), LoggingSms(), now=NOW, on_sent=broken)
    assert "disk full" in (report.unconfirmed[0].error or "")
    assert entry(uow, outbox_id).status is OutboxStatus.UNCONFIRMED and logged(uow) == []
    settle_unconfirmed(uow, outbox_id, delivered=False, now=LATER)
    assert keys(send_pending(uow, FakeMailer(), LoggingSms(), now=LATER).sent) == ["run-item-1"]


def test_a_run_that_lost_its_lease_aborts_and_the_other_run_sends_once(
    uow: Factory, queue: Queue
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
    uow: Factory, queue: Queue, server: tuple[RecordingHandler, int]
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
    uow: Factory, server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    with uow() as work:
        cafe = Company(code="CAFE", name="Eetcafé Meijer", email="debiteuren@eetcafémeijer.nl")
        company = work.companies.add(cafe, at=AT)
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
    uow: Factory, queue: Queue
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
    uow: Factory, queue: Queue
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
    uow: Factory, queue: Queue
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
