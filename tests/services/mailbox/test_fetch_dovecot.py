"""Reading the collection mailbox from a real IMAP server (Dovecot, TLS with a
certificate of its own, tests/adapters/mail/dovecot.py), over a real database, with the
reply addresses taken from messages really sent over SMTP (aiosmtpd).

The mailbox is seeded by IMAP APPEND with real-world-shaped replies in Dutch, English
and French; each ends where it should, and a second fetch changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import pytest
from sqlalchemy import select

from tests.adapters.mail.dovecot import Dovecot, dovecot_server
from tests.adapters.mail.server import Received, RecordingHandler, smtp_server
from tests.services.test_scheduler import Remembered
from tijdig.adapters.db.schema.mailbox import MailAttachmentRow, MailboxRow, MailMessageRow
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.errors import RuleViolation
from tijdig.domain.mailbox import LinkMethod, MailboxSettings, MailKind
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.domain.refusals import Refusal
from tijdig.services.background import JobKind, JobState, Moment, run_job
from tijdig.services.collection.delivery import send_pending
from tijdig.services.mailbox.fetch import FetchReport, fetch_mail
from tijdig.services.mailbox.linking import BAD_TOKEN
from tijdig.services.mailbox.queue import link_by_hand, not_linked
from tijdig.services.mailbox.settings import connect_mailbox
from tijdig.services.outbox import DeliveryChannel
from tijdig.services.privacy import erase_customer, export_customer
from tijdig.services.scheduler import mail_key, tick

SECRET = "a-test-key-that-is-not-in-the-database"
AT = datetime(2026, 12, 3, 9, 15, tzinfo=UTC)
MAILBOX = "debiteuren@acme.nl"
BOS = Contact(name="Eline Bos", role=ContactRole.ACCOUNTS_PAYABLE, email="e.bos@jansen.nl")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        yield server


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as running:
        yield running


@dataclass
class World:
    app: Tijdig
    company: Company
    ids: dict[str, int]
    smtp: RecordingHandler
    folder: str

    def fetch(self, *, max_bytes: int = 10 * 1024 * 1024) -> FetchReport:
        access = replace(self.app.mail_access(), max_bytes=max_bytes)
        return fetch_mail(access, self.company, actor="test", at=AT)

    def send(self, number: str, key: str) -> Received:
        """A reminder really sent to the customer: outbox, the installation's mailer, SMTP."""
        assert self.company.id is not None
        with self.app.uow() as uow:
            uow.outbox.enqueue(key=key, company_id=self.company.id,
                               customer_id=self.ids[number], channel=DeliveryChannel.EMAIL,
                               recipient=f"klant-{number}@example.org",
                               subject=f"Herinnering {number}", text="Uw factuur staat open.",
                               created_at=AT)  # fmt: skip
            uow.commit()
        report = send_pending(self.app.uow, self.app.mailer(), self.app.sms(), now=AT)
        assert [o.key for o in report.sent] == [key]
        return self.smtp.received[-1]

    def rows(self) -> list[Any]:
        with self.app.engine.connect() as connection:
            return list(connection.execute(select(MailMessageRow).order_by(MailMessageRow.uid)))


@pytest.fixture
def world(
    database_url: str, dovecot: Dovecot, smtp: tuple[RecordingHandler, int]
) -> Iterator[World]:
    """Acme with four customers, and its collection mailbox on the Dovecot server (in a
    folder of this test's own: the server lives for the module)."""
    folder = f"T{datetime.now(UTC).timestamp():.6f}".replace(".", "")
    with dovecot.client() as client:
        client.create_folder(folder)
    app = bootstrap(Settings(database_url=database_url, secret_key=SECRET,
                             imap_ca_file=dovecot.ca_file, smtp_host="127.0.0.1",
                             smtp_port=smtp[1], smtp_timeout=5.0))  # fmt: skip
    with app.uow() as uow:
        company = uow.companies.add(
            Company(code="ACME", name="Acme B.V.", email="info@acme.nl"), at=AT
        )
        assert company.id is not None
        uow.customers.save_many(company.id, [
            Customer(number="1001", name="Peeters BV", email="boekhouding@peeters.be"),
            Customer(number="1002", name="Bakkerij Jansen", contacts=(BOS,)),
            Customer(number="1003", name="Dubois SPRL", email="compta@dubois.be"),
            Customer(number="1004", name="Smith Ltd", email="ap@smith.co.uk"),
        ])  # fmt: skip
        ids = uow.customers.ids_by_number(company.id)
        uow.commit()
    settings = MailboxSettings(host=dovecot.host, port=dovecot.port, username=dovecot.user,
                               address=MAILBOX, folder=folder)  # fmt: skip
    connect_mailbox(app.uow, app.cipher(), company, settings, password=dovecot.password,
                    actor="admin", at=AT)  # fmt: skip
    yield World(app, company, ids, smtp[0], folder)
    app.close()


def _mail(
    sender: str, to: str, subject: str, body: str, *, pdf: str | None = None, **headers: str
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(AT - timedelta(hours=1))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    if pdf is not None:
        message.add_attachment(b"%PDF-1.7 " + pdf.encode(), maintype="application",
                               subtype="pdf", filename=pdf)  # fmt: skip
    return bytes(message)


def _seed(world: World, dovecot: Dovecot) -> list[str]:
    """The mailbox's messages (the token and thread ones answer reminders really sent),
    appended in this order; the cases' names in it."""
    to_dubois = world.send("1003", "run-item-31-20261202")
    to_smith = world.send("1004", "run-item-32-20261202")
    reply_to = to_dubois.message()["Reply-To"].addresses[0].addr_spec
    sent_id = str(to_smith.message()["Message-ID"])
    spoofed = f"debiteuren+r-{world.company.id}-{world.ids['1001']}-1-aaaaaaaaaaaaaaaa@acme.nl"
    cases = {
        "sender": _mail("Boekhouding Peeters <Boekhouding@Peeters.be>", MAILBOX,
                        "Factuur 2026-0411", "Goedemorgen,\n\nWij hebben gisteren betaald.\n",
                        Message_ID="<nl-1@peeters.be>"),
        "token": _mail("Secrétariat <secretariat@dubois-groupe.be>", reply_to,
                       "Re: Herinnering 1003",
                       "Bonjour,\n\nVeuillez trouver ci-joint la preuve de paiement.\n",
                       pdf="preuve-paiement.pdf", Message_ID="<fr-1@dubois-groupe.be>"),
        "thread": _mail("Jane Doe <jane.doe@smith-group.com>", MAILBOX, "Re: Herinnering 1004",
                        "Hi,\n\nWe will pay on Friday.\n", Message_ID="<en-1@smith-group.com>",
                        In_Reply_To=sent_id, References=sent_id),
        "unknown": _mail("info@onbekend.nl", MAILBOX, "Vraag", "Wie bent u?\n",
                         Message_ID="<nl-2@onbekend.nl>"),
        "spoofed": _mail("mallory@example.net", spoofed, "Re: Herinnering",
                         "Paid already.\n", Message_ID="<en-2@example.net>"),
        "out_of_office": _mail("e.bos@jansen.nl", MAILBOX, "Afwezig: Herinnering",
                               "Ik ben afwezig tot en met maandag.\n",
                               Message_ID="<nl-3@jansen.nl>", Auto_Submitted="auto-replied"),
        "no_message_id": _mail("boekhouding@peeters.be", MAILBOX, "Nog een vraag",
                               "Kunt u een kopie sturen?\n"),
    }  # fmt: skip
    dovecot.append(*cases.values(), folder=world.folder)
    return list(cases)


def _where(row: Any) -> tuple[int | None, str | None, str | None, str]:
    return row.customer_id, row.link_method, row.flag, row.kind


def _attachments(world: World) -> list[tuple[int, str, str, int, bytes]]:
    a = MailAttachmentRow
    with world.app.engine.connect() as connection:
        query = select(a.message_id, a.filename, a.mime_type, a.size, a.content).order_by(a.id)
        return [tuple(r) for r in connection.execute(query)]  # type: ignore[misc]


def test_each_message_ends_where_it_should_and_a_second_fetch_changes_nothing(
    world: World, dovecot: Dovecot
) -> None:
    names = _seed(world, dovecot)
    report = world.fetch()
    assert (report.read, report.kept, report.known) == (7, 7, 0)
    assert (report.linked, report.not_linked, report.flagged) == (5, 2, 1)
    rows = dict(zip(names, world.rows(), strict=True))
    ids, sender, person = world.ids, LinkMethod.SENDER.value, MailKind.REPLY.value
    assert {name: _where(row) for name, row in rows.items()} == {
        "sender": (ids["1001"], sender, None, person),
        "token": (ids["1003"], LinkMethod.TOKEN.value, None, person),
        "thread": (ids["1004"], LinkMethod.THREAD.value, None, person),
        "unknown": (None, None, None, person),
        "spoofed": (None, None, BAD_TOKEN, person),
        "out_of_office": (ids["1002"], sender, None, MailKind.AUTO_REPLY.value),
        "no_message_id": (ids["1001"], sender, None, person),
    }
    assert rows["sender"].message_key == "<nl-1@peeters.be>"
    assert rows["no_message_id"].message_key.startswith("sha256:")
    assert rows["token"].outbox_id is not None and rows["thread"].outbox_id is not None
    assert rows["token"].outbox_id != rows["thread"].outbox_id
    assert b"preuve de paiement" in rows["token"].raw and not rows["token"].truncated
    assert _attachments(world) == [
        (rows["token"].id, "preuve-paiement.pdf", "application/pdf", 28,
         b"%PDF-1.7 preuve-paiement.pdf"),
    ]  # fmt: skip
    before = [tuple(r) for r in world.rows()], _attachments(world)
    again = world.fetch()
    assert (again.read, again.kept, again.known) == (0, 0, 0)
    assert ([tuple(r) for r in world.rows()], _attachments(world)) == before


def test_a_new_uidvalidity_reads_the_folder_again_and_keeps_nothing_twice(
    world: World, dovecot: Dovecot
) -> None:
    _seed(world, dovecot)
    world.fetch()
    with world.app.engine.begin() as connection:
        connection.execute(MailboxRow.__table__.update().values(uidvalidity=1))  # type: ignore[attr-defined]
    report = world.fetch()
    assert (report.read, report.kept, report.known) == (7, 0, 7)
    assert len(world.rows()) == 7


def test_outgoing_mail_goes_from_the_mailbox_with_signed_tokens(world: World) -> None:
    sent = world.send("1003", "run-item-40-20261202")
    local, _, domain = sent.mail_from.rpartition("@")
    assert domain == "acme.nl" and local.startswith(f"debiteuren+b-{world.company.id}-")
    reply_to = sent.message()["Reply-To"].addresses[0]
    assert reply_to.domain == "acme.nl"
    assert reply_to.username.startswith(f"debiteuren+r-{world.company.id}-{world.ids['1003']}-")
    assert str(sent.message()["From"]) == '"Acme B.V." <info@acme.nl>'


def test_the_not_linked_queue_is_linked_by_a_person_once(world: World, dovecot: Dovecot) -> None:
    _seed(world, dovecot)
    world.fetch()
    waiting = not_linked(world.app.uow(), world.company)
    assert [(m.from_address, m.flag) for m in waiting] == [
        ("info@onbekend.nl", None), ("mallory@example.net", BAD_TOKEN),
    ]  # fmt: skip
    linked = link_by_hand(world.app.uow, world.company, waiting[0].id, "1002", actor="anne", at=AT)
    assert (linked.customer_number, linked.link_method) == ("1002", LinkMethod.PERSON)
    assert [m.id for m in not_linked(world.app.uow(), world.company)] == [waiting[1].id]
    with pytest.raises(RuleViolation) as refused:
        link_by_hand(world.app.uow, world.company, waiting[0].id, "1001", actor="anne", at=AT)
    assert refused.value.code is Refusal.MAIL_LINKED_ALREADY


def test_a_message_over_the_limit_is_kept_cut_and_marked(world: World, dovecot: Dovecot) -> None:
    big = _mail("boekhouding@peeters.be", MAILBOX, "Bijlagen", "Zie bijlage.\n",
                pdf="scan-" + "x" * 6000 + ".pdf")  # fmt: skip
    dovecot.append(big, folder=world.folder)
    report = world.fetch(max_bytes=2048)
    assert report.kept == 1
    [row] = world.rows()
    assert row.truncated and len(row.raw) == 2048 and row.size == len(big.replace(b"\n", b"\r\n"))
    assert row.customer_id == world.ids["1001"]


def test_mail_read_is_exported_and_erased_with_the_debtor(world: World, dovecot: Dovecot) -> None:
    _seed(world, dovecot)
    world.fetch()
    data = export_customer(world.app.uow(), world.company, "1003", destination="test",
                           actor="dpo", at=AT)  # fmt: skip
    [read] = data["mail_read"]
    assert "preuve de paiement" in read["raw"] and read["link_method"] == "token"
    assert [a["filename"] for a in data["mail_read_attachments"]] == ["preuve-paiement.pdf"]
    erase_customer(world.app.uow(), world.company, "1003", as_of=AT.date(), actor="dpo", at=AT)
    row = next(r for r in world.rows() if r.customer_id == world.ids["1003"])
    assert (row.raw, row.subject, row.from_address) == (b"", "", "")
    assert _attachments(world) == []
    with world.app.engine.begin() as connection:  # read the folder again from its start
        connection.execute(MailboxRow.__table__.update().values(uidvalidity=1))  # type: ignore[attr-defined]
    world.fetch()
    assert len(world.rows()) == 7  # the erased message is not kept again


def test_the_scheduler_reads_the_mailbox_once_per_slot(world: World, dovecot: Dovecot) -> None:
    """A "mail" job per company with a mailbox and 15-minute slot, however often the
    scheduler ticks in it; a worker doing it reads the mailbox."""
    _seed(world, dovecot)
    with world.app.uow() as uow:
        other = uow.companies.add(Company(code="BETA", name="Beta B.V."), at=AT)
        uow.commit()
    queued = Remembered()
    first = tick(world.app.uow, world.app.jobs(), queued, at=AT)
    mail_jobs = [q for q in first if q.kind is JobKind.MAIL]
    assert [q.company_code for q in mail_jobs] == ["ACME"] and other.code == "BETA"
    again = tick(world.app.uow, world.app.jobs(), queued, at=AT + timedelta(minutes=14))
    assert [q for q in again if q.kind is JobKind.MAIL] == []
    later = tick(world.app.uow, world.app.jobs(), queued, at=AT + timedelta(minutes=15))
    assert [q.kind for q in later if q.kind is JobKind.MAIL] == [JobKind.MAIL]
    done = run_job(world.app, world.app.jobs(), mail_jobs[0].job_id,
                   Moment(AT, AT.date(), lambda: AT))  # fmt: skip
    assert done is not None and done.state is JobState.DONE, done
    assert done.result is not None and done.result["kept"] == 7
    assert mail_key(AT) == "mail:2026-12-03T09:15"
