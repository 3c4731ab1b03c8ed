"""Use cases of SEPA direct debit (S1-2): mandates, and the batch of due invoices
exported as a pain.008 file for the bank.

A batch collects the open EUR invoices due by the collection date of customers with a
usable mandate, except disputed ones, ones collected before (a returned debit is
followed up by a person, not collected again by itself) and ones issued too late to
pre-notify the collection. The first debit under a mandate is FRST, later ones RCUR.
The bank import finds the invoice behind a returned debit's end-to-end id with
`DirectDebits.item_by_end_to_end`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.records import Dispute
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.mandates import (
    DEFAULT_PRE_NOTIFICATION_DAYS,
    Creditor,
    Debit,
    DebitBatch,
    Mandate,
    Scheme,
    SequenceType,
    bank_bic,
    check_collection,
    check_sepa_id,
    is_pre_notified,
    pick_mandate,
)
from tijdig.domain.parties import Company, Customer
from tijdig.services.ports import UnitOfWork

# Builds the file for the bank from a batch: `tijdig.adapters.sepa.pain008.write`.
BatchWriter = Callable[[DebitBatch], bytes]


@dataclass(frozen=True, slots=True)
class DebitRef:
    """What a returned debit leads back to: the invoice and mandate it collected."""

    invoice_id: int
    mandate_id: int
    customer_id: int
    invoice_number: str
    batch_id: int
    amount: Decimal  # EUR
    sequence: SequenceType
    collection_date: date


class Mandates(Protocol):
    def add(self, company_id: int, customer_id: int, mandate: Mandate) -> Mandate: ...
    def get(self, company_id: int, reference: str) -> Mandate | None: ...
    def for_company(self, company_id: int) -> list[Mandate]: ...
    def mark_collected(self, company_id: int, mandate_id: int, on: date) -> None: ...
    def revoke(self, company_id: int, reference: str, on: date) -> bool: ...


class DirectDebits(Protocol):
    def count(self, company_id: int) -> int: ...
    def save(self, company_id: int, batch: DebitBatch, content: bytes) -> int: ...
    def item_by_end_to_end(self, company_id: int, end_to_end_id: str) -> DebitRef | None: ...
    def collected(self, company_id: int, invoice_ids: Sequence[int]) -> set[int]: ...


class OpenDisputes(Protocol):
    def open_for(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Dispute]: ...


class DirectDebitUnitOfWork(UnitOfWork, Protocol):
    @property
    def mandates(self) -> Mandates: ...
    @property
    def direct_debits(self) -> DirectDebits: ...
    @property
    def disputes(self) -> OpenDisputes: ...


@dataclass(frozen=True, slots=True)
class Exported:
    """The outcome of an export: the file (None when there was nothing to collect)."""

    content: bytes | None
    message_id: str | None
    collection_date: date
    scheme: Scheme
    debits: tuple[Debit, ...]
    left_out: Mapping[str, int]  # reason -> number of invoices

    @property
    def count(self) -> int:
        return len(self.debits)

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.debits), Decimal(0))

    def by_sequence(self) -> dict[SequenceType, tuple[int, Decimal]]:
        """Number and total of the debits per sequence type (FRST, RCUR)."""
        result: dict[SequenceType, tuple[int, Decimal]] = {}
        for debit in self.debits:
            count, total = result.get(debit.sequence, (0, Decimal(0)))
            result[debit.sequence] = (count + 1, total + debit.amount)
        return result


def _company_id(company: Company) -> int:
    if company.id is None:
        raise NotFound(f"company {company.code} is not stored")
    return company.id


def add_mandate(
    uow: DirectDebitUnitOfWork,
    company: Company,
    customer_number: str,
    reference: str,
    signed_on: date,
    scheme: Scheme,
    iban: str,
    bic: str | None = None,
) -> Mandate:
    """Record a mandate the customer signed; its reference is unique per company."""
    mandate = Mandate(reference, customer_number, signed_on, scheme, iban, bic or None)
    company_id = _company_id(company)
    with uow:
        customer = uow.customers.get(company_id, customer_number)
        if customer is None or customer.id is None:
            raise NotFound(f"no customer {customer_number!r}")
        if scheme is Scheme.B2B and customer.is_consumer:
            raise RuleViolation(f"{customer.name} is a consumer: B2B is for businesses only")
        if uow.mandates.get(company_id, mandate.reference) is not None:
            raise Conflict(f"a mandate {mandate.reference} exists already")
        stored = uow.mandates.add(company_id, customer.id, mandate)
        uow.commit()
    return stored


def list_mandates(uow: DirectDebitUnitOfWork, company: Company) -> list[Mandate]:
    with uow:
        return uow.mandates.for_company(_company_id(company))


def revoke_mandate(
    uow: DirectDebitUnitOfWork, company: Company, reference: str, *, on: date
) -> None:
    """No collection under the mandate from `on`."""
    with uow:
        mandate = uow.mandates.get(_company_id(company), reference)
        if mandate is None:
            raise NotFound(f"no mandate {reference!r}")
        if on < mandate.signed_on:
            raise RuleViolation(f"mandate {reference} was signed on {mandate.signed_on}")
        uow.mandates.revoke(_company_id(company), mandate.reference, on)
        uow.commit()


def creditor_of(company: Company, creditor_id: str | None, *, iban: str | None = None) -> Creditor:
    """The company as creditor: its account (the first, or the one named) with its BIC,
    and its creditor identifier (the one given, else the company's own)."""
    creditor_id = creditor_id or company.creditor_id
    if not creditor_id:
        raise RuleViolation(
            f"company {company.code} has no SEPA creditor identifier: pass --creditor-id"
        )
    accounts = [a for a in company.bank_accounts if iban is None or a.iban == iban]
    if not accounts:
        wanted = f"account {iban}" if iban else "bank account"
        raise RuleViolation(f"company {company.code} has no {wanted} to collect on")
    account = accounts[0]
    bic = account.bic or bank_bic(account.iban)
    if bic is None:
        raise RuleViolation(f"the BIC of {account.iban} is unknown: add it to the account")
    return Creditor(company.name, account.iban, bic, creditor_id)


@dataclass(frozen=True, slots=True)
class _Candidate:
    invoice: Invoice
    customer: Customer
    mandate: Mandate

    @property
    def invoice_id(self) -> int:
        assert self.invoice.id is not None
        return self.invoice.id


def _candidates(
    uow: DirectDebitUnitOfWork, company_id: int, scheme: Scheme, *, as_of: date, on: date
) -> list[_Candidate]:
    """Open invoices due by `on` of customers with a usable mandate of the scheme."""
    by_customer: dict[str, list[Mandate]] = {}
    for mandate in uow.mandates.for_company(company_id):
        if mandate.scheme is scheme:
            by_customer.setdefault(mandate.customer_number, []).append(mandate)
    found = []
    for number, mandates in sorted(by_customer.items()):
        chosen = pick_mandate(mandates, submitted_on=as_of, collection_date=on)
        customer = uow.customers.get(company_id, number)
        if chosen is None or customer is None or customer.id is None:
            continue
        invoices = uow.invoices.search(company_id, customer_id=customer.id, open_only=True)
        found += [_Candidate(i, customer, chosen) for i in invoices if _is_due(i, on)]
    return found


def _is_due(invoice: Invoice, on: date) -> bool:
    return (
        not invoice.is_credit
        and invoice.outstanding > 0
        and invoice.due_date <= on
        and invoice.id is not None
    )


def _left_out(
    uow: DirectDebitUnitOfWork, company_id: int, found: list[_Candidate], *, on: date, days: int
) -> dict[int, str]:
    """Why an invoice is not collected, by invoice id."""
    ids = [c.invoice_id for c in found]
    reasons = dict.fromkeys(uow.disputes.open_for(company_id, ids), "disputed")
    reasons |= dict.fromkeys(uow.direct_debits.collected(company_id, ids), "collected before")
    for c in found:
        if c.invoice.currency != "EUR":
            reasons.setdefault(c.invoice_id, "not in EUR")
        elif not is_pre_notified(c.invoice.issue_date, on, days=days):
            reasons.setdefault(c.invoice_id, "not pre-notified")
    return reasons


def _end_to_end_id(sequence_number: int, invoice: Invoice) -> str:
    """B<batch>-<invoice number> when the number is SEPA-safe, else B<batch>-I<id>."""
    readable = f"B{sequence_number}-{invoice.number}"
    try:
        return check_sepa_id(readable, field="end_to_end_id")
    except InvalidValue:
        return f"B{sequence_number}-I{invoice.id}"


def _debits(chosen: list[_Candidate], sequence_number: int) -> tuple[Debit, ...]:
    """One debit per invoice; only the first under a new mandate is FRST."""
    debits = []
    firsts: set[str] = set()
    for c in chosen:
        first = c.mandate.sequence is SequenceType.FIRST and c.mandate.reference not in firsts
        firsts.add(c.mandate.reference)
        reference = c.invoice.payment_reference
        debits.append(
            Debit(
                end_to_end_id=_end_to_end_id(sequence_number, c.invoice),
                invoice_id=c.invoice_id,
                mandate=c.mandate,
                sequence=SequenceType.FIRST if first else SequenceType.RECURRING,
                amount=c.invoice.outstanding,
                debtor_name=c.customer.name,
                remittance=f"{reference} {c.invoice.number}" if reference else c.invoice.number,
            )
        )
    return tuple(debits)


def export_batch(
    uow: DirectDebitUnitOfWork,
    company: Company,
    *,
    collection_date: date,
    as_of: date,
    creditor_id: str | None,
    writer: BatchWriter,
    scheme: Scheme = Scheme.CORE,
    created_at: datetime | None = None,
    pre_notification_days: int = DEFAULT_PRE_NOTIFICATION_DAYS,
    account_iban: str | None = None,
) -> Exported:
    """Collect what is due by `collection_date` under `scheme` mandates in one file
    submitted on `as_of`; store the batch and mark FRST mandates as collected."""
    check_collection(collection_date, submitted_on=as_of, scheme=scheme)
    creditor = creditor_of(company, creditor_id, iban=account_iban)
    company_id = _company_id(company)
    with uow:
        found = _candidates(uow, company_id, scheme, as_of=as_of, on=collection_date)
        reasons = _left_out(uow, company_id, found, on=collection_date, days=pre_notification_days)
        chosen = [c for c in found if c.invoice_id not in reasons]
        left_out = dict(Counter(reasons.values()))
        if not chosen:
            return Exported(None, None, collection_date, scheme, (), left_out)
        number = uow.direct_debits.count(company_id) + 1
        batch = DebitBatch(
            message_id=f"TIJDIG-{company_id}-{number}-{collection_date:%Y%m%d}",
            created_at=created_at or datetime.combine(as_of, time(), UTC),
            collection_date=collection_date,
            scheme=scheme,
            creditor=creditor,
            debits=_debits(chosen, number),
        )
        content = _stored(uow, company_id, batch, writer)
        uow.commit()
    return Exported(content, batch.message_id, collection_date, scheme, batch.debits, left_out)


def _stored(
    uow: DirectDebitUnitOfWork, company_id: int, batch: DebitBatch, writer: BatchWriter
) -> bytes:
    content = writer(batch)
    uow.direct_debits.save(company_id, batch, content)
    for debit in batch.debits:
        if debit.sequence is SequenceType.FIRST and debit.mandate.id is not None:
            uow.mandates.mark_collected(company_id, debit.mandate.id, batch.collection_date)
    return content
