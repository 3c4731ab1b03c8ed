"""FolderMailer: one .eml per key, written atomically, never twice."""

from __future__ import annotations

import email
from dataclasses import replace
from pathlib import Path

import pytest

from tijdig.adapters.mail import FolderMailer, MailSettings, SmtpMailer, make_mailer
from tijdig.services.outbox import ClaimLost, DeliveryChannel, OutgoingMessage, TemporaryFailure

MESSAGE = OutgoingMessage(
    key="run-item-12",
    channel=DeliveryChannel.EMAIL,
    recipient="info@goudenkorst.nl",
    subject="Tweede herinnering",
    text="Uw factuur staat nog open.",
    html="<p>Uw factuur staat nog open.</p>",
)


def _nothing() -> None:
    pass


def test_a_message_becomes_an_eml_file_named_by_its_key(tmp_path: Path) -> None:
    mailer = FolderMailer(tmp_path / "mail", sender="Acme <info@acme.nl>")
    mailer.send(MESSAGE, release=_nothing)
    assert [p.name for p in (tmp_path / "mail").iterdir()] == ["run-item-12.eml"]
    mail = email.message_from_bytes(mailer.path_for("run-item-12").read_bytes())
    assert mail["Message-ID"] == "<run-item-12@acme.nl>"
    assert mail["To"] == "info@goudenkorst.nl"
    assert mail.is_multipart()


def test_an_existing_file_means_sent_and_is_not_written_again(tmp_path: Path) -> None:
    mailer = FolderMailer(tmp_path, sender="info@acme.nl")
    mailer.send(MESSAGE, release=_nothing)
    first = mailer.path_for(MESSAGE.key).read_bytes()
    calls: list[str] = []
    mailer.send(
        replace(MESSAGE, text="changed"),
        release=lambda: calls.append("release"),
    )
    assert mailer.path_for(MESSAGE.key).read_bytes() == first
    assert calls == ["release"]


def test_a_lost_claim_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    def taken_over() -> None:
        raise ClaimLost("another run has it")

    with pytest.raises(ClaimLost):
        FolderMailer(tmp_path, sender="info@acme.nl").send(MESSAGE, release=taken_over)
    assert list(tmp_path.iterdir()) == []


def test_without_any_sender_it_is_a_temporary_failure(tmp_path: Path) -> None:
    with pytest.raises(TemporaryFailure, match="sender"):
        FolderMailer(tmp_path).send(MESSAGE, release=_nothing)


def test_keys_cannot_escape_the_folder(tmp_path: Path) -> None:
    mailer = FolderMailer(tmp_path)
    assert mailer.path_for("../../etc/passwd").parent == tmp_path


def test_the_settings_choose_the_mailer(tmp_path: Path) -> None:
    assert isinstance(make_mailer(MailSettings(mail_dir=tmp_path)), FolderMailer)
    smtp = make_mailer(MailSettings(smtp_host="mail.example", smtp_port=587, smtp_starttls=True))
    assert isinstance(smtp, SmtpMailer)
    assert (smtp.host, smtp.port, smtp.starttls) == ("mail.example", 587, True)


def test_addresses_with_accents_are_written_as_a_mail_server_would_get_them(
    tmp_path: Path,
) -> None:
    """The domain in its IDNA form; a mailbox name with accents in UTF-8 (RFC 6532)."""
    mailer = FolderMailer(tmp_path, sender="Eetcafé Meijer <info@eetcafémeijer.nl>")
    mailer.send(replace(MESSAGE, key="idna", recipient="ap@bakkerijdeléé.be"), release=_nothing)
    written = mailer.path_for("idna").read_bytes()
    assert written.isascii()
    assert b"\r\nTo: ap@xn--bakkerijdel-lbba.be\r\n" in written
    assert b"<info@xn--eetcafmeijer-geb.nl>" in written
    mailer.send(replace(MESSAGE, key="utf8", recipient="josé@eetcafémeijer.nl"), release=_nothing)
    assert "\r\nTo: josé@eetcafémeijer.nl\r\n".encode() in mailer.path_for("utf8").read_bytes()
