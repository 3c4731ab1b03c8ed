"""Linking a message read to its customer, on a store that answers the look-ups:
token first, then thread, then sender; a bad token flags and links nothing by itself;
an address two customers share links nobody."""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage
from typing import ClassVar

from tijdig.domain.mailbox import LinkMethod
from tijdig.services.mailbox.linking import BAD_TOKEN, link_message
from tijdig.services.mailbox.ports import Link
from tijdig.services.mailbox.tokens import Purpose, ReplyToken, make_token

KEY = "k"
MAILBOX = "deb@acme.nl"


class Lookups:
    """The linking look-ups of one company (7): customers 1..3, message 50 sent to 2
    with the key "run-item-50"."""

    addresses: ClassVar[dict[str, list[int]]] = {"a@one.nl": [1], "shared@two.nl": [2, 3]}

    def sent_with_keys(self, company_id: int, keys: Sequence[str]) -> tuple[int, int] | None:
        return (50, 2) if company_id == 7 and "run-item-50" in keys else None

    def outbox_customer(self, company_id: int, outbox_id: int) -> int | None:
        return 2 if (company_id, outbox_id) == (7, 50) else None

    def customer_exists(self, company_id: int, customer_id: int) -> bool:
        return company_id == 7 and customer_id in (1, 2, 3)

    def customers_with_address(self, company_id: int, address: str) -> list[int]:
        return self.addresses.get(address, []) if company_id == 7 else []


def _message(sender: str, to: str = MAILBOX, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Betaald.")
    return message


def _link(message: EmailMessage, secret: str | None = KEY) -> Link:
    return link_message(Lookups(), 7, message, mailbox_address=MAILBOX, secret=secret)  # type: ignore[arg-type]


def _token(company: int, customer: int, outbox: int) -> str:
    return (
        "deb+" + make_token(KEY, ReplyToken(Purpose.REPLY, company, customer, outbox)) + "@acme.nl"
    )


def test_the_token_goes_before_thread_and_sender() -> None:
    message = _message("a@one.nl", _token(7, 3, 50), In_Reply_To="<run-item-50@acme.nl>")
    assert _link(message) == Link(3, LinkMethod.TOKEN, 50)


def test_a_bounce_token_in_delivered_to_links_too() -> None:
    bounce = "deb+" + make_token(KEY, ReplyToken(Purpose.BOUNCE, 7, 1, 9)) + "@acme.nl"
    assert _link(_message("mailer-daemon@mx.nl", Delivered_To=bounce)) == Link(
        1, LinkMethod.TOKEN, 9
    )


def test_a_token_of_another_company_or_a_bad_one_is_flagged_and_the_rest_still_tries() -> None:
    assert _link(_message("x@y.nl", _token(8, 1, 50))) == Link(flag=BAD_TOKEN)
    spoofed = _message("a@one.nl", "deb+r-7-3-50-aaaaaaaaaaaaaaaa@acme.nl")
    assert _link(spoofed) == Link(1, LinkMethod.SENDER, flag=BAD_TOKEN)
    assert _link(_message("x@y.nl", _token(7, 3, 50)), secret=None) == Link(flag=BAD_TOKEN)


def test_the_thread_links_by_references_too() -> None:
    message = _message("x@y.nl", References="<other@x.nl> <run-item-50@acme.nl>")
    assert _link(message) == Link(2, LinkMethod.THREAD, 50)


def test_an_address_two_customers_share_links_nobody() -> None:
    assert _link(_message("Shared@Two.nl")) == Link()
    assert _link(_message("A@One.nl")) == Link(1, LinkMethod.SENDER)
