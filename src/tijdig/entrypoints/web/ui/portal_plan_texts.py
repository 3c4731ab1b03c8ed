"""The words of a payment plan in the portal, in the customer's language: the text a
customer agrees to (`agreement`: what the plan covers, each plan instalment with its
day, amount and payment reference, how a payment is applied, what follows a missed
plan instalment, and the sentence they tick), which is the very text kept as the
evidence of their acceptance; its digest, which the form sends back so that nothing
other than what was shown is accepted; and the proposal form's input and refusals."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from tijdig.domain.collection.plans import PaymentPlan
from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.money import Money, parse_amount
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Param
from tijdig.domain.references import RF
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.rendering import Phrase, said
from tijdig.entrypoints.web.ui.portal_forms import N_
from tijdig.services.plans import portal as plan_service

TITLE = N_("Payment plan of {company} for {customer} (customer number {number})")
COVERS = N_("This plan covers invoices {invoices}: {total} in total.")
CLAIMS = N_("That total includes {costs} in costs and {interest} in interest already owed.")
DEPOSIT = N_("Deposit: {amount}, to be paid by {day}, with payment reference {reference}.")
PART = N_(
    "Plan instalment {part} of {count}: {amount}, to be paid by {day}, "
    "with payment reference {reference}."
)
DEPOSIT_DRAFT = N_("Deposit: {amount}, to be paid by {day}.")
PART_DRAFT = N_("Plan instalment {part} of {count}: {amount}, to be paid by {day}.")
REFERENCE_LATER = N_(
    "Once you confirm, the plan gets its own payment reference; please use it with every payment."
)
ACCOUNT = N_("Please pay to account {iban} ({company}).")
# The order of payment a plan states, by the law's label key (`Law.PLAN_PAYMENT_ORDER`).
PAYMENT_ORDERS = {
    "costs_interest_principal_6_44": N_(
        "Each payment is applied first to the costs, then to the interest, and then to the "
        "principal (article 6:44 of the Dutch Civil Code)."
    ),
}
HELD = N_(
    "While you keep to this plan, we send no reminders about these invoices and the total "
    "does not change."
)
# What follows a missed plan instalment, as `services.plans.judging` does it.
MISSED = N_(
    "If a plan instalment has not been received in full by the working day after its "
    "date, we call you the working day after that and send you a reminder with a new date "
    "to pay it by. If it has still not been received in full by the working day after that "
    "date, the plan ends, and what is still open on the invoices it covers is due at once."
)
AGREE = N_("I accept this payment plan and will pay the plan instalments above on time.")

# What a refused proposal or acceptance says, per field.
ERRORS = {
    "instalments": N_("Choose from 1 to {most} plan instalments."),
    "first": N_("Choose a first date from {first} to {last}."),
    "deposit": N_("Enter a deposit of less than the total, or leave it empty."),
    "agree": N_("Tick the box to accept the plan."),
    "shown": N_("The plan has changed since it was shown to you. Please read it again."),
    "invoices": N_("There are no open invoices left to put in a payment plan."),
    "plan": N_("This plan can no longer be accepted."),
    "request": N_(
        "No term is running in which you can ask us for a payment plan. You can propose one here."
    ),
}


def _grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def agreement(
    plan: PaymentPlan, company: Company, customer_name: str, *, language: str
) -> list[str]:
    """The lines of the text the customer agrees to, said in `language`. A plan not yet
    offered (a proposal shown before it is made) has no payment reference yet."""
    money = partial(Money, plan.currency)
    reference = RF.format(plan.reference) if plan.reference else ""
    phrases = [
        Phrase(TITLE, {"company": company.name, "customer": customer_name,
                       "number": plan.customer_number}),
        Phrase(COVERS, {"invoices": ", ".join(plan.invoice_numbers), "total": money(plan.total)}),
    ]  # fmt: skip
    if plan.costs or plan.interest:
        phrases.append(Phrase(CLAIMS, {"costs": money(plan.costs),
                                       "interest": money(plan.interest)}))  # fmt: skip
    count = sum(1 for p in plan.instalments if not p.is_deposit)
    for p in plan.instalments:
        values: dict[str, Param] = {"amount": money(p.amount), "day": p.due_on,
                                    "part": p.number, "count": count}  # fmt: skip
        if reference:
            values["reference"] = reference
        text = (DEPOSIT if p.is_deposit else PART) if reference else (
            DEPOSIT_DRAFT if p.is_deposit else PART_DRAFT)  # fmt: skip
        phrases.append(Phrase(text, values))
    if not reference:
        phrases.append(Phrase(REFERENCE_LATER))
    if company.bank_accounts:
        iban = _grouped(company.bank_accounts[0].iban)
        phrases.append(Phrase(ACCOUNT, {"iban": iban, "company": company.name}))
    if plan.payment_order in PAYMENT_ORDERS:
        phrases.append(Phrase(PAYMENT_ORDERS[plan.payment_order]))
    phrases += [Phrase(HELD), Phrase(MISSED), Phrase(AGREE)]
    return [said(p, language) for p in phrases]


def shown_text(lines: list[str]) -> str:
    """The text kept as the evidence: the lines as shown, one a line."""
    return "\n".join(lines)


def digest(lines: list[str]) -> str:
    return hashlib.sha256(shown_text(lines).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ProposalForm:
    """What the proposal form sent, as typed (shown again when refused)."""

    instalments: str = ""
    first: str = ""
    deposit: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.instalments or self.first)

    def query(self) -> dict[str, str]:
        return {"instalments": self.instalments, "first": self.first, "deposit": self.deposit}


def proposal(form: ProposalForm) -> plan_service.Proposal:
    """The form as a proposal; `InvalidValue` naming the field."""
    count = form.instalments.strip()
    if not count.isdecimal() or len(count) > 3:
        raise InvalidValue("instalments", Refusal.NOT_A_NUMBER, value=form.instalments)
    try:
        first = date.fromisoformat(form.first.strip())
    except ValueError:
        raise InvalidValue("first", Refusal.NOT_A_DAY_ISO, value=form.first) from None
    deposit: Decimal | None = None
    if form.deposit.strip():
        deposit = parse_amount(form.deposit, field="deposit")
        if deposit <= 0 or deposit != deposit.quantize(Decimal("0.01")):
            raise InvalidValue("deposit", Refusal.NOT_AN_AMOUNT_TO_PAY, value=form.deposit)
    return plan_service.Proposal(int(count), first, deposit)


def error_of(error: TijdigError) -> str:
    """The field a refusal concerns: a key of `ERRORS`."""
    if isinstance(error, InvalidValue):
        return error.field if error.field in ERRORS else "instalments"
    return "invoices"


def error_params(on: date) -> dict[str, Any]:
    """The values the refusals fill in."""
    return {"most": plan_service.MAX_INSTALMENTS, "first": on,
            "last": date.fromordinal(on.toordinal() + plan_service.MAX_DAYS_AHEAD)}  # fmt: skip
