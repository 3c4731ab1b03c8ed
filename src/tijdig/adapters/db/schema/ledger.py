"""SQLAlchemy 2 declarative rows. Rows are not domain values: see converters.py.

Every row carries its company id so that one database serves many creditors, each
isolated, and the schema can be distributed by company on a PostgreSQL cluster.
Money is an integer number of minor units beside a currency code.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _company_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=False)


class CompanyRow(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    registration_number: Mapped[str | None] = mapped_column(String(32), index=True)
    vat_id: Mapped[str | None] = mapped_column(String(32), index=True)
    payment_term_days: Mapped[int] = mapped_column(Integer, default=30)
    can_deduct_vat: Mapped[bool] = mapped_column(Boolean, default=True)
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    creditor_id: Mapped[str | None] = mapped_column(String(35))
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BankAccountRow(Base):
    __tablename__ = "bank_accounts"
    __table_args__ = (UniqueConstraint("company_id", "iban"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    iban: Mapped[str] = mapped_column(String(34), index=True)
    bic: Mapped[str | None] = mapped_column(String(11))


class CustomerRow(Base):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("company_id", "number"),
        # Lists sorted by name (customers, and invoices by customer) walk it.
        Index("ix_customers_company_name", "company_id", "name", "number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    number: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(2))
    payment_term_days: Mapped[int | None] = mapped_column(Integer)
    tolerance_days: Mapped[int] = mapped_column(Integer, default=0)
    contact_days: Mapped[str] = mapped_column(String(40))
    sales_owner: Mapped[str | None] = mapped_column(String(100))
    credit_limit_minor: Mapped[int | None] = mapped_column(BigInteger)
    credit_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    vat_id: Mapped[str | None] = mapped_column(String(32))
    registration_number: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(Text, default="")
    risk_class: Mapped[str | None] = mapped_column(String(16))
    # The day the customer last confirmed its contact details (S2-1, the debtor portal).
    contact_confirmed_on: Mapped[date | None] = mapped_column(Date)
    # Set when the debtor's personal data was erased (AVG/GDPR); the row stays for the
    # amounts a legal retention period still needs.
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ContactRow(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    last_verified: Mapped[date | None] = mapped_column(Date)


# The invoice list (workspace, export) sorts a company's invoices, open or all, by each
# column a head offers; each order walks its index and stops after a page. Without them
# a page of 1,000,000 invoices sorted every row: 2-9 s (issue 15). By due date, the
# indexes above serve already; by customer, the customers' name index below.
LIST_SORTS = {"number": "number", "issued": "issue_date", "total": "total_minor",
              "open": "open_minor"}  # fmt: skip


def _list_sort_indexes() -> list[Index]:
    found = []
    for key, column in LIST_SORTS.items():
        found.append(Index(f"ix_invoices_all_by_{key}", "company_id", column, "id"))
        found.append(Index(f"ix_invoices_open_by_{key}", "company_id", column, "id",
                           sqlite_where=text("open_minor <> 0"),
                           postgresql_where=text("open_minor <> 0")))  # fmt: skip
    return found


class InvoiceRow(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("company_id", "kind", "number"),
        # Starts with customer_id so that foreign-key checks on customer deletes use it too.
        Index("ix_invoices_customer", "customer_id", "due_date"),
        # The dashboard and the engine ask for open invoices by due date; covering, so
        # the aging report reads the index alone (1,000,000 invoices: 100 -> 14 ms).
        Index(
            "ix_invoices_open_due",
            "company_id",
            "due_date",
            "currency",
            "kind",
            "open_minor",
            sqlite_where=text("open_minor <> 0"),
            postgresql_where=text("open_minor <> 0"),
        ),
        # Invoice lists (API, workspace) page through a company's invoices by due date.
        Index("ix_invoices_company_due", "company_id", "due_date", "number", "id"),
        # The workspace totals open and overdue amounts per customer on every list page:
        # covering, so the aggregate reads the index alone (measured on 1,000,000 invoices:
        # 530 -> 300 ms on a loaded machine, a table lookup per open invoice saved).
        Index(
            "ix_invoices_open_customer",
            "company_id",
            "customer_id",
            "kind",
            "due_date",
            "currency",
            "open_minor",
            sqlite_where=text("open_minor <> 0"),
            postgresql_where=text("open_minor <> 0"),
        ),
        # The risk model reads a company's whole ledger by id (scoring, training): covering
        # and in id order, so the read neither looks up a row per invoice nor sorts them.
        Index(
            "ix_invoices_risk_ledger",
            "company_id",
            "kind",
            "id",
            "customer_id",
            "issue_date",
            "due_date",
            "total_minor",
            "open_minor",
        ),
        *_list_sort_indexes(),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(64))
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    # Payable on receipt: default (interest, costs) only from this day, not due_date + 1.
    default_from: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    net_minor: Mapped[int | None] = mapped_column(BigInteger)
    prepaid_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    open_minor: Mapped[int] = mapped_column(BigInteger)
    payment_reference: Mapped[str | None] = mapped_column(String(64))
    free_reference: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)  # what was sold
    discount_basis_points: Mapped[int | None] = mapped_column(Integer)
    discount_days: Mapped[int | None] = mapped_column(Integer)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="manual")


class InstalmentRow(Base):
    __tablename__ = "instalments"
    __table_args__ = (UniqueConstraint("invoice_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class InvoiceLineRow(Base):
    """A line of an invoice (from its e-invoice). Figures are decimal text, exact as the
    seller wrote them: a unit price may have more decimals than the currency's cents."""

    __tablename__ = "invoice_lines"
    __table_args__ = (UniqueConstraint("invoice_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[str | None] = mapped_column(String(40))
    unit_code: Mapped[str | None] = mapped_column(String(8))
    price: Mapped[str | None] = mapped_column(String(40))
    price_quantity: Mapped[str | None] = mapped_column(String(40))
    amount: Mapped[str | None] = mapped_column(String(40))
    vat_category: Mapped[str | None] = mapped_column(String(4))
    vat_rate: Mapped[str | None] = mapped_column(String(16))
    exemption_reason: Mapped[str | None] = mapped_column(Text)
    exemption_code: Mapped[str | None] = mapped_column(String(64))


class DocumentRow(Base):
    """A file attached to an invoice: its PDF copy or another attachment."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    is_invoice_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class PaymentRow(Base):
    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_customer", "customer_id", "paid_on"),
        # Payment lists page through a company's payments, the latest first.
        Index("ix_payments_company_paid", "company_id", "paid_on", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    paid_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reference: Mapped[str | None] = mapped_column(String(200))
    # The bank line it came in on (None for payments booked otherwise, e.g. demo history).
    bank_transaction_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The payment plan it was booked to (matching's; None: paid outside any plan).
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment_plans.id", ondelete="SET NULL"), index=True
    )


class AllocationRow(Base):
    """Part of a payment or a credit note that settles part of an invoice."""

    __tablename__ = "allocations"
    __table_args__ = (
        # Booked from a line of payment history: its key, once per company (idempotence).
        Index("ix_allocations_history_key", "company_id", "history_key", unique=True),
        # The risk model's payment day per invoice (MAX(allocated_on) grouped by invoice):
        # covering and in group order, read from the index alone.
        Index("ix_allocations_risk_paid", "company_id", "invoice_id", "allocated_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments.id", ondelete="CASCADE"), index=True
    )
    credit_note_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    allocated_on: Mapped[date] = mapped_column(Date)
    # Of `amount`, the parts that went to claimed costs and interest (art. 6:44 BW).
    costs_minor: Mapped[int] = mapped_column(BigInteger, server_default="0")
    interest_minor: Mapped[int] = mapped_column(BigInteger, server_default="0")
    # The history line it was booked from (services/receivables/history.py); None otherwise.
    history_key: Mapped[str | None] = mapped_column(String(64))


class ImportedFileRow(Base):
    """A file booked once; the same content again books nothing twice."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("company_id", "kind", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company_fk()
    kind: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    summary: Mapped[str] = mapped_column(Text, default="")
