"""Bounces as the mail servers send them: RFC 3464 reports from Postfix, Exchange
Online and Gmail, and the plain-text ones of Exim and qmail."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path

import pytest

from tijdig.engine.replies import Severity, is_auto_reply, parse_dsn

BOUNCES = Path(__file__).parent / "bounces"


def _read(name: str, *, modern: bool = False) -> Message:
    raw = (BOUNCES / name).read_bytes()
    return message_from_bytes(raw, policy=policy.default) if modern else message_from_bytes(raw)


@pytest.mark.parametrize("modern", [False, True], ids=["compat32", "default-policy"])
def test_a_postfix_report_is_a_hard_bounce_with_its_original(modern: bool) -> None:
    bounce = parse_dsn(_read("postfix_hard.eml", modern=modern))
    assert bounce is not None and bounce.standard and bounce.hard
    (failure,) = bounce.failures
    assert failure.address == "info@bakkerij-devries.nl"
    assert (failure.action, failure.status) == ("failed", "5.1.1")
    assert (
        failure.diagnostic is not None
        and "User unknown in virtual mailbox table" in failure.diagnostic
    )
    assert bounce.original_message_id == "<tijdig.2026-12-07.4711@leverancier.nl>"
    assert bounce.envelope_id == "tijdig-4711"
    assert bounce.returned_to == "debiteuren+b0unc3t0k3n@leverancier.nl"
    assert bounce.token == "b0unc3t0k3n"


def test_an_exchange_report_is_hard_and_names_the_original_it_returns() -> None:
    bounce = parse_dsn(_read("exchange_hard.eml"))
    assert bounce is not None and bounce.standard and bounce.hard
    assert bounce.addresses == ("r.visser@visser-installatie.nl",)
    assert bounce.failures[0].status == "5.1.10"
    assert bounce.original_message_id == "<tijdig.2026-10-19.599@leverancier.nl>"
    assert bounce.token == "ex4ng3"


def test_a_gmail_delay_is_soft() -> None:
    bounce = parse_dsn(_read("gmail_delayed.eml"))
    assert bounce is not None and bounce.standard and not bounce.hard
    (failure,) = bounce.failures
    assert (failure.address, failure.action, failure.severity) == (
        "ingrid@administratie-bos.nl",
        "delayed",
        Severity.SOFT,
    )
    assert bounce.original_message_id == "<tijdig.2026-09-10.456@leverancier.nl>"


def test_a_gmail_failure_is_hard_with_its_folded_diagnostic() -> None:
    bounce = parse_dsn(_read("gmail_hard.eml", modern=True))
    assert bounce is not None and bounce.hard
    assert bounce.addresses == ("mark.evans.accounts@gmail.com",)
    diagnostic = bounce.failures[0].diagnostic or ""
    assert diagnostic.startswith("smtp; 550-5.1.1 The email account") and "\n" not in diagnostic
    assert bounce.original_message_id == "<tijdig.2026-03-04.113@leverancier.nl>"


def test_exim_and_qmail_plain_bounces_are_read_and_flagged_non_standard() -> None:
    exim = parse_dsn(_read("exim_hard.eml"))
    assert exim is not None and not exim.standard and exim.hard
    assert exim.addresses == ("femke@kantoor-hoekstra.nl",)
    assert exim.original_message_id == "<tijdig.2026-06-30.301@leverancier.nl>"
    assert exim.token == "3x1m"
    qmail = parse_dsn(_read("qmail_hard.eml"))
    assert qmail is not None and not qmail.standard and qmail.hard
    assert qmail.addresses == ("compta@lejeune-renovation.be",)
    assert qmail.failures[0].status == "5.1.1"
    assert qmail.original_message_id == "<tijdig.2026-05-13.211@leverancier.nl>"


def test_an_exim_delay_warning_is_soft() -> None:
    bounce = parse_dsn(_read("exim_delayed.eml"))
    assert bounce is not None and not bounce.standard and not bounce.hard
    assert bounce.addresses == ("femke@kantoor-hoekstra.nl",)


def _report(*recipient_blocks: str) -> Message:
    """A minimal multipart/report, for the edge cases."""
    blocks = "\n\n".join(recipient_blocks)
    raw = (
        "From: MAILER-DAEMON@mail.leverancier.nl\n"
        "To: debiteuren@leverancier.nl\n"
        "Subject: Delivery Status Notification\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nDelivery report\n\n"
        "--b\nContent-Type: message/delivery-status\n\n"
        f"Reporting-MTA: dns; mail.leverancier.nl\n\n{blocks}\n\n--b--\n"
    )
    return message_from_bytes(raw.encode())


def test_a_server_that_gives_up_on_a_4xx_status_bounces_soft() -> None:
    bounce = parse_dsn(
        _report("Final-Recipient: rfc822; a@example.nl\nAction: failed\nStatus: 4.4.7")
    )
    assert bounce is not None and not bounce.hard


def test_each_recipient_gets_its_own_severity_and_deliveries_are_left_out() -> None:
    bounce = parse_dsn(
        _report(
            "Final-Recipient: rfc822; gone@example.nl\nAction: failed\nStatus: 5.1.1",
            "Final-Recipient: rfc822; full@example.nl\nAction: delayed\nStatus: 4.2.2",
            "Final-Recipient: rfc822; fine@example.nl\nAction: delivered\nStatus: 2.0.0",
        )
    )
    assert bounce is not None
    assert [(f.address, f.severity) for f in bounce.failures] == [
        ("gone@example.nl", Severity.HARD),
        ("full@example.nl", Severity.SOFT),
    ]


def test_a_report_of_deliveries_only_is_no_bounce() -> None:
    report = _report("Final-Recipient: rfc822; fine@example.nl\nAction: delivered\nStatus: 2.0.0")
    assert parse_dsn(report) is None


def test_a_failure_without_a_status_reads_the_diagnostic_code() -> None:
    failed = "Final-Recipient: rfc822; a@example.nl\nAction: failed"
    hard = _report(failed + "\nDiagnostic-Code: smtp; 550 no such user")
    soft = _report(failed + "\nDiagnostic-Code: smtp; 452 mailbox full")
    unclear = _report(failed)
    assert [parse_dsn(m).hard for m in (hard, soft, unclear)] == [True, False, False]  # type: ignore[union-attr]


def test_a_reply_is_no_bounce_even_when_it_speaks_of_one() -> None:
    msg = EmailMessage()
    msg["From"] = "Klant <klant@example.nl>"
    msg["Subject"] = "Re: Undelivered Mail Returned to Sender"
    msg.set_content(
        "Uw vorige mail kwam terug: <oud@example.nl>: user unknown. Gebruik nu dit adres."
    )
    assert parse_dsn(msg) is None


def test_bounces_also_read_as_machine_sent() -> None:
    assert is_auto_reply(_read("postfix_hard.eml"))
    assert is_auto_reply(_read("gmail_delayed.eml"))
