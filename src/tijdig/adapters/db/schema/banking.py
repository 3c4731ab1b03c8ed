"""Rows of money in: bank transactions, IBANs learned per customer, SEPA mandates, the
collections planned under them (with their invoices) and direct-debit batches."""

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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from tijdig.adapters.db.schema.ledger import Base
from tijdig.domain.mandates import DEFAULT_PRE_NOTIFICATION_DAYS


class BankTransactionRow(Base):
    """One booked line of a statement; `dedup_key` keeps an overlapping import from
    booking it twice. `status`: matched, review, ignored (debits, fees), returned."""

    __tablename__ = "bank_transactions"
    __table_args__ = (
        UniqueConstraint("company_id", "dedup_key"),
        Index("ix_bank_transactions_status", "company_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("bank_statements.id", ondelete="CASCADE"), index=True
    )
    account_iban: Mapped[str] = mapped_column(String(34))
    booking_date: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    counterparty_name: Mapped[str | None] = mapped_column(String(200))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34), index=True)
    structured_reference: Mapped[str | None] = mapped_column(String(64))
    remittance: Mapped[str] = mapped_column(Text, default="")
    bank_reference: Mapped[str | None] = mapped_column(String(100))
    end_to_end_id: Mapped[str | None] = mapped_column(String(100))
    return_reason: Mapped[str | None] = mapped_column(String(10))
    is_reversal: Mapped[bool] = mapped_column(Boolean, default=False)
    dedup_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments.id", ondelete="SET NULL"), index=True
    )
    confidence: Mapped[int | None] = mapped_column(Integer)  # percent
    reasons: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[str] = mapped_column(Text, default="[]")  # JSON, for review


class CustomerIbanRow(Base):
    """An account a customer paid from: matching learns it from earlier payments."""

    __tablename__ = "customer_ibans"
    __table_args__ = (UniqueConstraint("company_id", "iban", "customer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    iban: Mapped[str] = mapped_column(String(34))
    times_seen: Mapped[int] = mapped_column(Integer, default=1)
    last_seen: Mapped[date] = mapped_column(Date)


class MandateRow(Base):
    """A SEPA direct-debit mandate a customer signed (S1-2)."""

    __tablename__ = "mandates"
    __table_args__ = (UniqueConstraint("company_id", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(35))  # the mandate id (UMR)
    signed_on: Mapped[date] = mapped_column(Date)
    scheme: Mapped[str] = mapped_column(String(4))  # CORE | B2B
    iban: Mapped[str] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    first_collected_on: Mapped[date | None] = mapped_column(Date)  # None: next is FRST
    revoked_on: Mapped[date | None] = mapped_column(Date)
    one_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    final: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # last
    pre_notification_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_PRE_NOTIFICATION_DAYS, server_default="14"
    )
    completed_on: Mapped[date | None] = mapped_column(Date)  # its one-off or final collection


class DirectDebitBatchRow(Base):
    """A pain.008 file exported for the bank, with what it collects."""

    __tablename__ = "direct_debit_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    collection_date: Mapped[date] = mapped_column(Date)
    message_id: Mapped[str] = mapped_column(String(35), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    count: Mapped[int] = mapped_column(Integer)
    total_minor: Mapped[int] = mapped_column(BigInteger)


class DirectDebitItemRow(Base):
    """One debit (DrctDbtTxInf) of a batch: a planned collection's invoices as one amount.
    Batches exported before collections were planned hold one item per invoice
    (`invoice_id`, no `collection_id`)."""

    __tablename__ = "direct_debit_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("direct_debit_batches.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    collection_id: Mapped[int | None] = mapped_column(
        ForeignKey("direct_debit_collections.id", ondelete="CASCADE"), index=True
    )
    mandate_id: Mapped[int] = mapped_column(
        ForeignKey("mandates.id", ondelete="CASCADE"), index=True
    )
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    end_to_end_id: Mapped[str] = mapped_column(String(35))
    sequence: Mapped[str] = mapped_column(String(4))  # FRST | RCUR


class DirectDebitCollectionRow(Base):
    """A collection planned under a mandate on a date: its invoices as one amount,
    announced to the debtor by the outbox message `notice_key`. `status`: planned,
    presented (in `batch_id`, as `sequence` with `end_to_end_id`) or cancelled (with
    `reason`, a code, and `reason_params`, JSON)."""

    __tablename__ = "direct_debit_collections"
    __table_args__ = (
        UniqueConstraint("company_id", "notice_key"),
        Index("ix_direct_debit_collections_date", "company_id", "collection_date", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    mandate_id: Mapped[int] = mapped_column(
        ForeignKey("mandates.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    collection_date: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    creditor_id: Mapped[str] = mapped_column(String(35))
    notice_key: Mapped[str] = mapped_column(String(100))
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), index=True
    )
    planned_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(40))
    reason_params: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("direct_debit_batches.id", ondelete="SET NULL"), index=True
    )
    sequence: Mapped[str | None] = mapped_column(String(4))
    end_to_end_id: Mapped[str | None] = mapped_column(String(35))


class DirectDebitCollectionInvoiceRow(Base):
    """An invoice in a planned collection, with the open amount its notice announced."""

    __tablename__ = "direct_debit_collection_invoices"
    __table_args__ = (UniqueConstraint("collection_id", "invoice_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    collection_id: Mapped[int] = mapped_column(
        ForeignKey("direct_debit_collections.id", ondelete="CASCADE")
    )
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    amount_minor: Mapped[int] = mapped_column(BigInteger)
