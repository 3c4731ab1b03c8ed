"""The IMAP reader against a real Dovecot: TLS from the first byte or STARTTLS, the
certificate checked (refused without the server's CA), read-only (nothing marked seen),
a large message cut at the limit, a wrong password refused saying which server."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

import pytest

from tijdig.adapters.mail.imap import ImapReader
from tijdig.domain.errors import RuleViolation
from tijdig.domain.mailbox import MailboxSettings, Tls
from tijdig.domain.refusals import Refusal

from .dovecot import Dovecot, dovecot_server


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@b.nl", "c@d.nl", "Factuur"
        message.set_content("Betaald.\n" + "x" * 5000)
        server.append(bytes(message), folder="INBOX")
        yield server


def _settings(dovecot: Dovecot, tls: Tls) -> MailboxSettings:
    port = dovecot.port if tls is Tls.SSL else dovecot.starttls_port
    return MailboxSettings(host=dovecot.host, port=port, username=dovecot.user,
                           address="debiteuren@acme.nl", tls=tls)  # fmt: skip


@pytest.mark.parametrize("tls", [Tls.SSL, Tls.STARTTLS])
def test_both_kinds_of_tls_read_the_folder_without_marking_anything_seen(
    dovecot: Dovecot, tls: Tls
) -> None:
    reader = ImapReader(ca_file=dovecot.ca_file, timeout=10)
    with reader.open(_settings(dovecot, tls), dovecot.password) as session:
        [uid] = session.uids_after(0)
        assert session.uids_after(uid) == []
        whole = session.fetch(uid, max_bytes=1_000_000)
        cut = session.fetch(uid, max_bytes=1000)
    assert whole is not None and not whole.truncated and b"Betaald." in whole.raw
    assert whole.size == len(whole.raw)
    assert cut is not None and cut.truncated and len(cut.raw) == 1000 and cut.size == whole.size
    with dovecot.client() as client:
        client.select_folder("INBOX", readonly=True)
        assert client.search(["UNSEEN"]) == [uid]


def test_an_unknown_certificate_or_a_wrong_password_is_refused_naming_the_server(
    dovecot: Dovecot,
) -> None:
    for reader, password in (
        (ImapReader(timeout=10), dovecot.password),  # the system's CAs only
        (ImapReader(ca_file=dovecot.ca_file, timeout=10), "wrong"),
    ):
        with (
            pytest.raises(RuleViolation) as refused,
            reader.open(_settings(dovecot, Tls.SSL), password),
        ):
            pass
        assert refused.value.code is Refusal.MAILBOX_UNAVAILABLE
        assert refused.value.params["server"] == f"127.0.0.1:{dovecot.port}"
