"""Bounces, out-of-office notices and replies read from a real IMAP server (Dovecot, see
test_fetch_dovecot.py) end where they should: a hard bounce of a reminder really sent
makes the address undeliverable, with a task, and the customer is written to by the next
channel; a soft bounce is only counted; an out-of-office is no contact and holds nothing;
a person's reply holds its customer until a person confirms it. A second fetch changes
nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.adapters.mail.dovecot import Dovecot
from tests.services.mailbox.test_fetch_dovecot import (  # noqa: F401 (fixtures)
    AT,
    MAILBOX,
    World,
    _mail,
    dovecot,
    smtp,
    world,
)
from tests.snapshot import Tables, changed
from tijdig.adapters.db.schema.collection import ContactEventRow, TaskRow
from tijdig.adapters.db.schema.contacts import AddressBounceRow
from tijdig.adapters.db.views.customer_state import load_customer_state
from tijdig.domain.contact_quality import deliverable_email
from tijdig.domain.mailbox import MailKind

_DSN = (
    "From: Mail Delivery System <MAILER-DAEMON@mx.jansen.nl>\r\n"
    "To: {to}\r\n"
    "Subject: {subject}\r\n"
    "Date: Thu, 03 Dec 2026 08:20:00 +0000\r\n"
    "Message-ID: <{key}@mx.jansen.nl>\r\n"
    "Auto-Submitted: auto-replied\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"\r\n\r\n'
    "--dsn\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{human}\r\n"
    "--dsn\r\nContent-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mx.jansen.nl\r\n\r\n"
    "Final-Recipient: rfc822; {address}\r\nAction: {action}\r\nStatus: {status}\r\n"
    "Diagnostic-Code: smtp; {code} {status} {why}\r\n"
    "--dsn\r\nContent-Type: text/rfc822-headers\r\n\r\n"
    "Message-ID: {original}\r\nSubject: Herinnering\r\n"
    "--dsn--\r\n"
)


def _dsn(to: str, address: str, original: str, *, hard: bool, key: str) -> bytes:
    return _DSN.format(
        to=to, address=address, original=original, key=key,
        subject="Onbestelbaar: Herinnering" if hard else "Vertraagd: Herinnering",
        human="Uw bericht kon niet worden afgeleverd." if hard
        else "Uw bericht is nog niet afgeleverd; we proberen het opnieuw.",
        action="failed" if hard else "delayed", status="5.1.1" if hard else "4.2.2",
        code="550" if hard else "452", why="user unknown" if hard else "mailbox full",
    ).encode()  # fmt: skip


def _of(at: World, row: type, number: str) -> list[Any]:
    with at.app.engine.connect() as connection:
        return list(connection.execute(select(row).where(row.customer_id == at.ids[number])))


def test_bounces_auto_replies_and_replies_end_where_they_should(
    world: World,  # noqa: F811 (the fixture imported)
    dovecot: Dovecot,  # noqa: F811
) -> None:
    to_jansen = world.send("1002", "run-item-51-20261202")
    to_peeters = world.send("1001", "run-item-52-20261202")
    bounced_to = to_jansen.mail_from  # the envelope sender with its token
    messages = [
        _dsn(bounced_to, "e.bos@jansen.nl", str(to_jansen.message()["Message-ID"]),
             hard=True, key="hard"),
        _dsn(to_peeters.mail_from, "boekhouding@peeters.be",
             str(to_peeters.message()["Message-ID"]), hard=False, key="soft"),
        _mail("e.bos@jansen.nl", MAILBOX, "Afwezig: Herinnering 1002",
              "Ik ben afwezig tot en met maandag 7 december.\n",
              Message_ID="<ooo@jansen.nl>", Auto_Submitted="auto-replied"),
        _mail("Jane Doe <ap@smith.co.uk>", MAILBOX, "Re: Herinnering 1004",
              "Hello,\n\nWe will pay the invoice on 10 December 2026.\n",
              Message_ID="<promise@smith.co.uk>"),
    ]  # fmt: skip
    dovecot.append(*messages, folder=world.folder)
    report = world.fetch()
    assert report.kinds == {"bounce": 2, "auto_reply": 1, "reply": 1}
    kinds = [r.kind for r in world.rows()]
    assert kinds == [MailKind.BOUNCE, MailKind.BOUNCE, MailKind.AUTO_REPLY, MailKind.REPLY]

    # hard bounce: undeliverable, a task to find a good address, the next channel (post)
    [hard] = _of(world, AddressBounceRow, "1002")
    assert (hard.address, hard.hard_count, hard.undeliverable_since) == (
        "e.bos@jansen.nl",
        1,
        AT.date(),
    )
    [task] = _of(world, TaskRow, "1002")
    assert "task_find_address" in task.title
    assert world.company.id is not None
    with world.app.uow() as uow:
        jansen = uow.customers.get(world.company.id, "1002")
        peeters = uow.customers.get(world.company.id, "1001")
    assert jansen is not None and deliverable_email(jansen) is None  # a letter now
    # soft bounce: counted only
    [soft] = _of(world, AddressBounceRow, "1001")
    assert (soft.soft_count, soft.hard_count, soft.undeliverable_since) == (1, 0, None)
    assert _of(world, TaskRow, "1001") == []
    assert peeters is not None and deliverable_email(peeters) == "boekhouding@peeters.be"

    # the out-of-office: no contact (a note marked automatic only), no hold
    notes = [e for e in _of(world, ContactEventRow, "1002") if "auto_reply_received" in e.summary]
    assert len(notes) == 1 and notes[0].kind == "note"
    assert not [e for e in _of(world, ContactEventRow, "1002")
                if e.kind in ("call", "personal_email", "visit")]  # fmt: skip
    with world.app.uow() as uow:
        states = {number: load_customer_state(uow.session, world.company.id,
                                              world.ids[number], as_of=AT.date())
                  for number in ("1002", "1004")}  # fmt: skip
    assert states["1002"] is not None and states["1002"].waiting_replies == ()
    assert states["1004"] is not None
    assert [w.kind for w in states["1004"].waiting_replies] == ["promise"]

    # the timeline: the reply and the bounce beside the messages sent
    assert [e.kind for e in _of(world, ContactEventRow, "1004")
            if "reply_received" in e.summary] == ["note"]  # fmt: skip
    assert any("bounce_hard" in e.summary for e in _of(world, ContactEventRow, "1002"))
    assert any("bounce_soft" in e.summary for e in _of(world, ContactEventRow, "1001"))

    # a second fetch changes nothing at all
    tables = Tables(world.app.engine)
    before = tables.snapshot()
    again = world.fetch()
    assert (again.read, again.kept) == (0, 0)
    # only the moment read and the fetch's own audit entry are new
    assert {c.split(":")[0] for c in changed(before, tables.snapshot())} <= {
        "mailboxes",
        "audit_log",
    }
