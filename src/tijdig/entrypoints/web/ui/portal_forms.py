"""The portal's forms and page contexts: parsing what the customer sent, and turning a
refusal into a message on the form that names its field (`data-field` in the page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from typing import Any

from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, TijdigError
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.errors import status_for
from tijdig.services.portal import PortalInvoice, PortalPage


def N_(message: str) -> str:
    return message


# The S0-3 reason codes as a customer would say them.
REASONS = {
    ReasonCode.INVOICE_INCORRECT: N_("The invoice is not correct"),
    ReasonCode.PAYMENT_METHOD: N_("I cannot pay this way"),
    ReasonCode.INFORMATION_MISSING: N_("Information is missing (order number, copy, contact)"),
    ReasonCode.DISSATISFIED: N_("I am not satisfied with the goods or the service"),
    ReasonCode.WANTS_OTHER_DATE: N_("I would like another date or way to pay"),
    ReasonCode.CASH_FLOW: N_("I cannot pay at the moment"),
    ReasonCode.OTHER: N_("Something else"),
}
# What a refused form says, per field; the page fills in the promise window.
PROMISE_WINDOW = N_("Choose a working day from {first} to {last}.")
MESSAGES = {
    "invoice": N_("Choose one of your open invoices."),
    "reason": N_("Choose one of the reasons in the list."),
    "note": N_("Keep the note under 2,000 characters."),
    "disputed": N_(
        "You have already reported a problem with this invoice; we are looking into it."
    ),
    "credit": N_("A credit note cannot be reported here; please contact us."),
}


@dataclass(frozen=True, slots=True)
class Row:
    """One invoice on the page; how to pay it alone is a page of its own (`pay_context`),
    so a customer with many open invoices is not sent a QR code for each."""

    item: PortalInvoice
    payable: bool


def reason_choices(language: str) -> list[tuple[str, str]]:
    return [(code.value, i18n.gettext(language, label)) for code, label in REASONS.items()]


def page_context(tijdig: Tijdig, page: PortalPage, language: str) -> dict[str, Any]:
    rows = [Row(item, not item.is_credit and item.to_pay > 0) for item in page.invoices]
    # The total pays every open item, not only this page's: name them when one page
    # lists them all, else the customer alone (a transfer's text holds 140 characters).
    text = i18n.gettext(language, "Customer {customer}: {numbers}").format(
        customer=page.customer.number, numbers=", ".join(page.numbers)
    )
    if page.more:
        text = f"{i18n.gettext(language, 'Customer number')} {page.customer.number}"
    return {
        "page": page, "company": page.company, "customer": page.customer, "rows": rows,
        "total": tijdig.portal_drawing.total_payment(page, text), "promise_window": PROMISE_WINDOW,
    }  # fmt: skip


def pay_context(
    tijdig: Tijdig, page: PortalPage, item: PortalInvoice | None, language: str
) -> dict[str, Any] | None:
    """How to pay one open item alone; None when it is not one to pay."""
    if item is None:
        return None
    text = f"{i18n.gettext(language, 'Invoice')} {item.invoice.number}"
    payment = tijdig.portal_drawing.invoice_payment(page, item, text)
    if payment is None and not item.payment_link:
        return None
    return {"company": page.company, "customer": page.customer, "item": item, "pay": payment}


def problem_input(invoice: str, reason: str) -> tuple[int, ReasonCode]:
    if not invoice.strip().isdecimal():
        raise InvalidValue("invoice", Refusal.CHOOSE_AN_INVOICE)
    try:
        code = ReasonCode(reason.strip().lower())
    except ValueError:
        raise InvalidValue("reason", Refusal.NOT_A_REASON_CODE, value=reason,
                           codes=", ".join(ReasonCode)) from None  # fmt: skip
    return int(invoice), code


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue("promised_date", Refusal.NOT_A_DAY, value=text) from None


def problem_error(error: TijdigError, language: str) -> dict[str, str]:
    """{field: message} for the problem form."""
    if isinstance(error, InvalidValue) and error.field in MESSAGES:
        return {error.field: MESSAGES[error.field]}
    if isinstance(error, NotFound):
        return {"invoice": MESSAGES["invoice"]}
    return {"invoice": MESSAGES["disputed" if isinstance(error, Conflict) else "credit"]}


def promise_error(_error: TijdigError, _language: str) -> dict[str, str]:
    return {"promised_date": PROMISE_WINDOW}


def status_of(error: TijdigError) -> int:
    """422 for what the customer can correct on the form; 409 for a second report."""
    return HTTPStatus.UNPROCESSABLE_ENTITY if isinstance(error, NotFound) else status_for(error)


def done_context(page: PortalPage, *, what: str, invoice: str, day: str) -> dict[str, Any]:
    """The confirmation, as the database has it now (the query only says what to show)."""
    reported = next(
        (i.invoice.number for i in page.invoices if str(i.invoice.id) == invoice and i.disputed),
        None,
    )
    return {
        "what": what if what in {"problem", "promise", "plan_request", "contact"} else "",
        "reported": reported,
        "promise": page.promise,
        "day": day,
    }
