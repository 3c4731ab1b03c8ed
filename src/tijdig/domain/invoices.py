"""Invoices, credit notes, their lines and payment schedule, payments and allocations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.errors import InvalidValue
from tijdig.domain.money import Money
from tijdig.domain.refusals import Refusal


class InvoiceKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True, slots=True)
class Instalment:
    """One part of an invoice payable in parts, with its own due date."""

    due_date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class EarlyPaymentDiscount:
    """A discount for paying within `days` of the issue date (S1-4)."""

    percentage: Decimal
    days: int

    def __post_init__(self) -> None:
        if not Decimal(0) < self.percentage < Decimal(100):
            raise InvalidValue("discount_percentage", Refusal.BETWEEN, low=0, high=100)
        if self.days < 0:
            raise InvalidValue("discount_days", Refusal.NEGATIVE)


class VatCategory(StrEnum):
    """UNCL 5305 VAT category codes as e-invoices use them (EN 16931 BT-151)."""

    STANDARD = "S"
    ZERO_RATED = "Z"
    EXEMPT = "E"
    REVERSE_CHARGE = "AE"
    INTRA_COMMUNITY = "K"
    EXPORT = "G"
    OUTSIDE_SCOPE = "O"
    CANARY_ISLANDS = "L"
    CEUTA_MELILLA = "M"


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One line of an invoice: what was sold, with its quantity, price and VAT.

    Figures are exact as the seller wrote them (a unit price may have more decimals
    than the currency). `amount` is the line's net amount (quantity × price, less line
    allowances); `price` is per `price_quantity` units (None: per one). A line whose VAT
    category is not standard (S) carries the seller's exemption reason when given.
    """

    name: str
    amount: Decimal | None = None
    quantity: Decimal | None = None
    unit_code: str | None = None  # UN/ECE Recommendation 20: C62 piece, HUR hour ...
    price: Decimal | None = None
    price_quantity: Decimal | None = None
    vat_category: str | None = None  # a VatCategory code, kept as written
    vat_rate: Decimal | None = None  # percent
    exemption_reason: str | None = None
    exemption_code: str | None = None  # e.g. VATEX-EU-AE
    description: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidValue("name", Refusal.LINE_NEEDS_NAME)

    @property
    def has_standard_vat(self) -> bool:
        """Standard rated, or no category given: nothing to explain on the line."""
        return self.vat_category in (None, VatCategory.STANDARD.value)


@dataclass(frozen=True, slots=True)
class Invoice:
    """An invoice or credit note of one company to one customer.

    Amounts are positive for both kinds; the kind says which way they go. `open_amount`
    is what remains to be paid (or, for a credit note, to be settled). `default_from` is
    the first day of default (verzuim: statutory interest, and costs where the law needs
    default) when that is not the day after the due date: an invoice payable on receipt
    has no agreed payment date, so it is due at once for reminders but in default only
    30 days after receipt (art. 6:119a lid 2 BW).
    """

    number: str
    customer_number: str
    issue_date: date
    due_date: date
    total: Decimal  # incl. VAT
    kind: InvoiceKind = InvoiceKind.INVOICE
    net_amount: Decimal | None = None  # excl. VAT
    prepaid: Decimal = Decimal(0)
    open_amount: Decimal | None = None
    currency: str = "EUR"
    payment_reference: str | None = None  # structured: NL kenmerk, BE OGM or RF
    free_reference: str | None = None  # as given by the source, kept beside it
    discount: EarlyPaymentDiscount | None = None
    schedule: tuple[Instalment, ...] = field(default=())
    has_pdf: bool = False
    company_code: str | None = None
    id: int | None = None
    default_from: date | None = None
    description: str | None = None  # what was sold, in the seller's words
    # Loaded only where a message or copy shows them (never for bulk reads).
    lines: tuple[InvoiceLine, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise InvalidValue("number", Refusal.IS_EMPTY)
        if self.total < 0:
            raise InvalidValue("total", Refusal.TOTAL_NEGATIVE)
        if self.due_date < self.issue_date:
            raise InvalidValue("due_date", Refusal.BEFORE_ISSUE_DATE)
        if self.default_from is not None and self.default_from <= self.due_date:
            raise InvalidValue("default_from", Refusal.AFTER_DUE_DATE)
        if self.schedule and sum(i.amount for i in self.schedule) != self.payable:
            raise InvalidValue("schedule", Refusal.INSTALMENTS_ADD_UP)
        Money(self.currency, self.total)  # validates the currency code

    @property
    def first_day_of_default(self) -> date:
        """The first day of default: `default_from`, else the day after the due date."""
        return self.default_from or self.due_date + timedelta(days=1)

    @property
    def payable(self) -> Decimal:
        return self.total - self.prepaid

    @property
    def outstanding(self) -> Decimal:
        return self.payable if self.open_amount is None else self.open_amount

    @property
    def is_credit(self) -> bool:
        return self.kind is InvoiceKind.CREDIT_NOTE

    @property
    def signed_outstanding(self) -> Decimal:
        """What the customer owes on it: negative for a credit note."""
        return -self.outstanding if self.is_credit else self.outstanding

    def is_open(self) -> bool:
        return self.outstanding != 0

    def days_overdue(self, as_of: date) -> int:
        return max(0, (as_of - self.due_date).days)

    def is_overdue(self, as_of: date) -> bool:
        return not self.is_credit and self.is_open() and as_of > self.due_date


def due_date_for(issue_date: date, term_days: int) -> date:
    return issue_date + timedelta(days=term_days)


@dataclass(frozen=True, slots=True)
class Payment:
    """Money received from (or refunded to) a customer."""

    customer_number: str
    paid_on: date
    amount: Decimal
    currency: str = "EUR"
    reference: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Allocation:
    """The part of a payment (or credit note) that settles one invoice."""

    invoice_number: str
    amount: Decimal
    allocated_on: date
    payment_id: int | None = None
    credit_note_number: str | None = None
