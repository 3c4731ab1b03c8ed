"""The letter rules (domain/legal/letter_rules.py): what each legal meaning of a message
must state, and which of it a text leaves out, compared as the reader sees it."""

from __future__ import annotations

import pytest

from tijdig.domain.collection.policy import LegalNotice
from tijdig.domain.legal.letter_rules import Element, left_out, required

STATED = {
    "amount_due": ("€ 1.210,00",), "invoice_numbers": ("F-001", "F-002"),
    "pay_by": ("29 februari 2028",), "costs_announced": ("€ 181,50",),
    "costs_from": ("14 maart 2028",), "term_last_day": ("13 maart 2028",),
    "creditor_number": ("0123.456.789",),
}  # fmt: skip


@pytest.mark.parametrize(
    ("notice", "before_due", "extra"),
    [(LegalNotice.NONE, True, ()), (LegalNotice.NONE, False, (Element.PAY_BY,)),
     (LegalNotice.FORMAL_DEMAND, False, (Element.PAY_BY, Element.COSTS_ANNOUNCED)),
     (LegalNotice.NL_FOURTEEN_DAY_LETTER, False, (Element.COSTS_ANNOUNCED, Element.COSTS_FROM)),
     (LegalNotice.BE_FIRST_REMINDER, False, (Element.TERM_LAST_DAY, Element.CREDITOR_NUMBER))],
)  # fmt: skip
def test_each_legal_meaning_asks_its_elements(
    notice: LegalNotice, before_due: bool, extra: tuple[Element, ...]
) -> None:
    assert required(notice, before_due=before_due) == (
        Element.AMOUNT_DUE, Element.INVOICE_NUMBERS, *extra)  # fmt: skip


def test_a_text_stating_everything_leaves_nothing_out() -> None:
    text = ("Facturen F-001 en F-002, samen € 1.210,00.\nBetaal uiterlijk op 29\u00a0februari "
            "2028, anders volgt € 181,50.")  # fmt: skip
    asked = required(LegalNotice.FORMAL_DEMAND, before_due=False)
    assert left_out(asked, STATED, text) == ()


def test_what_is_left_out_is_named_in_order() -> None:
    text = "Factuur F-001: € 1.210,00. Betaal op tijd."
    asked = required(LegalNotice.FORMAL_DEMAND, before_due=False)
    assert left_out(asked, STATED, text) == (
        Element.INVOICE_NUMBERS, Element.PAY_BY, Element.COSTS_ANNOUNCED)  # fmt: skip


def test_an_element_without_a_value_is_not_asked() -> None:
    text = "Factuur F-001 en F-002: € 1.210,00, uiterlijk 29 februari 2028."
    asked = required(LegalNotice.FORMAL_DEMAND, before_due=False)
    assert left_out(asked, STATED | {"costs_announced": ()}, text) == ()
