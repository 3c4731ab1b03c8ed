"""What Tijdig holds on one debtor, read for an export and overwritten for an erasure
(AVG/GDPR), and which debtors a retention period lets go. Core statements, per customer.

An export is the rows themselves, column by column (money as amounts with their
currency), so that nothing a table holds is left out by a hand-written list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, and_, delete, exists, func, literal, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import as_utc, from_minor
from tijdig.adapters.db.repositories.plans import LIVE
from tijdig.adapters.db.schema.banking import (
    BankTransactionRow,
    CustomerIbanRow,
    DirectDebitCollectionInvoiceRow,
    DirectDebitCollectionRow,
    DirectDebitItemRow,
    MandateRow,
)
from tijdig.adapters.db.schema.collection import (
    ContactEventRow,
    DamagesClauseRow,
    DisputeRow,
    DunningPauseRow,
    HardshipStatusRow,
    InternalNoteRow,
    InvoiceClaimRow,
    OutboxAttachmentRow,
    OutboxRow,
    PromiseRow,
    RunItemRow,
    StepTakenRow,
    TaskRow,
    ToleranceSuggestionRow,
)
from tijdig.adapters.db.schema.contacts import AddressBounceRow
from tijdig.adapters.db.schema.credit import CreditHoldRow, CreditStatusRow, WebhookEventRow
from tijdig.adapters.db.schema.experiments import ExperimentAssignmentRow
from tijdig.adapters.db.schema.hand_over import (
    AgencyPaymentRow,
    DirectPaymentEventRow,
    DirectPaymentReportRow,
    HandOverCaseRow,
    HandOverStatusRow,
)
from tijdig.adapters.db.schema.ledger import (
    AllocationRow,
    ContactRow,
    CustomerRow,
    DocumentRow,
    InstalmentRow,
    InvoiceLineRow,
    InvoiceRow,
    PaymentRow,
)
from tijdig.adapters.db.schema.mailbox import MailAttachmentRow, MailMessageRow
from tijdig.adapters.db.schema.plans import (
    PaymentPlanRow,
    PlanAcceptanceRow,
    PlanInstalmentRow,
    PlanInvoiceRow,
)
from tijdig.adapters.db.schema.risk import RiskScoreRow, RiskSuggestionRow
from tijdig.adapters.db.schema.syncs import BookExportItemRow, InvoiceClosureRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.services.credit.ports import EventStatus
from tijdig.services.privacy import Holds

# Columns an export leaves out: file contents (listed by name instead) and internals.
CHUNK = 500  # customers anonymised per set of statements
_SKIPPED = {"content", "file_zip", "password_hash", "fingerprint", "dedup_key", "company_id"}


def _table(row: type[Any]) -> Table:
    table = row.__table__
    assert isinstance(table, Table)
    return table


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _record(mapping: Any) -> dict[str, Any]:
    """One row as JSON values; `x_minor` becomes `x` as an amount in the row's currency."""
    currency = mapping.get("currency") or "EUR"
    record: dict[str, Any] = {}
    for key, value in mapping.items():
        if key in _SKIPPED:
            continue
        if key.endswith("_minor"):
            amount = None if value is None else str(from_minor(int(value), currency))
            record[key.removesuffix("_minor")] = amount
        else:
            record[key] = _plain(value)
    return record


def _with_original(mapping: Any) -> dict[str, Any]:
    """A message read, its original as text (JSON has no bytes)."""
    record = _record({k: v for k, v in mapping.items() if k != "raw"})
    return {**record, "raw": bytes(mapping["raw"]).decode("utf-8", "replace")}


def _holds(customer: Any, as_of: date) -> dict[str, tuple[type[Any], tuple[Any, ...]]]:
    """Per `Holds` field: the table and conditions of what binds `customer` (an id or a
    column) to the company on `as_of`."""
    invoices = select(InvoiceRow.id).where(InvoiceRow.customer_id == customer)
    allocated = (
        select(func.coalesce(func.sum(AllocationRow.amount_minor), 0))
        .where(AllocationRow.payment_id == PaymentRow.id)
        .scalar_subquery()
    )
    return {
        "open_invoices": (InvoiceRow, (InvoiceRow.customer_id == customer, p.is_open())),
        "open_disputes": (DisputeRow, (DisputeRow.invoice_id.in_(invoices),
                                       p.dispute_unresolved())),
        "open_promises": (PromiseRow, (PromiseRow.customer_id == customer,
                                       p.promise_in_force(as_of))),
        "live_plans": (PaymentPlanRow, (PaymentPlanRow.customer_id == customer,
                                        PaymentPlanRow.status.in_([s.value for s in LIVE]))),
        "mandates_in_force": (MandateRow, (MandateRow.customer_id == customer,
                                           MandateRow.completed_on.is_(None), or_(
            MandateRow.revoked_on.is_(None), MandateRow.revoked_on > as_of))),
        "unallocated_payments": (PaymentRow, (PaymentRow.customer_id == customer,
                                              PaymentRow.amount_minor > allocated)),
        "credits_in_review": (BankTransactionRow, (BankTransactionRow.customer_id == customer,
                                                   BankTransactionRow.status == "review")),
        "waiting_messages": (OutboxRow, (OutboxRow.customer_id == customer,
                                         OutboxRow.status.in_(("pending", "sending")))),
    }  # fmt: skip


class SqlPersonalData:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- reading ------------------------------------------------------------------------

    def customer_id(self, company_id: int, number: str) -> int | None:
        return self.session.scalar(
            select(CustomerRow.id).where(
                CustomerRow.company_id == company_id, CustomerRow.number == number
            )
        )

    def anonymised_at(self, customer_id: int) -> datetime | None:
        """When, in UTC (SQLite gives the moment back without its zone)."""
        found = self.session.scalar(
            select(CustomerRow.anonymised_at).where(CustomerRow.id == customer_id)
        )
        return None if found is None else as_utc(found)

    def _rows(self, row: type[Any], *where: Any, order: Any = None) -> list[dict[str, Any]]:
        table = _table(row)
        query = select(table).where(*where).order_by(order if order is not None else table.c.id)
        return [_record(r) for r in self.session.execute(query).mappings()]

    def export(self, company_id: int, customer_id: int) -> dict[str, Any]:
        """Everything held on the customer, table by table."""
        invoices = select(InvoiceRow.id).where(InvoiceRow.customer_id == customer_id)
        payments = select(PaymentRow.id).where(PaymentRow.customer_id == customer_id)
        outbox = select(OutboxRow.id).where(OutboxRow.customer_id == customer_id)
        customer = self._rows(CustomerRow, CustomerRow.id == customer_id)
        return {
            "customer": customer[0] if customer else None,
            "contacts": self._rows(ContactRow, ContactRow.customer_id == customer_id),
            "invoices": self._rows(InvoiceRow, InvoiceRow.customer_id == customer_id),
            "invoice_documents": self._rows(DocumentRow, DocumentRow.invoice_id.in_(invoices)),
            "invoice_lines": self._rows(InvoiceLineRow, InvoiceLineRow.invoice_id.in_(invoices)),
            "invoice_instalments": self._rows(
                InstalmentRow, InstalmentRow.invoice_id.in_(invoices)
            ),
            "steps_taken": self._rows(StepTakenRow, StepTakenRow.invoice_id.in_(invoices)),
            "claims": self._rows(InvoiceClaimRow, InvoiceClaimRow.invoice_id.in_(invoices)),
            "damages_clauses": self._rows(
                DamagesClauseRow, DamagesClauseRow.customer_id == customer_id
            ),
            "internal_notes": self._rows(
                InternalNoteRow, InternalNoteRow.customer_id == customer_id
            ),
            "payments": self._rows(PaymentRow, PaymentRow.customer_id == customer_id),
            "allocations": self._rows(
                AllocationRow,
                or_(AllocationRow.invoice_id.in_(invoices), AllocationRow.payment_id.in_(payments)),
            ),
            "messages": self._rows(OutboxRow, OutboxRow.customer_id == customer_id),
            "message_attachments": self._rows(
                OutboxAttachmentRow, OutboxAttachmentRow.outbox_id.in_(outbox)
            ),
            "contact_log": self._rows(ContactEventRow, ContactEventRow.customer_id == customer_id),
            "promises": self._rows(PromiseRow, PromiseRow.customer_id == customer_id),
            **self._plans(customer_id),
            "disputes": self._rows(DisputeRow, DisputeRow.invoice_id.in_(invoices)),
            "tasks": self._rows(TaskRow, TaskRow.customer_id == customer_id),
            "hardship_statuses": self._rows(
                HardshipStatusRow, HardshipStatusRow.customer_id == customer_id
            ),
            "dunning_pauses": self._rows(
                DunningPauseRow, DunningPauseRow.customer_id == customer_id
            ),
            "address_bounces": self._rows(
                AddressBounceRow, AddressBounceRow.customer_id == customer_id
            ),
            "tolerance_suggestions": self._rows(
                ToleranceSuggestionRow, ToleranceSuggestionRow.customer_id == customer_id
            ),
            "risk_suggestions": self._rows(
                RiskSuggestionRow, RiskSuggestionRow.customer_id == customer_id
            ),
            # Profiling is personal data too (AVG art. 15(1)(h)): the stored scores.
            "risk_scores": self._rows(
                RiskScoreRow, RiskScoreRow.invoice_id.in_(invoices), order=RiskScoreRow.invoice_id
            ),
            **self._books(company_id, customer_id, invoices),
            "experiment_assignments": self._rows(
                ExperimentAssignmentRow,
                ExperimentAssignmentRow.customer_id == customer_id,
                order=ExperimentAssignmentRow.experiment_id,
            ),
            **self._hand_overs(customer_id),
            **self._mail(customer_id),
            "credit_holds": self._rows(CreditHoldRow, CreditHoldRow.customer_id == customer_id),
            "credit_status": self._rows(
                CreditStatusRow,
                CreditStatusRow.customer_id == customer_id,
                order=CreditStatusRow.customer_id,
            ),
            "mandates": self._rows(MandateRow, MandateRow.customer_id == customer_id),
            "direct_debit_collections": self._rows(
                DirectDebitCollectionRow, DirectDebitCollectionRow.customer_id == customer_id
            ),
            "direct_debit_collection_invoices": self._rows(
                DirectDebitCollectionInvoiceRow,
                DirectDebitCollectionInvoiceRow.invoice_id.in_(invoices),
            ),
            "direct_debit_items": self._rows(
                DirectDebitItemRow, DirectDebitItemRow.invoice_id.in_(invoices)
            ),
            "credit_webhook_events": self._rows(
                WebhookEventRow, WebhookEventRow.customer_id == customer_id
            ),
            "bank_lines": self._rows(
                BankTransactionRow,
                BankTransactionRow.company_id == company_id,
                BankTransactionRow.customer_id == customer_id,
            ),
            "learned_ibans": self._rows(
                CustomerIbanRow, CustomerIbanRow.customer_id == customer_id
            ),
            "run_items": self._rows(RunItemRow, RunItemRow.customer_id == customer_id),
            "audit": self._rows(
                AuditRow,
                AuditRow.company_id == company_id,
                AuditRow.customer_id == customer_id,
            ),
        }

    def _mail(self, customer_id: int) -> dict[str, list[dict[str, Any]]]:
        """The messages read from the collection mailbox, each with its original as text,
        and their attachments (listed by name, not copied)."""
        messages = select(MailMessageRow.id).where(MailMessageRow.customer_id == customer_id)
        read = self.session.execute(
            select(_table(MailMessageRow)).where(MailMessageRow.customer_id == customer_id)
            .order_by(MailMessageRow.id)
        ).mappings()  # fmt: skip
        return {
            "mail_read": [_with_original(r) for r in read],
            "mail_read_attachments": self._rows(
                MailAttachmentRow, MailAttachmentRow.message_id.in_(messages)
            ),
        }

    def _books(
        self, company_id: int, customer_id: int, invoices: Any
    ) -> dict[str, list[dict[str, Any]]]:
        """What the accounting package's exports said of the customer: the items of the
        last export synced (keyed by the customer's number there) and the invoices closed
        as paid outside Tijdig."""
        number = select(CustomerRow.number).where(CustomerRow.id == customer_id)
        return {
            "book_export_items": self._rows(
                BookExportItemRow,
                BookExportItemRow.company_id == company_id,
                BookExportItemRow.customer_number == number.scalar_subquery(),
            ),
            "invoice_closures": self._rows(
                InvoiceClosureRow, InvoiceClosureRow.invoice_id.in_(invoices)
            ),
        }

    def _plans(self, customer_id: int) -> dict[str, list[dict[str, Any]]]:
        """The customer's payment plans, their invoices and plan instalments, and the
        written acceptances (the file listed, not copied)."""
        plans = select(PaymentPlanRow.id).where(PaymentPlanRow.customer_id == customer_id)
        return {
            "payment_plans": self._rows(PaymentPlanRow, PaymentPlanRow.customer_id == customer_id),
            "payment_plan_invoices": self._rows(
                PlanInvoiceRow, PlanInvoiceRow.plan_id.in_(plans), order=PlanInvoiceRow.plan_id
            ),
            "plan_instalments": self._rows(
                PlanInstalmentRow, PlanInstalmentRow.plan_id.in_(plans),
                order=PlanInstalmentRow.plan_id,
            ),
            "plan_acceptances": self._rows(
                PlanAcceptanceRow, PlanAcceptanceRow.customer_id == customer_id
            ),
        }  # fmt: skip

    def _hand_overs(self, customer_id: int) -> dict[str, list[dict[str, Any]]]:
        """The customer's hand-over cases (their file listed by name, not copied), their
        status history and the agency's payments."""
        cases = select(HandOverCaseRow.id).where(HandOverCaseRow.customer_id == customer_id)
        return {
            "hand_over_cases": self._rows(
                HandOverCaseRow, HandOverCaseRow.customer_id == customer_id
            ),
            "hand_over_statuses": self._rows(
                HandOverStatusRow, HandOverStatusRow.case_id.in_(cases),
                order=HandOverStatusRow.id,
            ),
            "agency_payments": self._rows(AgencyPaymentRow, AgencyPaymentRow.case_id.in_(cases)),
            "direct_payment_reports": self._rows(
                DirectPaymentReportRow, DirectPaymentReportRow.case_id.in_(cases),
                order=DirectPaymentReportRow.payment_id,
            ),
            "direct_payment_events": self._rows(
                DirectPaymentEventRow, DirectPaymentEventRow.case_id.in_(cases),
                order=DirectPaymentEventRow.payment_id,
            ),
        }  # fmt: skip

    def last_activity(self, customer_id: int) -> date | None:
        """The last invoice date or payment date of the customer."""
        invoiced = self.session.scalar(
            select(func.max(InvoiceRow.issue_date)).where(InvoiceRow.customer_id == customer_id)
        )
        paid = self.session.scalar(
            select(func.max(PaymentRow.paid_on)).where(PaymentRow.customer_id == customer_id)
        )
        days = [d for d in (invoiced, paid) if d is not None]
        return max(days) if days else None

    def holds(self, customer_id: int, *, as_of: date) -> Holds:
        """What still binds the customer to the company on `as_of`."""
        counts = {
            name: int(self.session.scalar(
                select(func.count()).select_from(_table(row)).where(*where)) or 0)
            for name, (row, where) in _holds(literal(customer_id), as_of).items()
        }  # fmt: skip
        return Holds(**counts)

    def candidates(
        self, company_id: int, *, quiet_since: date, as_of: date
    ) -> list[tuple[int, str, bool]]:
        """(id, number, held) of invoiced customers not yet anonymised, with nothing open
        on their invoices, neither invoiced nor paying after `quiet_since`; `held` when
        something else still binds them (see `holds`)."""
        c, i, pay = CustomerRow, InvoiceRow, PaymentRow
        busy_invoice = exists().where(
            i.customer_id == c.id, or_(p.is_open(), i.issue_date > quiet_since)
        )
        busy_payment = exists().where(pay.customer_id == c.id, pay.paid_on > quiet_since)
        # Without an invoice there is no date to count from: a customer just imported
        # waits for its first invoice, not for erasure (a person may still erase it).
        invoiced = exists().where(i.customer_id == c.id)
        held = or_(*(exists().where(*where) for _, where in _holds(c.id, as_of).values()))
        query = (
            select(c.id, c.number, held)
            .where(c.company_id == company_id, c.anonymised_at.is_(None))
            .where(invoiced, ~busy_invoice, ~busy_payment)
            .order_by(c.number)
        )
        return [(row[0], row[1], bool(row[2])) for row in self.session.execute(query)]

    # --- erasing ------------------------------------------------------------------------

    def anonymise(
        self, company_id: int, customer_ids: Sequence[int], *, name_prefix: str, at: datetime
    ) -> None:
        """Overwrite the customers' personal data (each named `name_prefix` + number);
        amounts, dates and numbers stay. Set-based, a chunk of customers at a time."""
        ids = sorted(set(customer_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            old = {
                row[0]: [v for v in row[1:] if v]
                for row in self.session.execute(
                    select(
                        CustomerRow.id, CustomerRow.name, CustomerRow.email, CustomerRow.number
                    ).where(CustomerRow.id.in_(chunk))
                )
            }
            ibans = self._ibans(company_id, chunk)
            self._customers(chunk, name_prefix=name_prefix, at=at)
            self._records(chunk)
            self._credit(chunk)
            self._messages(chunk)
            self._bank_lines(company_id, chunk, ibans)
            self._audit(company_id, old, name_prefix)

    def _customers(self, ids: Sequence[int], *, name_prefix: str, at: datetime) -> None:
        self.session.execute(
            update(CustomerRow)
            .where(CustomerRow.id.in_(ids))
            .values(name=literal(name_prefix) + CustomerRow.number, email=None, phone=None,
                    address="", vat_id=None, registration_number=None, risk_class=None,
                    anonymised_at=at)
        )  # fmt: skip
        self.session.execute(delete(ContactRow).where(ContactRow.customer_id.in_(ids)))
        self.session.execute(delete(CustomerIbanRow).where(CustomerIbanRow.customer_id.in_(ids)))
        self.session.execute(
            update(MandateRow).where(MandateRow.customer_id.in_(ids)).values(iban="", bic=None)
        )

    def _records(self, ids: Sequence[int]) -> None:
        """Free text goes; invoice numbers, amounts and dates stay (fiscal retention)."""
        invoices = select(InvoiceRow.id).where(InvoiceRow.customer_id.in_(ids))
        self.session.execute(
            update(InvoiceRow)
            .where(InvoiceRow.customer_id.in_(ids))
            .values(free_reference=None, description=None)
        )
        self.session.execute(delete(DocumentRow).where(DocumentRow.invoice_id.in_(invoices)))
        self.session.execute(
            update(PaymentRow).where(PaymentRow.customer_id.in_(ids)).values(reference=None)
        )
        self.session.execute(
            update(DisputeRow).where(DisputeRow.invoice_id.in_(invoices)).values(note="")
        )
        self.session.execute(delete(ContactEventRow).where(ContactEventRow.customer_id.in_(ids)))
        self.session.execute(
            update(PlanAcceptanceRow).where(PlanAcceptanceRow.customer_id.in_(ids))
            .values(ip_address="", shown_text="", filename="", mime_type="", content=None)
        )  # fmt: skip
        self.session.execute(delete(TaskRow).where(TaskRow.customer_id.in_(ids)))
        # the addresses that bounced, and what the mail server said of them
        self.session.execute(delete(AddressBounceRow).where(AddressBounceRow.customer_id.in_(ids)))
        self.session.execute(
            update(HardshipStatusRow).where(HardshipStatusRow.customer_id.in_(ids))
            .values(evidence="", evidence_file=None)
        )  # fmt: skip
        self.session.execute(  # a pause keeps its days; its reason is a person's words
            update(DunningPauseRow).where(DunningPauseRow.customer_id.in_(ids)).values(reason="")
        )
        self.session.execute(
            update(RunItemRow).where(RunItemRow.customer_id.in_(ids))
            .values(summary="", payload="{}", notes="[]")
        )  # fmt: skip
        # a hand-over keeps its case, days and statuses; its file and words go
        cases = select(HandOverCaseRow.id).where(HandOverCaseRow.customer_id.in_(ids))
        self.session.execute(
            update(HandOverCaseRow).where(HandOverCaseRow.customer_id.in_(ids))
            .values(reason="", file_zip=None)
        )  # fmt: skip
        self.session.execute(
            update(HandOverStatusRow).where(HandOverStatusRow.case_id.in_(cases)).values(note="")
        )

    def _credit(self, ids: Sequence[int]) -> None:
        """A hold's reason is a person's text: it goes, from the hold, the announced status
        (worked out and announced again at the next refresh) and the webhook events sent
        or cancelled (one still to be sent keeps its body: it has to go as it is)."""
        self.session.execute(
            update(CreditHoldRow).where(CreditHoldRow.customer_id.in_(ids)).values(reason="")
        )
        self.session.execute(delete(CreditStatusRow).where(CreditStatusRow.customer_id.in_(ids)))
        self.session.execute(
            update(WebhookEventRow)
            .where(WebhookEventRow.customer_id.in_(ids),
                   WebhookEventRow.status.in_([EventStatus.DELIVERED, EventStatus.CANCELLED]))
            .values(body="")
        )  # fmt: skip

    def _messages(self, ids: Sequence[int]) -> None:
        """Sent messages keep their row (and idempotency key: never sent twice), not
        their recipient, text or attachments."""
        outbox = select(OutboxRow.id).where(OutboxRow.customer_id.in_(ids))
        self.session.execute(
            delete(OutboxAttachmentRow).where(OutboxAttachmentRow.outbox_id.in_(outbox))
        )
        # Mail read keeps its row and key (never kept again when read again), not its words.
        read = select(MailMessageRow.id).where(MailMessageRow.customer_id.in_(ids))
        self.session.execute(
            delete(MailAttachmentRow).where(MailAttachmentRow.message_id.in_(read))
        )
        self.session.execute(
            update(MailMessageRow).where(MailMessageRow.customer_id.in_(ids))
            .values(raw=b"", subject="", from_address="", to_addresses="", message_id=None,
                    kind_reasons="[]")
        )  # fmt: skip
        self.session.execute(
            update(OutboxRow).where(OutboxRow.customer_id.in_(ids))
            .values(recipient="", subject="", body_text="", body_html=None, last_error=None,
                    delivery_answer=None)
        )  # fmt: skip

    def _ibans(self, company_id: int, ids: Sequence[int]) -> list[str]:
        """The customers' accounts that no other customer (not being erased) shares."""
        own = {
            *self.session.scalars(
                select(CustomerIbanRow.iban).where(CustomerIbanRow.customer_id.in_(ids))
            ),
            *self.session.scalars(select(MandateRow.iban).where(MandateRow.customer_id.in_(ids))),
        } - {""}
        if not own:
            return []
        shared = set(
            self.session.scalars(
                select(CustomerIbanRow.iban).where(
                    CustomerIbanRow.company_id == company_id,
                    CustomerIbanRow.customer_id.not_in(ids),
                    CustomerIbanRow.iban.in_(sorted(own)),
                )
            )
        )
        return sorted(own - shared)

    def _bank_lines(self, company_id: int, ids: Sequence[int], ibans: Sequence[str]) -> None:
        t = BankTransactionRow
        theirs: ColumnElement[bool] = t.customer_id.in_(ids)
        if ibans:
            theirs = or_(theirs, and_(t.customer_id.is_(None), t.counterparty_iban.in_(ibans)))
        self.session.execute(
            update(t).where(t.company_id == company_id, theirs)
            .values(counterparty_name=None, counterparty_iban=None, remittance="",
                    suggestions="[]", reasons="")
        )  # fmt: skip

    def _audit(self, company_id: int, old: dict[int, list[str]], name_prefix: str) -> None:
        """The audit trail stays (who changed what), without the old names or e-mails."""
        rows = self.session.execute(
            select(AuditRow.id, AuditRow.customer_id, AuditRow.subject, AuditRow.details).where(
                AuditRow.company_id == company_id, AuditRow.customer_id.in_(sorted(old))
            )
        ).all()
        for row_id, customer_id, subject, details in rows:
            *values, number = old[customer_id or 0]
            new_subject, new_details = subject, details
            for value in values:
                new_subject = new_subject.replace(value, name_prefix + number)
                new_details = new_details.replace(value, name_prefix + number)
            if (new_subject, new_details) != (subject, details):
                self.session.execute(
                    update(AuditRow)
                    .where(AuditRow.id == row_id)
                    .values(subject=new_subject, details=new_details)
                )
