"""How the elements the letter rules ask for (`domain/legal/letter_rules.py`) read in
one rendered message: the amount due, each invoice number, the days and the costs, in
the reader's format, taken from the values the template was given. The service holds
the rendered text against them before a company's own wording is stored."""

from __future__ import annotations

from typing import Any

from tijdig.domain.legal.letter_rules import Element


def _costs(values: dict[str, Any]) -> tuple[str, ...]:
    view = values.get("fourteen") or values.get("announced")
    return (view.costs,) if view is not None and view.has_costs else ()


def stated_elements(values: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each element's values as this message writes them (none: not asked)."""
    fourteen = values.get("fourteen")
    company = values["company"]
    numbers = values["covered"] or [line for line in values["lines"] if not line.is_credit]
    return {
        Element.AMOUNT_DUE.value: (values["total"],),
        Element.INVOICE_NUMBERS.value: tuple(line.number for line in numbers),
        Element.PAY_BY.value: (values["pay_by"],),
        Element.COSTS_ANNOUNCED.value: _costs(values),
        Element.COSTS_FROM.value: (fourteen.costs_from,)
        if fourteen is not None and fourteen.has_costs and fourteen.costs_from else (),
        Element.TERM_LAST_DAY.value: (fourteen.last_day,)
        if fourteen is not None and fourteen.last_day else (),
        Element.CREDITOR_NUMBER.value: (company.registration_number,)
        if company.registration_number else (),
    }  # fmt: skip
