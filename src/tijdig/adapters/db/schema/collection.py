"""Rows of the collection process: settings and policies, runs and their items, the
outbox, steps taken, disputes, promises, the contact log and the agenda."""

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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


def _company() -> Mapped[int]:
    return mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)


def _customer() -> Mapped[int]:
    return mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)


class CollectionSettingsRow(Base):
    """One per company; `policies_toml` is the company's policy set (NULL: the defaults)."""

    __tablename__ = "collection_settings"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    large_amount_minor: Mapped[int] = mapped_column(BigInteger, default=500_000)
    bank_stale_working_days: Mapped[int] = mapped_column(Integer, default=3)
    auto_approve_friendly: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_hold_working_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # The risk model's N (paid more than N days late) and the high-risk threshold (issue 17).
    risk_late_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    risk_high_percent: Mapped[int] = mapped_column(Integer, default=40, server_default="40")
    policies_toml: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TemplateTextRow(Base):
    """A company's own wording of a message template in one language (the whole .j2
    text); no row: the shipped template."""

    __tablename__ = "template_texts"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(5), primary_key=True)
    template: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))


class DamagesClauseRow(Base):
    """A Belgian consumer damages and interest clause: the company's (no customer) or one
    customer's own contract. Rates and percentages as exact decimal text."""

    __tablename__ = "damages_clauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int | None] = _customer()
    reference: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    interest_rate: Mapped[str | None] = mapped_column(String(12))
    damages_percent: Mapped[str] = mapped_column(String(12), default="0")
    damages_minimum_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    damages_maximum_minor: Mapped[int | None] = mapped_column(BigInteger)
    legal_scale: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BankStatementRow(Base):
    """An imported bank statement; its transactions are in bank_transactions."""

    __tablename__ = "bank_statements"
    __table_args__ = (Index("ix_bank_statements_company_date", "company_id", "statement_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    account_iban: Mapped[str] = mapped_column(String(34), index=True)
    statement_date: Mapped[date] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    statement_ref: Mapped[str | None] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    opening_minor: Mapped[int | None] = mapped_column(BigInteger)
    closing_minor: Mapped[int | None] = mapped_column(BigInteger)
    opening_date: Mapped[date | None] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(10), default="mt940")
    filename: Mapped[str] = mapped_column(String(255), default="")
    reconciles: Mapped[bool] = mapped_column(Boolean, default=True)
    # The file gave no closing balance: closing_minor is the opening plus the lines.
    closing_derived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    as_of: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RunItemRow(Base):
    """A proposal, call, hold or warning of a run; `payload` is its JSON detail."""

    __tablename__ = "run_items"
    # (run_id, status) finds a status's items; with the kind, a page of runs counts its
    # items per kind and status from the index alone.
    __table_args__ = (Index("ix_run_items_run_status_kind", "run_id", "status", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int | None] = _customer()
    kind: Mapped[str] = mapped_column(String(16))  # message | call | hold | warning
    status: Mapped[str] = mapped_column(String(16))  # proposed approved skipped sent ...
    policy_code: Mapped[str | None] = mapped_column(String(40))
    step_key: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str] = mapped_column(Text, default="{}")
    # How it ended, when not as planned (not sent, sent without some invoices): reasons
    # as JSON (domain/reasons.py), said on the run page in the reader's language.
    notes: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    auto_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StepTakenRow(Base):
    """A step carried out for an invoice; written when its message is sent."""

    __tablename__ = "steps_taken"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    step_key: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(16))  # email letter sms, or task (release)
    taken_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)  # the day its message asked payment by
    run_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("run_items.id", ondelete="SET NULL"), index=True
    )


class OutboxRow(Base):
    """A rendered message waiting to go, sent, or failed; sent at most once by its key."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int | None] = _customer()
    run_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("run_items.id", ondelete="SET NULL"), index=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(16)
    )  # pending sending unconfirmed sent failed expired
    # The business day its content was worked out for (stated dates, interest): a run's
    # message not released by the end of that day is expired and worked out again.
    valid_on: Mapped[date | None] = mapped_column(Date)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What shows it was delivered: the mail server's answer, the print batch's folder.
    delivery_answer: Mapped[str | None] = mapped_column(Text)
    # A personal e-mail (issue 19): who wrote it, and the message it answers (its
    # Message-ID, and the References chain, space-separated) so that it is threaded.
    written_by: Mapped[str | None] = mapped_column(String(200))
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    thread_references: Mapped[str | None] = mapped_column(Text)


class OutboxAttachmentRow(Base):
    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_id: Mapped[str | None] = mapped_column(String(100))


class DisputeRow(Base):
    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    opened_on: Mapped[date] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    # Who owns it (domain/collection/internal.py Department; a user's name), and the
    # deadline of the agenda task made for them.
    department: Mapped[str | None] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[date | None] = mapped_column(Date)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    # How it ended (OutcomeKind), with what it links: the credit note, the corrected
    # invoice that replaces the original, the payment plan; the explanation sent.
    outcome: Mapped[str | None] = mapped_column(String(24))
    explanation: Mapped[str] = mapped_column(Text, default="", server_default="")
    credit_note_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="SET NULL")
    )
    replacement_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="SET NULL")
    )
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("payment_plans.id", ondelete="SET NULL"))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))


class DisputeLineRow(Base):
    """An invoice line a dispute concerns: the invoice is held whole, the lines say
    which part the customer disputes."""

    __tablename__ = "dispute_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dispute_id: Mapped[int] = mapped_column(
        ForeignKey("disputes.id", ondelete="CASCADE"), index=True
    )
    line_id: Mapped[int] = mapped_column(ForeignKey("invoice_lines.id", ondelete="CASCADE"))


class InternalNoteRow(Base):
    """A department's note (complaint, pending delivery, extra work) on a customer or
    one invoice: it holds them until closed or its end date passes (S3-2)."""

    __tablename__ = "internal_notes"
    # The run loads the notes still open: by company, open ones first.
    __table_args__ = (Index("ix_internal_notes_open", "company_id", "closed_on", "until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = _customer()
    invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    department: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    opened_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(100), default="")


class PromiseRow(Base):
    __tablename__ = "promises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = _customer()
    promised_date: Mapped[date] = mapped_column(Date)
    made_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    kept: Mapped[bool | None] = mapped_column(Boolean)
    # promise | new_term: a new due date agreed in writing (domain/collection/ladder.py)
    kind: Mapped[str] = mapped_column(String(16), default="promise", server_default="promise")
    fallback: Mapped[str | None] = mapped_column(String(16))  # its rung once broken
    fallback_done_on: Mapped[date | None] = mapped_column(Date)  # carried out on


class ContactEventRow(Base):
    __tablename__ = "contact_events"
    __table_args__ = (Index("ix_contact_events_customer", "customer_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    summary: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(100), default="")
    with_whom: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str | None] = mapped_column(String(32))
    next_step: Mapped[str] = mapped_column(Text, default="")
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), index=True
    )


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_company_open_due", "company_id", "done_on", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = _customer()
    kind: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date] = mapped_column(Date)
    # A person's words, or what the system planned as a reason's JSON (domain/reasons.py)
    title: Mapped[str] = mapped_column(Text)
    script: Mapped[str] = mapped_column(Text, default="")
    contact_role: Mapped[str | None] = mapped_column(String(32))
    assignee: Mapped[str | None] = mapped_column(String(100))
    done_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    # Why the engine planned it, as codes (domain/reasons.py, JSON): "[]" for a task of a
    # person's own, whose title says it.
    reasons: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    run_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("run_items.id", ondelete="SET NULL"), index=True
    )
    promise_id: Mapped[int | None] = mapped_column(
        ForeignKey("promises.id", ondelete="SET NULL"), index=True
    )


class InvoiceClaimRow(Base):
    """Costs and interest claimed on an invoice in a message that was sent: a payment
    goes to these first, then to the principal (art. 6:44 BW)."""

    __tablename__ = "invoice_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    costs_minor: Mapped[int] = mapped_column(BigInteger)
    interest_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    claimed_on: Mapped[date] = mapped_column(Date)
    run_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("run_items.id", ondelete="SET NULL"), index=True
    )


class HardshipStatusRow(Base):
    """A customer's hardship status (domain/hardship.py); ended ones are kept."""

    __tablename__ = "hardship_statuses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = _customer()
    kind: Mapped[str] = mapped_column(String(32))
    since: Mapped[date] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text)
    evidence_file: Mapped[str | None] = mapped_column(String(300))
    ended_on: Mapped[date | None] = mapped_column(Date)


class DunningPauseRow(Base):
    """Dunning of a customer paused by hand until a day (domain/collection/pauses.py)."""

    __tablename__ = "dunning_pauses"
    __table_args__ = (Index("ix_dunning_pauses_company_until", "company_id", "until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = _customer()
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    lifted_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(100))


class HardshipTaskTextRow(Base):
    """A company's own text for the task a hardship status of a kind makes."""

    __tablename__ = "hardship_task_texts"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(String(300))


class ToleranceSuggestionRow(Base):
    """A suggested tolerance a person accepted or dismissed (analytics/tolerance.py), with
    the habit it was based on and the customer's tolerance before."""

    __tablename__ = "tolerance_suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = _customer()
    days: Mapped[int] = mapped_column(Integer)
    invoices: Mapped[int] = mapped_column(Integer)
    on_own: Mapped[int] = mapped_column(Integer)
    p90: Mapped[str] = mapped_column(String(16))  # a Decimal, as text
    made_on: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(16))  # accepted | dismissed
    previous_days: Mapped[int] = mapped_column(Integer)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
