"""SmtpMailer against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tijdig.adapters.mail.smtp import SmtpMailer, build_email, message_id
from tijdig.services.outbox import (
    Attachment,
    ClaimLost,
    DeliveryChannel,
    DeliveryUnknown,
    Origin,
    OutgoingMessage,
    PermanentFailure,
    ServiceUnavailable,
    TemporaryFailure,
)

from .server import Hold, Received, RecordingHandler, free_port, smtp_server

MESSAGE = OutgoingMessage(
    key="run-item-7",
    channel=DeliveryChannel.EMAIL,
    recipient="boekhouding@peeters.be",
    subject="Herinnering factuur 2026001",
    text="Beste klant,\n.\nUw factuur staat open.\n",
    html="<p>Beste klant, uw factuur staat open.</p>",
    attachments=(Attachment("factuur.pdf", "application/pdf", b"%PDF-1.7 test"),),
    sender="Acme B.V. <info@acme.nl>",
    date=datetime(2026, 10, 20, 9, 30, tzinfo=UTC),
)


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as running:
        yield running


def _mailer(port: int, *, sender: str | None = None) -> SmtpMailer:
    return SmtpMailer("127.0.0.1", port, timeout=2.0, sender=sender)


class Releases:
    def __init__(self, handler: RecordingHandler | None = None) -> None:
        self.handler = handler
        self.calls = 0
        self.accepted_before: list[int] = []

    def __call__(self) -> None:
        self.calls += 1
        if self.handler is not None:
            self.accepted_before.append(len(self.handler.accepted))


def test_a_message_arrives_whole_with_its_key_as_message_id(
    server: tuple[RecordingHandler, int],
) -> None:
    handler, port = server
    release = Releases(handler)
    _mailer(port, sender="Tijdig <noreply@tijdig.example>").send(MESSAGE, release=release)
    [mail] = handler.accepted
    assert release.accepted_before == [0]  # released before the server had it
    assert mail["Message-ID"] == message_id("run-item-7", "noreply@tijdig.example")
    assert mail["Message-ID"] == "<run-item-7@tijdig.example>"
    assert mail["From"] == "Tijdig <noreply@tijdig.example>"
    assert mail["Reply-To"] == '"Acme B.V." <info@acme.nl>'  # a "." is quoted (RFC 5322)
    assert mail["To"] == "boekhouding@peeters.be"
    assert mail["Subject"] == "Herinnering factuur 2026001"
    assert mail["Date"] == "Tue, 20 Oct 2026 09:30:00 +0000"
    parts = {p.get_content_type(): p for p in mail.walk()}
    assert {"text/plain", "text/html", "application/pdf"} <= set(parts)
    text = parts["text/plain"].get_payload(decode=True)
    assert isinstance(text, bytes)
    assert (
        text.decode().replace("\r\n", "\n") == MESSAGE.text
    )  # the lone "." line survived dot-stuffing
    assert parts["application/pdf"].get_filename() == "factuur.pdf"
    assert parts["application/pdf"].get_payload(decode=True) == b"%PDF-1.7 test"


def test_without_a_configured_sender_the_company_sends(
    server: tuple[RecordingHandler, int],
) -> None:
    handler, port = server
    _mailer(port).send(MESSAGE, release=Releases())
    assert handler.accepted[0]["From"] == '"Acme B.V." <info@acme.nl>'
    assert handler.accepted[0]["Reply-To"] is None


def test_a_temporary_refusal_after_the_release_is_temporary(
    server: tuple[RecordingHandler, int],
) -> None:
    handler, port = server
    handler.data_replies.append("451 4.3.0 Try again later")
    release = Releases()
    with pytest.raises(TemporaryFailure, match="451"):
        _mailer(port).send(MESSAGE, release=release)
    assert release.calls == 1
    assert handler.accepted == []


def test_an_unknown_mailbox_is_permanent_and_nothing_is_released(
    server: tuple[RecordingHandler, int],
) -> None:
    handler, port = server
    handler.rcpt_replies.append("550 5.1.1 No such user")
    release = Releases()
    with pytest.raises(PermanentFailure, match="550"):
        _mailer(port).send(MESSAGE, release=release)
    assert release.calls == 0


def test_a_server_closing_the_channel_stops_the_run(
    server: tuple[RecordingHandler, int],
) -> None:
    handler, port = server
    handler.rcpt_replies.append("421 4.3.2 Service shutting down")
    with pytest.raises(ServiceUnavailable, match="421"):
        _mailer(port).send(MESSAGE, release=Releases())


def test_a_refused_connection_means_the_server_is_unavailable() -> None:
    with pytest.raises(ServiceUnavailable, match="unavailable"):
        _mailer(free_port()).send(MESSAGE, release=Releases())


def test_a_server_that_never_greets_times_out_as_unavailable() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        mailer = SmtpMailer("127.0.0.1", silent.getsockname()[1], timeout=0.2)
        with pytest.raises(ServiceUnavailable, match="timed out"):
            mailer.send(MESSAGE, release=Releases())


def test_a_lost_claim_aborts_before_the_final_dot(server: tuple[RecordingHandler, int]) -> None:
    handler, port = server

    def taken_over() -> None:
        raise ClaimLost("another run has it")

    with pytest.raises(ClaimLost):
        _mailer(port).send(MESSAGE, release=taken_over)
    _mailer(port).send(MESSAGE, release=Releases())  # the server is fine afterwards
    assert handler.keys == ["run-item-7"]


def test_no_answer_after_the_release_is_unknown(server: tuple[RecordingHandler, int]) -> None:
    handler, port = server
    handler.hold = Hold("data", 1)
    mailer = SmtpMailer("127.0.0.1", port, timeout=0.3)
    with pytest.raises(DeliveryUnknown):
        mailer.send(MESSAGE, release=Releases())
    assert handler.keys == ["run-item-7"]  # it did arrive: the reason never to guess


def test_an_inline_image_sits_beside_the_html_and_the_rest_is_attached() -> None:
    message = OutgoingMessage(
        key="run-item-9",
        channel=DeliveryChannel.EMAIL,
        recipient="ap@klant.nl",
        subject="Herinnering",
        text="Zie de QR-code.",
        html='<p><img src="cid:epc-qr"></p>',
        attachments=(
            Attachment("qr.png", "image/png", b"\x89PNG", content_id="epc-qr"),
            Attachment("factuur.pdf", "application/pdf", b"%PDF-1.7"),
        ),
    )
    mail = build_email(message, sender="Acme <debiteuren@acme.nl>")
    related = next(p for p in mail.walk() if p.get_content_type() == "multipart/related")
    image = next(p for p in related.iter_parts() if p.get_content_type() == "image/png")
    assert image["Content-ID"] == "<epc-qr>"
    attached = [p.get_filename() for p in mail.iter_attachments()]
    assert attached == ["factuur.pdf"]


# eetcafémeijer.nl in IDNA 2008 (UTS 46), the form every mail server and DNS resolver reads.
PUNYCODE = "xn--eetcafmeijer-geb.nl"


def _sent(message: OutgoingMessage, *, smtputf8: bool, sender: str | None = None) -> Received:
    """Send `message` to a server that does or does not offer SMTPUTF8; what it got."""
    with smtp_server(smtputf8=smtputf8) as (handler, port):
        _mailer(port, sender=sender).send(message, release=Releases())
    [received] = handler.received
    return received


@pytest.mark.parametrize("smtputf8", [False, True])
def test_a_domain_with_accents_goes_out_in_its_ascii_form(smtputf8: bool) -> None:
    """Any server on the way reads the IDNA form, so SMTPUTF8 is not asked for."""
    received = _sent(replace(MESSAGE, recipient="info@eetcafémeijer.nl"), smtputf8=smtputf8)
    assert received.rcpt_tos == (f"info@{PUNYCODE}",)
    assert received.header("To") == f"info@{PUNYCODE}"
    assert "SMTPUTF8" not in received.mail_options
    assert received.content.isascii()


def test_a_mailbox_name_with_accents_goes_with_smtputf8_when_the_server_offers_it() -> None:
    message = replace(MESSAGE, recipient="josé@eetcafémeijer.nl", subject="Herinnering café")
    received = _sent(message, smtputf8=True)
    assert "SMTPUTF8" in received.mail_options
    assert received.rcpt_tos == ("josé@eetcafémeijer.nl",)
    assert received.header("To") == "josé@eetcafémeijer.nl"  # UTF-8 in the header itself
    mail = received.message()
    assert mail["Subject"] == "Herinnering café" and mail["From"] == '"Acme B.V." <info@acme.nl>'


def test_a_mailbox_name_with_accents_fails_when_the_server_has_no_smtputf8(
    server: tuple[RecordingHandler, int],
) -> None:
    handler, port = server
    release = Releases()
    with pytest.raises(PermanentFailure, match=r"josé@eetcafémeijer\.nl.*SMTPUTF8"):
        _mailer(port).send(replace(MESSAGE, recipient="josé@eetcafémeijer.nl"), release=release)
    assert release.calls == 0 and handler.received == []


@pytest.mark.parametrize("smtputf8", [False, True])
def test_a_company_address_with_accents_sends_in_its_ascii_form(smtputf8: bool) -> None:
    message = replace(MESSAGE, sender="Eetcafé Meijer <debiteuren@eetcafémeijer.nl>")
    received = _sent(message, smtputf8=smtputf8)
    assert received.mail_from == f"debiteuren@{PUNYCODE}"
    assert received.header("Message-ID") == f"<run-item-7@{PUNYCODE}>"
    assert received.content.isascii()
    assert received.message()["From"] == f"Eetcafé Meijer <debiteuren@{PUNYCODE}>"


def test_a_reply_to_with_accents_needs_smtputf8_like_any_address() -> None:
    message = replace(MESSAGE, sender="Eetcafé Meijer <josé@eetcafémeijer.nl>")
    received = _sent(message, smtputf8=True, sender="Tijdig <noreply@tijdig.example>")
    assert received.mail_from == "noreply@tijdig.example"
    assert received.header("Reply-To") == "Eetcafé Meijer <josé@eetcafémeijer.nl>"
    with smtp_server() as (_handler, port), pytest.raises(PermanentFailure, match="SMTPUTF8"):
        _mailer(port, sender="noreply@tijdig.example").send(message, release=Releases())


def test_a_domain_that_is_no_valid_idna_name_is_refused_for_good(
    server: tuple[RecordingHandler, int],
) -> None:
    _handler, port = server
    with pytest.raises(PermanentFailure, match="domain"):
        _mailer(port).send(replace(MESSAGE, recipient="info@café..nl"), release=Releases())


@pytest.mark.parametrize("offers_8bitmime", [True, False])
def test_a_body_with_accents_is_declared_8bit_or_sent_7bit_clean(offers_8bitmime: bool) -> None:
    """RFC 6152: 8-bit bytes go only to a server offering 8BITMIME, and then with
    BODY=8BITMIME; to any other, the text goes quoted-printable or base64."""
    text = "Beste klant,\nU betaalt € 40,00 aan incassokosten; één week.\n"
    accented = replace(MESSAGE, text=text, html="<p>€ 40,00 — één week</p>")
    with smtp_server() as (handler, port):
        handler.offer_8bitmime = offers_8bitmime
        _mailer(port, sender="noreply@tijdig.example").send(accented, release=Releases())
    [received] = handler.received
    assert received.content.isascii() is not offers_8bitmime
    assert received.mail_options == (("BODY=8BITMIME",) if offers_8bitmime else ())
    parts = {p.get_content_type(): p for p in received.message().walk()}
    assert parts["text/plain"].get_content().replace("\r\n", "\n") == text
    assert "€ 40,00 — één week" in parts["text/html"].get_content()


def test_an_ascii_body_declares_nothing() -> None:
    with smtp_server() as (handler, port):
        _mailer(port, sender="noreply@tijdig.example").send(MESSAGE, release=Releases())
    assert handler.received[0].mail_options == ()


def test_the_collection_mailbox_is_the_envelope_sender_and_the_reply_to(
    server: tuple[RecordingHandler, int],
) -> None:
    """With a collection mailbox (services/mailbox/addressing.py): MAIL FROM is its bounce
    address and Reply-To its reply address, each with a token; From stays the sender."""
    handler, port = server
    message = replace(
        MESSAGE,
        origin=Origin(3, 44, 555),
        return_path="debiteuren+b-3-44-555-abcdefghijklmnop@acme.nl",
        reply_to='"Acme B.V." <debiteuren+r-3-44-555-abcdefghijklmnop@acme.nl>',
    )
    _mailer(port, sender="Tijdig <noreply@tijdig.example>").send(message, release=Releases())
    [received] = handler.received
    assert received.mail_from == "debiteuren+b-3-44-555-abcdefghijklmnop@acme.nl"
    mail = received.message()
    assert mail["Reply-To"] == '"Acme B.V." <debiteuren+r-3-44-555-abcdefghijklmnop@acme.nl>'
    assert mail["From"] == "Tijdig <noreply@tijdig.example>"


def test_without_a_collection_mailbox_the_envelope_and_reply_to_are_as_before(
    server: tuple[RecordingHandler, int],
) -> None:
    handler, port = server
    _mailer(port, sender="Tijdig <noreply@tijdig.example>").send(MESSAGE, release=Releases())
    [received] = handler.received
    assert received.mail_from == "noreply@tijdig.example"
    assert received.message()["Reply-To"] == '"Acme B.V." <info@acme.nl>'
