"""Explicit conversion between rows and frozen domain values (money in minor units)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tijdig.adapters.db.schema.ledger import (
    BankAccountRow,
    CompanyRow,
    ContactRow,
    CustomerRow,
    InvoiceLineRow,
    InvoiceRow,
)
from tijdig.domain.invoices import (
    EarlyPaymentDiscount,
    Instalment,
    Invoice,
    InvoiceKind,
    InvoiceLine,
)
from tijdig.domain.money import Money
from tijdig.domain.parties import (
    BankAccount,
    Company,
    Contact,
    ContactRole,
    Customer,
    CustomerKind,
    Language,
)


def as_utc(moment: datetime) -> datetime:
    """Moments are stored and read in UTC: SQLite keeps no offset, so a naive value read
    back is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_minor(amount: Decimal, currency: str) -> int:
    return Money(currency, amount).to_minor()


def from_minor(minor: int, currency: str) -> Decimal:
    return Money.from_minor(minor, currency).amount


def company_from_row(row: CompanyRow, accounts: list[BankAccountRow]) -> Company:
    return Company(
        id=row.id,
        code=row.code,
        name=row.name,
        country=row.country,
        registration_number=row.registration_number,
        vat_id=row.vat_id,
        bank_accounts=tuple(BankAccount(a.iban, a.bic) for a in accounts),
        payment_term_days=row.payment_term_days,
        can_deduct_vat=row.can_deduct_vat,
        address=row.address,
        email=row.email,
        phone=row.phone,
        creditor_id=row.creditor_id,
    )


def company_values(company: Company) -> dict[str, object]:
    return {
        "code": company.code,
        "name": company.name,
        "country": company.country,
        "registration_number": company.registration_number,
        "vat_id": company.vat_id,
        "payment_term_days": company.payment_term_days,
        "can_deduct_vat": company.can_deduct_vat,
        "address": company.address,
        "email": company.email,
        "phone": company.phone,
        "creditor_id": company.creditor_id,
    }


def customer_values(customer: Customer, company_id: int) -> dict[str, object]:
    """Column values for a customer row (parent_id is resolved by the repository)."""
    limit = customer.credit_limit
    return {
        "company_id": company_id,
        "number": customer.number,
        "name": customer.name,
        "kind": customer.kind.value,
        "country": customer.country,
        "language": customer.language.value,
        "payment_term_days": customer.payment_term_days,
        "tolerance_days": customer.tolerance_days,
        "contact_days": ",".join(customer.contact_days),
        "sales_owner": customer.sales_owner,
        "credit_limit_minor": None if limit is None else to_minor(limit, "EUR"),
        "credit_hold": customer.credit_hold,
        "vat_id": customer.vat_id,
        "registration_number": customer.registration_number,
        "email": customer.email,
        "phone": customer.phone,
        "address": customer.address,
        "risk_class": customer.risk_class,
    }


def customer_from_row(
    row: CustomerRow, contacts: list[ContactRow], parent_number: str | None = None
) -> Customer:
    limit = row.credit_limit_minor
    return Customer(
        id=row.id,
        number=row.number,
        name=row.name,
        kind=CustomerKind(row.kind),
        country=row.country,
        language=Language(row.language),
        payment_term_days=row.payment_term_days,
        tolerance_days=row.tolerance_days,
        contact_days=tuple(d for d in row.contact_days.split(",") if d),
        sales_owner=row.sales_owner,
        credit_limit=None if limit is None else from_minor(limit, "EUR"),
        credit_hold=row.credit_hold,
        parent_number=parent_number,
        vat_id=row.vat_id,
        registration_number=row.registration_number,
        email=row.email,
        phone=row.phone,
        address=row.address,
        risk_class=row.risk_class,
        contacts=tuple(contact_from_row(c) for c in contacts),
        contact_confirmed_on=row.contact_confirmed_on,
    )


def contact_from_row(row: ContactRow) -> Contact:
    return Contact(
        name=row.name,
        role=ContactRole(row.role),
        email=row.email,
        phone=row.phone,
        last_verified=row.last_verified,
    )


def invoice_values(invoice: Invoice, company_id: int, customer_id: int) -> dict[str, object]:
    cur = invoice.currency
    discount = invoice.discount
    return {
        "company_id": company_id,
        "customer_id": customer_id,
        "kind": invoice.kind.value,
        "number": invoice.number,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "default_from": invoice.default_from,
        "currency": cur,
        "total_minor": to_minor(invoice.total, cur),
        "net_minor": None if invoice.net_amount is None else to_minor(invoice.net_amount, cur),
        "prepaid_minor": to_minor(invoice.prepaid, cur),
        "open_minor": to_minor(invoice.outstanding, cur),
        "payment_reference": invoice.payment_reference,
        "free_reference": invoice.free_reference,
        "description": invoice.description,
        "discount_basis_points": None if discount is None else int(discount.percentage * 100),
        "discount_days": None if discount is None else discount.days,
    }


def invoice_from_row(
    row: InvoiceRow, customer_number: str, instalments: tuple[Instalment, ...] = ()
) -> Invoice:
    cur = row.currency
    discount = None
    if row.discount_basis_points is not None and row.discount_days is not None:
        discount = EarlyPaymentDiscount(Decimal(row.discount_basis_points) / 100, row.discount_days)
    return Invoice(
        id=row.id,
        number=row.number,
        customer_number=customer_number,
        kind=InvoiceKind(row.kind),
        issue_date=row.issue_date,
        due_date=row.due_date,
        default_from=row.default_from,
        currency=cur,
        total=from_minor(row.total_minor, cur),
        net_amount=None if row.net_minor is None else from_minor(row.net_minor, cur),
        prepaid=from_minor(row.prepaid_minor, cur),
        open_amount=from_minor(row.open_minor, cur),
        payment_reference=row.payment_reference,
        free_reference=row.free_reference,
        description=row.description,
        discount=discount,
        schedule=instalments,
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def invoice_line_values(
    line: InvoiceLine, *, company_id: int, invoice_id: int, seq: int
) -> dict[str, object]:
    """Column values of a line: its figures as exact decimal text."""
    return {
        "company_id": company_id, "invoice_id": invoice_id, "seq": seq, "name": line.name,
        "description": line.description, "quantity": _text(line.quantity),
        "unit_code": line.unit_code, "price": _text(line.price),
        "price_quantity": _text(line.price_quantity), "amount": _text(line.amount),
        "vat_category": line.vat_category, "vat_rate": _text(line.vat_rate),
        "exemption_reason": line.exemption_reason, "exemption_code": line.exemption_code,
    }  # fmt: skip


def invoice_line_from_row(row: InvoiceLineRow) -> InvoiceLine:
    return InvoiceLine(
        name=row.name, amount=_decimal(row.amount), quantity=_decimal(row.quantity),
        unit_code=row.unit_code, price=_decimal(row.price),
        price_quantity=_decimal(row.price_quantity), vat_category=row.vat_category,
        vat_rate=_decimal(row.vat_rate), exemption_reason=row.exemption_reason,
        exemption_code=row.exemption_code, description=row.description,
    )  # fmt: skip
