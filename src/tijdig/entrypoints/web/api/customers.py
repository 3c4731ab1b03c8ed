"""`/api/v1/customers`: open and overdue balances per customer and currency, and one
customer's file: master data, contacts and credit status; the customer's language."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from tijdig.domain.credit import CreditStatus, credit_position
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company, Contact, Customer
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Reason, params_to_json
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.api.common import (
    NO_NUL,
    PAGED,
    CustomerNumberPath,
    Limit,
    Offset,
    check_change,
    paginate,
    window,
)
from tijdig.entrypoints.web.api.schemas import Amount, CustomerNamed, CustomerRead, described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation
from tijdig.services.credit import status as credit_rules
from tijdig.services.read_models import balances
from tijdig.services.read_models.balances import BalanceFilter, Exposure
from tijdig.services.read_models.common import company_id_of
from tijdig.services.receivables.customer_language import set_customer_language

router = APIRouter(prefix="/customers", tags=["customers"])

OverdueOnly = Annotated[
    bool, Query(alias="overdue", description="Only customers with overdue invoices.")
]
Search = Annotated[
    str | None,
    Query(max_length=100, pattern=NO_NUL, description="Part of the number or name."),
]
HoldFilter = Annotated[
    bool | None, Query(alias="credit_hold", description="Only customers on (or off) hold.")
]


class ContactRead(BaseModel):
    """A person at the customer, with their role and when their details were checked."""

    model_config = ConfigDict(frozen=True)

    name: str = described("Name of the person.")
    role: str = described("accounts_payable, purchasing, management or other.")
    email: str | None = described("E-mail address.")
    phone: str | None = described("Telephone number.")
    last_verified: date | None = described("When the details were last confirmed.")

    @classmethod
    def from_contact(cls, contact: Contact) -> ContactRead:
        return cls(
            name=contact.name, role=contact.role.value, email=contact.email,
            phone=contact.phone, last_verified=contact.last_verified,
        )  # fmt: skip


class ExposureRead(BaseModel):
    """What the customer owes in one currency."""

    model_config = ConfigDict(frozen=True)

    currency: str = described("ISO 4217 currency.")
    open: Amount = described("Open in total: invoices less open credit notes.")
    overdue: Amount = described("Overdue, with open credit notes set against it first.")
    overdue_invoices: int = described("How many invoices are overdue.")
    oldest_due: date | None = described("Due date of the oldest overdue invoice.")
    disputed: Amount = described("Open on invoices under an open dispute (held).")

    @classmethod
    def from_exposure(cls, e: Exposure) -> ExposureRead:
        return cls(
            currency=e.currency, open=e.open_amount, overdue=e.overdue_amount,
            overdue_invoices=e.overdue_invoices, oldest_due=e.oldest_due,
            disputed=e.disputed_amount,
        )  # fmt: skip


class ReasonRead(BaseModel):
    """Why: a code, what it names, and the sentence in English."""

    model_config = ConfigDict(frozen=True)

    code: str = described("The reason's code (stable; a receiver may act on it).")
    params: dict[str, Any] = described(
        "What it names; amounts as {money, currency}, days as {date}."
    )
    text: str = described("The reason in English.")

    @classmethod
    def of(cls, item: Reason) -> ReasonRead:
        return cls(code=item.code.value, params=params_to_json(item.params), text=say(item))


class CreditStatusRead(BaseModel):
    """Credit limit, hold and exposure of one customer on a day, and its status by the
    company's rules: `ok`, or `hold` (stop deliveries) with the reasons."""

    model_config = ConfigDict(frozen=True)

    customer: str = described("Customer number.")
    as_of: date = described("The day the exposure is seen from.")
    credit_limit: Amount | None = described("Credit limit in EUR, if one is set.")
    credit_hold: bool = described(
        "On hold in the customer file (the bookkeeping's own flag); `status` says whether "
        "deliveries are stopped by any reason."
    )
    exposure: list[ExposureRead] = described("Open and overdue amounts per currency.")
    available: Amount | None = described("Credit limit less the open EUR amount, if a limit.")
    over_limit: bool = described("The open EUR amount exceeds the credit limit.")
    status: Literal["ok", "hold"] = described("`hold`: stop deliveries; `ok`: deliver.")
    reasons: list[ReasonRead] = described("Why on hold (empty when ok).")


class CustomerDetailRead(CustomerNamed):
    """A customer's master data with contacts and credit status."""

    language: str = described("Language of messages: `nl`, `en` or `fr`.")
    payment_term_days: int | None = described("Own payment term, else the company's.")
    tolerance_days: int = described("Days of tolerance before reminders (regular payers).")
    contact_days: list[str] = described("Weekdays the customer is contacted on.")
    sales_owner: str | None = described("Who at sales owns the relationship.")
    parent: str | None = described("Number of the group (parent) customer, if any.")
    vat_id: str | None = described("VAT identification number.")
    registration_number: str | None = described("KvK or KBO number.")
    email: str | None = described("General e-mail address.")
    phone: str | None = described("General telephone number.")
    address: str = described("Postal address, lines separated by newlines.")
    contacts: list[ContactRead] = described("People to contact, with their roles.")
    credit: CreditStatusRead = described("Credit limit, hold and exposure.")


class LanguageWrite(BaseModel):
    """The language the customer reads their messages, letters and portal in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Literal["nl", "en", "fr"] = described("`nl`, `en` or `fr`.")


def credit_status(
    customer: Customer, exposure: list[Exposure], as_of: date, status: CreditStatus
) -> CreditStatusRead:
    position = credit_position(customer, {e.currency: e.open_amount for e in exposure})
    return CreditStatusRead(
        customer=customer.number, as_of=as_of, credit_limit=position.limit,
        credit_hold=position.hold, exposure=[ExposureRead.from_exposure(e) for e in exposure],
        available=position.available, over_limit=position.over_limit,
        status=status.state.value, reasons=[ReasonRead.of(r) for r in status.reasons],
    )  # fmt: skip


def credit_read(
    tijdig: Installation, company: Company, number: str, as_of: date
) -> CreditStatusRead:
    """The credit part of a customer's file: exposure and the status by rule."""
    customer = _customer(tijdig, company_id_of(company), number, company.code)
    assert customer.id is not None
    exposure = balances.exposure(tijdig.balances, company, customer.id, as_of=as_of)
    status = credit_rules.customer_status(tijdig.uow(), company, number, as_of=as_of)
    return credit_status(customer, exposure, as_of, status)


def _detail(customer: Customer, credit: CreditStatusRead) -> CustomerDetailRead:
    c = customer
    return CustomerDetailRead(
        number=c.number, name=c.name, kind=c.kind.value, country=c.country,
        language=c.language.value, payment_term_days=c.payment_term_days,
        tolerance_days=c.tolerance_days, contact_days=list(c.contact_days),
        sales_owner=c.sales_owner, parent=c.parent_number, vat_id=c.vat_id,
        registration_number=c.registration_number, email=c.email, phone=c.phone,
        address=c.address, contacts=[ContactRead.from_contact(x) for x in c.contacts],
        credit=credit,
    )  # fmt: skip


@router.get("", response_model=list[CustomerRead], responses=PAGED)
def list_customers(
    request: Request,
    response: Response,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
    overdue_only: OverdueOnly = False,
    search: Search = None,
    credit_hold: HoldFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[CustomerRead]:
    """Customers with open invoices, one row per customer and currency, by number."""
    company = company_for(tijdig, signed_in.user, code)
    at = window(limit, offset)
    wanted = BalanceFilter(search=search, overdue_only=overdue_only, credit_hold=credit_hold)
    page = balances.balance_page(tijdig.balances, company, wanted, at, as_of=as_of)
    paginate(request, response, page, at)
    return [CustomerRead.from_balance(b) for b in page.items]


def _customer(tijdig: Installation, company_id: int, number: str, code: str) -> Customer:
    with tijdig.uow() as uow:
        customer = uow.customers.get(company_id, number)
    if customer is None or customer.id is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=code)
    return customer


@router.get("/{number}", response_model=CustomerDetailRead)
def get_customer(
    number: CustomerNumberPath,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
) -> CustomerDetailRead:
    """One customer: master data, contacts and credit status."""
    company = company_for(tijdig, signed_in.user, code)
    customer = _customer(tijdig, company_id_of(company), number, company.code)
    return _detail(customer, credit_read(tijdig, company, number, as_of))


@router.get("/{number}/contacts", response_model=list[ContactRead], tags=["contacts"])
def list_contacts(
    number: CustomerNumberPath,
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> list[ContactRead]:
    """The people to contact at this customer, with their roles."""
    company = company_for(tijdig, signed_in.user, code)
    customer = _customer(tijdig, company_id_of(company), number, company.code)
    return [ContactRead.from_contact(c) for c in customer.contacts]


@router.get("/{number}/credit", response_model=CreditStatusRead, tags=["credit"])
def get_credit_status(
    number: CustomerNumberPath,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
) -> CreditStatusRead:
    """Credit limit and open/overdue exposure of one customer, and its status by the
    company's rules: `ok`, or `hold` with the reasons (for a webshop or ERP to stop
    deliveries)."""
    company = company_for(tijdig, signed_in.user, code)
    return credit_read(tijdig, company, number, as_of)


@router.put("/{number}/language", response_model=CustomerDetailRead)
def put_customer_language(
    number: CustomerNumberPath,
    body: LanguageWrite,
    tijdig: Installation,
    signed_in: CurrentUser,
    as_of: AsOfDate,
    code: CompanyCode = None,
) -> CustomerDetailRead:
    """Set the language the customer reads their messages, letters and portal in;
    audited."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    customer = set_customer_language(tijdig.uow(), company, number, body.language,
                                     actor=actor(signed_in), at=now())  # fmt: skip
    return _detail(customer, credit_read(tijdig, company, number, as_of))
