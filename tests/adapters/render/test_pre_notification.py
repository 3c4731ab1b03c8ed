"""The direct-debit pre-notification as the debtor reads it: amount, date, mandate
reference and creditor identifier in the customer's language, with the invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.adapters.render.pre_notification import PreNotificationRenderer, masked_iban
from tijdig.domain.debit_collections import CollectionInvoice, PreNotification
from tijdig.domain.mandates import Scheme
from tijdig.domain.parties import Company, Customer, CustomerKind, Language

COMPANY = Company(code="ACME", name="Acme & Zn B.V.", email="debiteuren@acme.nl",
                  phone="020 123 4567")  # fmt: skip
LINES = (
    CollectionInvoice(1, "2026-0001", date(2026, 2, 27), date(2026, 3, 29), Decimal("1210.00")),
    CollectionInvoice(2, "2026-0002", date(2028, 2, 29), date(2028, 3, 30), Decimal("0.05")),
)


def notice(scheme: Scheme = Scheme.CORE, on: date = date(2026, 12, 31)) -> PreNotification:
    return PreNotification("Acme & Zn B.V.", "NL69ZZZ123456780000", "MND-1001", scheme,
                           "NL69INGB0123456789", on, LINES)  # fmt: skip


def plain(text: str) -> str:
    """Babel puts a no-break space between the euro sign and the amount."""
    return text.replace("\xa0", " ")


@pytest.fixture(scope="module")
def renderer() -> PreNotificationRenderer:
    return PreNotificationRenderer()


def test_a_dutch_notice_states_amount_date_mandate_and_creditor_id(
    renderer: PreNotificationRenderer,
) -> None:
    customer = Customer("1001", "Bakkerij <De Gouden Korst>")
    message = renderer.render(notice(), company=COMPANY, customer=customer)
    assert plain(message.subject) == "Aankondiging incasso van € 1.210,05 op 31 december 2026"
    for part in ("€ 1.210,05", "31 december 2026", "MND-1001", "NL69ZZZ123456780000",
                 "NL69 INGB **** **67 89", "Acme & Zn B.V.", "2026-0001", "27 feb 2026",
                 "€ 1.210,00", "2026-0002", "29 feb 2028", "€ 0,05", "acht weken",
                 "debiteuren@acme.nl"):  # fmt: skip
        assert part in plain(message.text), part
    assert message.html is not None
    assert "Acme &amp; Zn B.V." in message.html and "<De Gouden" not in message.html
    assert "NL69ZZZ123456780000" in message.html and "31 december 2026" in message.html


def test_an_english_notice_for_a_b2b_mandate_says_there_is_no_refund(
    renderer: PreNotificationRenderer,
) -> None:
    customer = Customer("2001", "Peeters BV", country="BE", language=Language.EN)
    message = renderer.render(notice(Scheme.B2B, date(2027, 1, 4)), company=COMPANY,
                              customer=customer)  # fmt: skip
    assert plain(message.subject) == "Direct debit of €1,210.05 on 4 January 2027"
    assert "mandate reference" in message.text.lower() and "MND-1001" in message.text
    assert "creditor identifier" in message.text.lower()
    assert "no refund" in message.text and "eight weeks" not in message.text


def test_a_belgian_dutch_customer_reads_belgian_formats(renderer: PreNotificationRenderer) -> None:
    customer = Customer("2001", "Peeters BV", country="BE", kind=CustomerKind.BUSINESS)
    message = renderer.render(notice(), company=COMPANY, customer=customer)
    assert "€ 1.210,05" in plain(message.text) and "31 december 2026" in message.text


def test_the_account_is_shown_with_only_its_bank_and_last_digits() -> None:
    assert masked_iban("NL69INGB0123456789") == "NL69 INGB **** **67 89"
    assert masked_iban("BE71096123456769") == "BE71 0961 **** 6769"
