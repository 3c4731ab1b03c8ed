"""The damages clause for Belgian consumers as the workspace shows and takes it: the
section of the settings page (the company's terms) and of a Belgian consumer's page
(their own contract), the form as people type it ("10,5" or "10.5"), and a refusal
worded in the reader's language from the error's code and figures (rule 17).

Used by `settings.py` and `customers.py` (the sections) and `clauses.py` (the routes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Annotated, Literal

from babel.numbers import get_decimal_symbol
from fastapi import Form

from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.money import parse_amount
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.workspace import N_, Workspace
from tijdig.services.companies import clauses
from tijdig.services.companies.clauses import ClauseInForce

Damages = Literal["none", "scale", "percent"]
FIELDS = ("reference", "text", "damages_percent", "damages_minimum", "damages_maximum",
          "interest_rate")  # fmt: skip
_RATE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _not_a_number(field_name: str, text: str) -> InvalidValue:
    return InvalidValue(field_name, Refusal.CLAUSE_NOT_A_NUMBER, value=text)


def parse_rate(text: str, field_name: str) -> Decimal | None:
    """A percentage as typed: "10,5", "10.5", "9 %"; empty: None. A comma is always the
    decimal mark here (nobody writes a rate with thousands)."""
    raw = text.strip().removesuffix("%").replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    if not _RATE.fullmatch(raw):
        raise _not_a_number(field_name, text.strip())
    value = Decimal(raw)
    return value if value else Decimal(0)  # "-0" is nought


def parse_euros(text: str, field_name: str) -> Decimal | None:
    """An amount as typed ("20,00", "1.000,50", "€ 20"), as the other amounts of the
    workspace are read; empty: None."""
    if not text.strip():
        return None
    try:
        return parse_amount(text, field=field_name)
    except InvalidValue:
        raise _not_a_number(field_name, text.strip()) from None


@dataclass(frozen=True)
class ClauseForm:
    """The clause form as typed (or as a stored clause fills it in)."""

    reference: str = ""
    text: str = ""
    damages: Damages = "none"  # no damages, the Book XIX maximum, or a percentage
    damages_percent: str = ""
    damages_minimum: str = ""
    damages_maximum: str = ""
    interest_rate: str = ""

    @classmethod
    def of(cls, clause: DamagesClause | None, language: str) -> ClauseForm:
        if clause is None:
            return cls()
        mark = get_decimal_symbol(i18n.LOCALES.get(language, "en_GB"))

        def typed(value: Decimal | None) -> str:
            return "" if value is None else format(value, "f").replace(".", mark)

        def typed_amount(value: Decimal) -> str:  # nothing (0) is the empty field
            return typed(value) if value else ""

        kind: Damages = "scale" if clause.legal_scale else (
            "percent" if clause.agrees_damages else "none")  # fmt: skip
        return cls(
            clause.reference, clause.text, kind, typed_amount(clause.damages_percent),
            typed_amount(clause.damages_minimum), typed(clause.damages_maximum),
            typed(clause.interest_rate),
        )  # fmt: skip

    def clause(self) -> DamagesClause:
        """The clause typed; `InvalidValue` names the field of what cannot be read."""
        percent, minimum, maximum = Decimal(0), Decimal(0), None
        if self.damages == "percent":
            percent = parse_rate(self.damages_percent, "damages_percent") or Decimal(0)
            minimum = parse_euros(self.damages_minimum, "damages_minimum") or Decimal(0)
            maximum = parse_euros(self.damages_maximum, "damages_maximum")
        interest = parse_rate(self.interest_rate, "interest_rate")
        words = self.text.replace("\r\n", "\n").strip()
        return DamagesClause(self.reference.strip(), words, interest, percent, minimum,
                             maximum, legal_scale=self.damages == "scale")  # fmt: skip


Number = Annotated[str, Form(max_length=30)]


def clause_form(
    reference: Annotated[str, Form(max_length=1000)] = "",
    text: Annotated[str, Form(max_length=10_000)] = "",
    damages: Annotated[Damages, Form()] = "none",
    damages_percent: Number = "",
    damages_minimum: Number = "",
    damages_maximum: Number = "",
    interest_rate: Number = "",
) -> ClauseForm:
    """The form's fields (a dependency of the routes that take it)."""
    return ClauseForm(reference, text, damages, damages_percent, damages_minimum,
                      damages_maximum, interest_rate)  # fmt: skip


@dataclass(frozen=True)
class ClauseSection:
    """What the clause section of a page shows: the clause in force, the form, whether
    the user may change it, the refusal next to its field, and what was just done."""

    in_force: ClauseInForce
    form: ClauseForm
    can_change: bool
    save_url: str
    remove_url: str
    customer: bool = False  # a customer's own clause (else the company's terms)
    errors: dict[str, str] = field(default_factory=dict)  # field ("" : the form) -> words
    done: str = ""

    @property
    def removable(self) -> bool:
        return self.in_force.clause is not None and (self.in_force.own or not self.customer)

    def refused(self, form: ClauseForm, error: InvalidValue, language: str) -> ClauseSection:
        """The section again with what was typed and the refusal next to its field."""
        typed = getattr(form, error.field, None) if error.field in FIELDS else None
        words = said(error, language, **({"value": typed} if typed is not None else {}))
        where = error.field if error.field in FIELDS else ""
        return replace(self, form=form, errors={where: words})


def company_section(ws: Workspace) -> ClauseSection:
    """The company's terms, on the settings page: an administrator changes them."""
    found = clauses.clause_in_force(ws.tijdig.uow(), ws.company)
    return ClauseSection(
        found, ClauseForm.of(found.clause, ws.language), ws.user.role.can_administer,
        str(ws.url("settings_clause")), str(ws.url("settings_clause_remove")),
    )  # fmt: skip


CUSTOMER_DONE = {
    "saved": N_("Clause saved."),
    "removed": N_("Clause removed."),
    "none": N_("There was no clause to remove."),
}


def customer_section(ws: Workspace, number: str) -> ClauseSection:
    """The clause in force for a Belgian consumer: their own contract's, else the
    company's; a credit controller sets or removes their own."""
    found = clauses.clause_in_force(ws.tijdig.uow(), ws.company, customer_number=number)
    own = found.clause if found.own else None
    done = CUSTOMER_DONE.get(ws.request.query_params.get("clause", ""), "")
    return ClauseSection(
        found, ClauseForm.of(own, ws.language), ws.user.role.can_change,
        str(ws.url("customer_clause", number=number)),
        str(ws.url("customer_clause_remove", number=number)), customer=True, done=done,
    )  # fmt: skip
