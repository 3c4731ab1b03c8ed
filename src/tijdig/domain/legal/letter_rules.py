"""The letter rules: what a message must state by its legal meaning, and which of it a
written message leaves out.

Why here: the same elements the letter-rule tests hold every default letter against
(tests/adapters/render/test_letter_rules.py, from LEGAL.md) decide whether a company's
own wording of a template may be stored. A message must state the amount due and the
invoices; a reminder after the due date the day to pay by; a formal demand the costs
that will follow (S2-4); the NL 14-day letter its costs and the first day they may be
charged (art. 6:96 lid 6 BW); the BE first reminder the last day of its term and the
creditor's company number (Book XIX WER).

The renderer says how each element reads in this message (the amount and day in the
reader's format); an element it has no value for (no costs where the law gives none)
is not asked. Pure: strings in, element codes out.

    required(notice, *, before_due) -> tuple[Element, ...]
    left_out(required, stated, text) -> tuple[Element, ...]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from tijdig.domain.collection.policy import LegalNotice


class Element(StrEnum):
    """Something a message must state; its value says it in the refusal's words."""

    AMOUNT_DUE = "amount_due"
    INVOICE_NUMBERS = "invoice_numbers"
    PAY_BY = "pay_by"
    COSTS_ANNOUNCED = "costs_announced"
    COSTS_FROM = "costs_from"
    TERM_LAST_DAY = "term_last_day"
    CREDITOR_NUMBER = "creditor_number"


ALWAYS = (Element.AMOUNT_DUE, Element.INVOICE_NUMBERS)
BY_NOTICE: Mapping[LegalNotice, tuple[Element, ...]] = {
    LegalNotice.NONE: (Element.PAY_BY,),
    LegalNotice.FORMAL_DEMAND: (Element.PAY_BY, Element.COSTS_ANNOUNCED),
    LegalNotice.NOTICE_OF_DEFAULT: (Element.PAY_BY,),
    LegalNotice.NL_FOURTEEN_DAY_LETTER: (Element.COSTS_ANNOUNCED, Element.COSTS_FROM),
    LegalNotice.BE_FIRST_REMINDER: (Element.TERM_LAST_DAY, Element.CREDITOR_NUMBER),
}


def required(notice: LegalNotice, *, before_due: bool) -> tuple[Element, ...]:
    """What a message of this legal meaning states; before the due date there is no
    day to pay by yet beyond the due date itself."""
    extra = () if before_due else BY_NOTICE[notice]
    return (*ALWAYS, *extra)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def left_out(
    elements: tuple[Element, ...], stated: Mapping[str, tuple[str, ...]], text: str
) -> tuple[Element, ...]:
    """The elements whose every value (each invoice number, the amount ...) is not in
    `text`; an element without values is not asked."""
    body = _plain(text)
    return tuple(
        element
        for element in elements
        if any(_plain(value) not in body for value in stated.get(element.value, ()) if value)
    )
