"""Reply tokens: signed, read back only with the right key, and refused when changed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.mailbox import MailboxSettings
from tijdig.services.mailbox.addressing import ReturnAddresses, with_return_addresses
from tijdig.services.mailbox.tokens import Purpose, ReplyToken, make_token, read_token, tags_of
from tijdig.services.outbox import DeliveryChannel, Origin, OutgoingMessage, Release

KEY = "installation-key-1"
ids = st.integers(min_value=0, max_value=10**12 - 1)


@given(st.sampled_from(Purpose), ids, ids, ids)
def test_a_token_reads_back_as_made(
    purpose: Purpose, company: int, customer: int, outbox: int
) -> None:
    token = ReplyToken(purpose, company, customer, outbox)
    made = make_token(KEY, token)
    assert made == made.lower() and "@" not in made and "+" not in made
    assert read_token(KEY, made) == token
    assert read_token(KEY, made.upper()) == token  # a server that changed the case


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("-12-", "-13-", 1),  # another customer
        lambda t: t[:-1] + ("a" if t[-1] != "a" else "b"),  # the signature
        lambda t: "b" + t[1:],  # a bounce token used as a reply token
        lambda t: t + "x",
        lambda t: "",
    ],
)
def test_a_changed_token_reads_as_nothing(change: object) -> None:
    made = make_token(KEY, ReplyToken(Purpose.REPLY, 7, 12, 99))
    assert callable(change)
    assert read_token(KEY, change(made)) is None


def test_another_key_or_no_key_reads_nothing() -> None:
    made = make_token(KEY, ReplyToken(Purpose.REPLY, 7, 12, 99))
    assert read_token("another-key", made) is None
    assert read_token(None, made) is None


def test_only_the_mailboxs_own_plus_addresses_carry_tags() -> None:
    found = tags_of("Debiteuren@Acme.nl", [
        "debiteuren+r-1-2-3-abc@acme.nl", "DEBITEUREN+Tag@ACME.NL", "debiteuren@acme.nl",
        "other+r-1@acme.nl", "debiteuren+x@elsewhere.nl",
    ])  # fmt: skip
    assert found == ["r-1-2-3-abc", "tag"]


MAILBOX = MailboxSettings(host="imap.acme.nl", port=993, username="deb", address="deb@acme.nl")
MESSAGE = OutgoingMessage(key="k", channel=DeliveryChannel.EMAIL, recipient="a@b.nl",
                          subject="s", text="t", sender="Acme B.V. <info@acme.nl>",
                          origin=Origin(7, 12, 99))  # fmt: skip


def test_return_addresses_carry_signed_tokens_naming_the_message() -> None:
    addressed = with_return_addresses(MESSAGE, MAILBOX, KEY)
    assert addressed.return_path is not None and addressed.reply_to is not None
    [bounce] = tags_of(MAILBOX.address, [addressed.return_path])
    [reply] = tags_of(MAILBOX.address, [addressed.reply_to.split("<")[1].rstrip(">")])
    assert read_token(KEY, bounce) == ReplyToken(Purpose.BOUNCE, 7, 12, 99)
    assert read_token(KEY, reply) == ReplyToken(Purpose.REPLY, 7, 12, 99)
    assert addressed.reply_to.startswith('"Acme B.V." <deb+r-7-12-99-')


def test_without_a_key_the_mailbox_address_goes_without_a_token() -> None:
    addressed = with_return_addresses(MESSAGE, MAILBOX, None)
    assert addressed.return_path == "deb@acme.nl"
    assert addressed.reply_to == '"Acme B.V." <deb@acme.nl>'


class Recording:
    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage, *, release: Release) -> str:
        release()
        self.sent.append(message)
        return "250 OK"


def test_the_mailer_gives_a_company_with_a_mailbox_its_addresses_and_leaves_others_alone() -> None:
    asked: list[int] = []

    def mailbox_of(company_id: int) -> MailboxSettings | None:
        asked.append(company_id)
        return MAILBOX if company_id == 7 else None

    inner = Recording()
    mailer = ReturnAddresses(inner, mailbox_of, KEY)
    other = replace(MESSAGE, origin=Origin(8, 1, 2))
    for message in (MESSAGE, other, MESSAGE, replace(MESSAGE, origin=None)):
        mailer.send(message, release=lambda: None)
    assert [m.return_path is not None for m in inner.sent] == [True, False, True, False]
    assert inner.sent[1] == other  # no mailbox: as before
    assert asked == [7, 8]  # each company's mailbox read once
