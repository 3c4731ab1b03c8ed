"""What the hand-over use cases need from the database and the renderers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, Protocol

from tijdig.domain.collection.records import ContactEvent, Promise
from tijdig.domain.hand_over import AgencyPayment, DirectPayment, HandOverCase, StatusChange
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import AuditEntry
from tijdig.engine.hand_over import HandOverClaim
from tijdig.services.audit import AuditLog
from tijdig.services.bank.review import DecisionUnitOfWork
from tijdig.services.collection.invoice_copies import InvoiceCopy
from tijdig.services.collection.run import CollectionUnitOfWork
from tijdig.services.credit.ports import CreditUnitOfWork
from tijdig.services.plans.ports import PlansUnitOfWork, StoredPlan
from tijdig.services.records.case_ports import DisputeCase, DisputeCases
from tijdig.services.records.ports import Promises


class BookedShare(NamedTuple):
    """The part of an agency's payment that goes to one invoice (of it, to costs and
    interest first, art. 6:44 BW)."""

    invoice_id: int
    amount: Decimal
    costs: Decimal
    interest: Decimal


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A letter, e-mail or SMS as it went out, with its evidence of delivery."""

    outbox_id: int
    channel: str
    recipient: str
    subject: str
    text: str
    status: str
    created_at: datetime
    sent_at: datetime | None
    delivery_answer: str | None  # the mail server's answer, the print batch
    attachments: tuple[tuple[str, str, bytes], ...]  # filename, mime type, content


class HandOverStore(Protocol):
    def add(self, company_id: int, customer_id: int, case: HandOverCase) -> HandOverCase: ...
    def set_status(self, company_id: int, case_id: int, change: StatusChange) -> None: ...
    def set_file(self, company_id: int, case_id: int, name: str, content: bytes) -> None: ...
    def file(self, company_id: int, reference: str) -> tuple[str, bytes] | None: ...
    def get(self, company_id: int, reference: str) -> HandOverCase | None: ...
    def for_customer(self, company_id: int, customer_id: int) -> list[HandOverCase]: ...
    def listed(self, company_id: int) -> list[HandOverCase]: ...
    def customer_of(self, company_id: int, case_id: int) -> int | None: ...
    def agency_payment(self, company_id: int, reference: str) -> AgencyPayment | None: ...
    def add_agency_payment(
        self,
        company_id: int,
        customer_id: int,
        case_id: int,
        payment: AgencyPayment,
        shares: Sequence[BookedShare],
    ) -> int: ...
    def agency_payments(self, company_id: int, case_id: int) -> list[AgencyPayment]: ...
    def direct_unreported(self, company_id: int, *, since: date | None) -> list[DirectPayment]: ...
    def mark_reported(
        self, company_id: int, payments: Sequence[DirectPayment], *, at: datetime, by: str
    ) -> None: ...
    def direct_unannounced(self, company_id: int) -> list[DirectPayment]: ...
    def mark_announced(
        self, company_id: int, payments: Sequence[DirectPayment], *, at: datetime
    ) -> None: ...
    def sent_messages(self, company_id: int, customer_id: int) -> list[SentMessage]: ...


class AuditTrail(AuditLog, Protocol):
    def for_customer(
        self, company_id: int, customer_id: int, limit: int = 200
    ) -> list[AuditEntry]: ...


class AllPromises(Promises, Protocol):
    def for_customer(self, company_id: int, customer_id: int, limit: int = 20) -> list[Promise]: ...


class DirectPaymentsUnitOfWork(CreditUnitOfWork, Protocol):
    """Announcing direct payments: the cases, and the webhook outbox."""

    @property
    def hand_overs(self) -> HandOverStore: ...


class HandOverUnitOfWork(
    PlansUnitOfWork, CollectionUnitOfWork, DecisionUnitOfWork, CreditUnitOfWork, Protocol
):
    @property
    def hand_overs(self) -> HandOverStore: ...
    @property
    def audit(self) -> AuditTrail: ...
    @property
    def promises(self) -> AllPromises: ...
    @property
    def dispute_cases(self) -> DisputeCases: ...


@dataclass(frozen=True, slots=True)
class PlanRecord:
    stored: StoredPlan
    payments: tuple[tuple[date, Decimal], ...]


@dataclass(frozen=True, slots=True)
class HandOverFile:
    """Everything the agency gets, gathered on the hand-over day."""

    company: Company
    customer: Customer
    case: HandOverCase
    claim: HandOverClaim
    invoices: tuple[InvoiceCopy, ...]  # each invoice handed over
    messages: tuple[SentMessage, ...]
    contacts: tuple[ContactEvent, ...]
    promises: tuple[Promise, ...]
    plans: tuple[PlanRecord, ...]
    disputes: tuple[DisputeCase, ...]  # with their owner, lines and outcome
    history: tuple[AuditEntry, ...]  # the agreements' and disputes' audit trail


class FileWriter(Protocol):
    """Writes the file: a ZIP with the summary PDF, the documents and the JSON."""

    def write(self, content: HandOverFile) -> tuple[str, bytes]: ...
