"""Out-of-office notices and autoresponders: by their headers (RFC 3834 and what the
common servers set), else by their subject or wording in Dutch, English and French."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from tijdig.engine.replies import Reply, auto_reply_signs, is_auto_reply


def _mail(subject: str, body: str, **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Klant <klant@example.nl>"
    msg["Subject"] = subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Auto_Submitted": "auto-generated; owner-email=x@example.nl"},
        {"Auto_Submitted": "auto-notified"},
        {"X_Autoreply": "yes"},
        {"X_Autorespond": "Out of office"},
        {"Precedence": "auto_reply"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"X_MS_Exchange_Generated_Message_Source": "Mailbox Rules Agent"},
    ],
)
def test_the_headers_of_a_machine_reply_say_so(headers: dict[str, str]) -> None:
    assert is_auto_reply(_mail("Re: Herinnering factuur 2026-0113", "Bedankt.", **headers))


def test_auto_submitted_no_is_a_person_writing() -> None:
    msg = _mail("Re: Herinnering", "Betaald.", Auto_Submitted="no")
    assert not is_auto_reply(msg)
    assert auto_reply_signs(Reply.of(msg)) == ()


@pytest.mark.parametrize(
    "subject",
    [
        "Automatisch antwoord: Herinnering factuur 2026-0113",
        "Afwezig: Herinnering factuur 2026-0113",
        "Afwezigheidsmelding",
        "Out of Office: Reminder invoice F2026-0113",
        "Automatic reply: Reminder",
        "Réponse automatique : Rappel facture 2026-0113",
        "Absence du bureau",
        "Accusé de réception",
    ],
)
def test_out_of_office_subjects(subject: str) -> None:
    assert is_auto_reply(_mail(subject, "Tot maandag."))


@pytest.mark.parametrize(
    "body",
    [
        "Ik ben tot en met 7 augustus afwezig en lees mijn mail niet.",
        "Ik ben met vakantie. Voor dringende zaken: info@example.nl",
        "I am out of the office until Monday 4 January.",
        "I'm currently on annual leave with limited access to email.",
        "Je suis absente jusqu'au 17 août.",
        "Ceci est une réponse automatique.",
    ],
)
def test_out_of_office_wording_without_headers(body: str) -> None:
    assert is_auto_reply(_mail("Herinnering factuur 2026-0113", body))


def test_a_person_answering_while_away_is_a_reply() -> None:
    """ "Re:" and no header: a person wrote it, whatever else it says."""
    msg = _mail(
        "Re: Herinnering factuur 2026-0113", "Ik ben afwezig tot maandag, daarna betaal ik."
    )
    assert not is_auto_reply(msg)


def test_the_quoted_reminder_does_not_make_a_reply_automatic() -> None:
    body = "Betaald.\n\nOn Mon, 4 Jan 2027, Credit Control wrote:\n> This is an automatic message."
    assert not is_auto_reply(_mail("Payment", body))


def test_an_html_only_notice_is_read_too() -> None:
    msg = EmailMessage()
    msg["Subject"] = "Kantoor gesloten"
    msg.set_content(
        "<html><body><p>Ik ben met vakantie tot 3 augustus.</p></body></html>", subtype="html"
    )
    assert is_auto_reply(msg)
