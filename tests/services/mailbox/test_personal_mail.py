"""Personal e-mails from the workspace (issue 19), end to end on a real database and a
real SMTP server on loopback (aiosmtpd): what arrives (threading headers, the collection
mailbox's signed return addresses, the body in the customer's language), the timeline,
the debtor's answer linking back, the refusals, and a crash or an outage losing nothing
and sending nothing twice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.utils import parseaddr

import pytest
from aiosmtpd.controller import Controller

from tests.adapters.mail.server import RecordingHandler, free_port, smtp_server
from tests.services.mailbox.inbox_world import AuditRow, add_reply, count, moment, setup
from tijdig.adapters.render.formatting import Formats
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.mailbox import LinkMethod, MailboxSettings
from tijdig.domain.parties import Company, Customer, Language
from tijdig.domain.personal_mail import MailTemplate
from tijdig.domain.reasons import Code, Reason
from tijdig.domain.refusals import Refusal
from tijdig.services.collection.delivery import RetryPolicy, SendReport, send_pending
from tijdig.services.collection.messages import record_sent
from tijdig.services.mailbox.linking import link_message
from tijdig.services.mailbox.personal import PersonalSent, draft, send_personal
from tijdig.services.mailbox.tokens import Purpose, ReplyToken, read_token, tags_of
from tijdig.services.outbox import Mailer, OutboxStatus, OutgoingMessage, Release
from tijdig.services.receivables.imports import with_reference

SECRET = "personal-mail-test-secret-key-0123456789"
DAY = date(2026, 10, 16)
NOW = moment(DAY, 10)
KEY = "form-key-0123456789abcdef"


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as found:
        yield found


def _app(database_url: str, port: int) -> Tijdig:
    return bootstrap(Settings(database_url=database_url, secret_key=SECRET,
                              smtp_host="127.0.0.1", smtp_port=port, smtp_timeout=5))  # fmt: skip


def _world(app: Tijdig, *, mailbox: bool = True) -> Company:
    company = setup(app)
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, [
            Customer(number="C2", name="Client SA", email="compta@client.be",
                     language=Language.FR, country="BE"),
        ])  # fmt: skip
        cid = uow.customers.ids_by_number(company.id)["C2"]
        invoice = Invoice("B7", "C2", date(2026, 8, 1), date(2026, 9, 1), Decimal("1234.50"))
        uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                         customer_id=cid, fingerprint="B7", source="test")  # fmt: skip
        if mailbox:
            settings = MailboxSettings(host="imap.acme.nl", port=993, username="deb",
                                       address="debiteuren@acme.nl")  # fmt: skip
            uow.mail.save_mailbox(company.id, settings, password_sealed=None,
                                  keep_password=False, at=NOW, by="test")  # fmt: skip
        uow.commit()
    return company


def _send(
    app: Tijdig,
    company: Company,
    number: str = "C1",
    *,
    subject: str = "Uw facturen",
    body: str = "Graag betaling.",
    reply_to: int | None = None,
    form_key: str = KEY,
) -> PersonalSent:
    return send_personal(app.uow, app.mailer(), company, number, subject=subject, body=body,
                         reply_to=reply_to, form_key=form_key, by="anna", actor="anna",
                         now=NOW)  # fmt: skip


def _personal(app: Tijdig, company: Company, number: str = "C1") -> list[ContactEvent]:
    """The customer's timeline's personal e-mails."""
    assert company.id is not None
    with app.uow() as uow:
        cid = uow.customers.ids_by_number(company.id)[number]
        found = uow.contact_log.timeline(company.id, cid)
    return [e for e in found if e.kind is ContactKind.PERSONAL_EMAIL]


def _send_due(app: Tijdig, at: datetime) -> SendReport:
    """What `tijdig send` and the scheduler do with the outbox."""
    hook = record_sent(today=at.date(), actor="scheduler", at=at)
    return send_pending(app.uow, app.mailer(), app.sms(), now=at, on_sent=hook)


def test_an_answer_to_a_reply_arrives_threaded_with_the_mailbox_tokens(
    database_url: str, server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    app = _app(database_url, port)
    company = _world(app)
    mail_id = add_reply(app, company, "Wanneer moet ik betalen?", moment(DAY, 8),
                        References="onzin <eerder@acme.nl> (commentaar)")  # fmt: skip
    written = draft(app.uow(), app.customer_formats, company, "C1",
                    template=MailTemplate.FOLLOW_UP, reply_to=mail_id)  # fmt: skip
    assert written.subject == "Re: Herinnering factuur A"  # no "Re: Re:"
    assert written.recipient == "boekhouding@klant.nl" and written.refusal is None
    assert "Beste Klant BV," in written.body
    euros = Formats("nl_NL").money(Decimal(1000), "EUR")
    assert euros == "€\xa01.000,00"  # Babel's Dutch, the space not breaking
    assert f"factuur A, vervallen op 1 juli 2026: {euros} open" in written.body
    assert written.open_invoices == ("A",)
    sent = send_personal(app.uow, app.mailer(), company, "C1", subject=written.subject,
                         body=written.body, template=written.template, reply_to=mail_id,
                         attach=["A", "A "], copies=app.mail_copies(), form_key=KEY,
                         by="anna", actor="anna", now=NOW)  # fmt: skip
    assert sent.status is OutboxStatus.SENT and not sent.again
    [got] = handler.received
    assert got.rcpt_tos == ("boekhouding@klant.nl",)
    assert got.header("In-Reply-To") == "<r1@klant.nl>"
    assert got.header("References") == "<eerder@acme.nl> <r1@klant.nl>"
    assert got.header("Subject") == "Re: Herinnering factuur A"
    # The collection mailbox's signed tokens, naming C1 and this very message.
    reply_address = parseaddr(got.header("Reply-To"))[1]
    [reply_tag] = tags_of("debiteuren@acme.nl", [reply_address])
    [bounce_tag] = tags_of("debiteuren@acme.nl", [got.mail_from])
    assert company.id is not None
    with app.uow() as uow:
        c1 = uow.customers.ids_by_number(company.id)["C1"]
    for tag, purpose in ((reply_tag, Purpose.REPLY), (bounce_tag, Purpose.BOUNCE)):
        token = read_token(SECRET, tag)
        assert token == ReplyToken(purpose, company.id, c1, sent.outbox_id)
    parsed = got.message()
    text_part = parsed.get_body(("plain",))
    assert text_part is not None
    body = text_part.get_content()
    assert euros in body and "Met vriendelijke groet" in body
    [copy] = list(parsed.iter_attachments())  # the invoice's copy, once
    assert copy.get_filename() == "invoice-A.pdf" and copy.get_content().startswith(b"%PDF")
    message_id = got.header("Message-ID")
    assert message_id.startswith(f"<{sent.key}@")
    # In the timeline as a personal e-mail by its writer: a contact.
    [event] = _personal(app, company)
    assert (event.by, event.with_whom) == ("anna", "boekhouding@klant.nl")
    assert isinstance(event.summary, Reason) and event.summary.code is Code.PERSONAL_MAIL_SENT
    assert count(app, AuditRow, action="mail.personal") == 1
    # The debtor's answer to it (no token kept) links back to C1 by its Message-ID.
    answer = EmailMessage()
    answer["From"] = "iemand@elders.nl"
    answer["To"] = "debiteuren@acme.nl"
    answer["Subject"] = "Re: Re: Herinnering factuur A"
    answer["In-Reply-To"] = message_id
    with app.uow() as uow:
        link = link_message(uow.mail, company.id, answer, mailbox_address="debiteuren@acme.nl",
                            secret=SECRET)  # fmt: skip
    assert (link.customer_id, link.method, link.outbox_id) == (c1, LinkMethod.THREAD,
                                                                sent.outbox_id)  # fmt: skip
    app.close()


def test_a_french_customer_gets_the_template_in_french_with_french_amounts(
    database_url: str, server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    app = _app(database_url, port)
    company = _world(app, mailbox=False)
    written = draft(app.uow(), app.customer_formats, company, "C2",
                    template=MailTemplate.AGREEMENT)  # fmt: skip
    amount = Formats("fr_BE").money(Decimal("1234.50"), "EUR")
    assert written.subject == "Confirmation de notre accord (C2)"
    assert f"facture B7, échue le 1 septembre 2026 : {amount} ouverts" in written.body
    with pytest.raises(RuleViolation) as refused:  # the part only the writer knows
        _send(app, company, "C2", subject=written.subject, body=written.body)
    assert refused.value.code is Refusal.PERSONAL_MAIL_TO_FILL_IN
    body = written.body.replace("[[l'accord]]", "vous payez en deux fois.")
    sent = _send(app, company, "C2", subject=written.subject, body=body)
    assert sent.status is OutboxStatus.SENT
    [got] = handler.received
    text = got.message().get_content()
    assert text.startswith("Bonjour Client SA,") and amount in text
    assert "vous payez en deux fois." in text
    parsed = got.message()  # no mailbox: from the company itself, as before; no thread
    assert got.mail_from == "debiteuren@acme.nl" and parsed["Reply-To"] is None
    assert parsed["In-Reply-To"] is None and parsed["References"] is None
    app.close()


def test_refusals_queue_nothing(database_url: str, server: tuple[RecordingHandler, int]) -> None:
    handler, port = server
    app = _app(database_url, port)
    company = _world(app)
    assert company.id is not None
    other = add_reply(app, company, "Vraag", moment(DAY, 8), key="<r2@client.be>", customer="C2")
    with pytest.raises(RuleViolation) as refused:
        _send(app, company, body="  \n ")
    assert refused.value.code is Refusal.PERSONAL_MAIL_NO_TEXT
    with pytest.raises(RuleViolation) as refused:
        _send(app, company, subject=" ")
    assert refused.value.code is Refusal.PERSONAL_MAIL_NO_SUBJECT
    with pytest.raises(RuleViolation) as refused:
        _send(app, company, reply_to=other)
    assert refused.value.code is Refusal.PERSONAL_MAIL_OTHER_CUSTOMER
    with pytest.raises(InvalidValue):
        _send(app, company, form_key="short")
    with pytest.raises(NotFound):  # C2's invoice is no copy to send C1
        send_personal(app.uow, app.mailer(), company, "C1", subject="Kopie", body="Hierbij.",
                      attach=["B7"], copies=app.mail_copies(), form_key=KEY, by="anna",
                      actor="anna", now=NOW)  # fmt: skip
    with app.uow() as uow:  # every address of C1 bounced for good
        cid = uow.customers.ids_by_number(company.id)["C1"]
        bounced = NOW - timedelta(days=3)
        uow.contact_quality.record_bounce(company.id, cid, "boekhouding@klant.nl", hard=True,
                                          at=bounced, diagnostic="5.1.1")  # fmt: skip
        uow.commit()
    with pytest.raises(RuleViolation) as refused:
        _send(app, company)
    assert refused.value.code is Refusal.PERSONAL_MAIL_UNDELIVERABLE
    written = draft(app.uow(), app.customer_formats, company, "C1", template=MailTemplate.FREE)
    assert written.recipient is None and written.refusal is not None
    with app.uow() as uow:
        customer = uow.customers.get(company.id, "C1")
        assert customer is not None
        uow.customers.save_many(
            company.id, [replace(customer, email=None, undeliverable=frozenset())]
        )
        uow.commit()
    with pytest.raises(RuleViolation) as refused:
        _send(app, company)
    assert refused.value.code is Refusal.PERSONAL_MAIL_NO_ADDRESS
    assert handler.received == [] and count(app, AuditRow, action="mail.personal") == 0
    with app.uow() as uow:
        assert sum(uow.outbox.counts(company_id=company.id).values()) == 0
    app.close()


def test_an_outage_keeps_it_queued_and_the_next_send_delivers_it_once(database_url: str) -> None:
    port = free_port()  # nothing listens yet: the server is down
    app = _app(database_url, port)
    company = _world(app)
    first = _send(app, company)
    assert first.status is OutboxStatus.PENDING and first.error
    assert _personal(app, company) == []
    again = _send(app, company)  # the form sent again: the same message, nothing new
    assert again.again and again.outbox_id == first.outbox_id
    later = NOW + timedelta(minutes=2)
    handler = RecordingHandler()  # the server is back, on the same port
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert len(_send_due(app, later).sent) == 1
        assert _send_due(app, later + timedelta(hours=1)).sent == []
        assert _send(app, company).again
    finally:
        controller.stop()
    assert len(handler.received) == 1
    assert [e.by for e in _personal(app, company)] == ["anna"]
    app.close()


class _Crash(BaseException):
    """The process dying mid-send (not an error the sender catches)."""


class _CrashingMailer:
    def __init__(self, *, after_release: bool) -> None:
        self.after_release = after_release

    def send(self, message: OutgoingMessage, *, release: Release) -> str | None:
        if self.after_release:
            release()
        raise _Crash


@pytest.mark.parametrize("after_release", [False, True])
def test_a_crash_loses_nothing_and_sends_nothing_twice(
    database_url: str, server: tuple[RecordingHandler, int], after_release: bool
) -> None:
    handler, port = server
    app = _app(database_url, port)
    company = _world(app)
    crashing: Mailer = _CrashingMailer(after_release=after_release)
    with pytest.raises(_Crash):
        send_personal(app.uow, crashing, company, "C1", subject="Uw facturen", body="Graag.",
                      form_key=KEY, by="anna", actor="anna", now=NOW)  # fmt: skip
    assert count(app, AuditRow, action="mail.personal") == 1  # queued and audited: kept
    assert _send(app, company).again
    later = NOW + RetryPolicy().lease + timedelta(minutes=1)
    report = _send_due(app, later)
    if after_release:  # the server may have it: never sent again on a guess
        assert report.sent == [] and len(report.unconfirmed) == 1
        assert handler.received == []
    else:  # the server discarded the unfinished message: the next send delivers it once
        assert len(report.sent) == 1 and len(handler.received) == 1
        assert [e.by for e in _personal(app, company)] == ["anna"]
    app.close()
