"""Announcing direct debits (S1-2): one collection per mandate and date, and its
pre-notification to the debtor through the outbox.

`notify_collections` takes, for every customer with a usable mandate of the scheme,
the open EUR invoices due by the collection date that no other collection holds and
no dispute holds back, as one collection: one mandate, one date, one amount. In one
transaction it stores the collection and queues its notice (an e-mail with the
amount, the date, the mandate reference and the creditor identifier, and the
invoices) under the idempotency key `sepa-pre-notification-<company>-<mandate>-
<date>-<n>`; `tijdig send` sends it. The export (debit_batches.py) collects it only
once the notice was sent in time (EPC SDD rulebooks, PT-04.02).

A mandate is left out, with the reason, when the date lies within its notice period
(14 calendar days unless the debtor agreed another), when it is revoked or used up,
when it already has a collection on that date (invoices that fell due since wait for
a later date), when it is one-off or marked last and has a collection planned, or
when the customer has no e-mail address. Collections planned for a date already past
and never presented are first cancelled as expired, which frees their invoices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol

from tijdig.domain.debit_collections import (
    CollectionInvoice,
    CollectionStatus,
    PlannedCollection,
    PreNotification,
    Reason,
    choose_invoices,
    plan_problem,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import Invoice
from tijdig.domain.mandates import Creditor, Mandate, Scheme, check_collection, pick_mandate
from tijdig.domain.parties import Company, Customer
from tijdig.services.collection.messages import email_of
from tijdig.services.direct_debit.direct_debit import (
    DirectDebitUnitOfWork,
    audit_collections,
    company_id_of,
    creditor_of,
)
from tijdig.services.outbox import DeliveryChannel

PLANNED = CollectionStatus.PLANNED


@dataclass(frozen=True, slots=True)
class NoticeMessage:
    subject: str
    text: str
    html: str | None = None


class NoticeRenderer(Protocol):
    def render(
        self, notice: PreNotification, *, company: Company, customer: Customer
    ) -> NoticeMessage: ...


@dataclass(frozen=True, slots=True)
class Notified:
    """What `notify_collections` did: the collections announced, the mandates left out
    (with why), the due invoices left out (reason code -> count), and the collections
    cancelled because their date passed without a file."""

    collection_date: date
    planned: tuple[PlannedCollection, ...]
    skipped: tuple[Reason, ...]
    left_out: Mapping[str, int]
    expired: tuple[PlannedCollection, ...] = ()


@dataclass(frozen=True, slots=True)
class _Context:
    company: Company
    company_id: int
    creditor: Creditor
    renderer: NoticeRenderer
    on: date
    as_of: date
    now: datetime
    zone: tzinfo


def notify_collections(
    uow: DirectDebitUnitOfWork,
    company: Company,
    renderer: NoticeRenderer,
    *,
    collection_date: date,
    as_of: date,
    now: datetime,
    zone: tzinfo,
    actor: str,
    creditor_id: str | None = None,
    scheme: Scheme = Scheme.CORE,
) -> Notified:
    """Plan the collections on `collection_date` under `scheme` mandates and queue their
    notices, announced on `as_of` (the business day in `zone`; `now` dates the messages).
    Audited as `debit.notify`, per customer planned for or whose plan expired."""
    check_collection(collection_date, submitted_on=as_of, scheme=scheme)
    creditor = creditor_of(company, creditor_id)
    ctx = _Context(company, company_id_of(company), creditor, renderer, collection_date, as_of,
                   now, zone)  # fmt: skip
    with uow:
        expired = _expire(uow, ctx)
        planned, skipped, left_out = _plan_all(uow, ctx, scheme)
        audit_collections(uow, ctx.company_id, [*expired, *planned], actor=actor, at=now,
                          action="debit.notify",
                          subject=f"collections on {collection_date}")  # fmt: skip
        uow.commit()
    return Notified(collection_date, tuple(planned), tuple(skipped), dict(left_out), expired)


def _plan_all(
    uow: DirectDebitUnitOfWork, ctx: _Context, scheme: Scheme
) -> tuple[list[PlannedCollection], list[Reason], Counter[str]]:
    """Every customer's collection under a mandate of the scheme, or why not."""
    planned: list[PlannedCollection] = []
    skipped: list[Reason] = []
    left_out: Counter[str] = Counter()
    live = [
        *uow.debit_collections.search(ctx.company_id, zone=ctx.zone, statuses=(PLANNED,)),
        *uow.debit_collections.search(ctx.company_id, zone=ctx.zone, on=ctx.on,
                                      statuses=(CollectionStatus.PRESENTED,)),
    ]  # fmt: skip
    for customer, mandates in _by_customer(uow, ctx.company_id, scheme):
        invoices, why = _due_invoices(uow, ctx, customer)
        left_out.update(why.values())
        if not invoices:
            continue
        result = _plan_one(uow, ctx, customer, mandates, invoices, live)
        if isinstance(result, PlannedCollection):
            planned.append(result)
        else:
            skipped.append(result)
    return planned, skipped, left_out


def _expire(uow: DirectDebitUnitOfWork, ctx: _Context) -> tuple[PlannedCollection, ...]:
    """Cancel collections planned for a day before today that no file took."""
    stale = uow.debit_collections.search(
        ctx.company_id, zone=ctx.zone, before=ctx.as_of, statuses=(PLANNED,)
    )
    for collection in stale:
        assert collection.id is not None
        reason = Reason("expired", {"mandate": collection.mandate.reference,
                                    "customer": collection.mandate.customer_number,
                                    "date": collection.collection_date.isoformat()})  # fmt: skip
        uow.debit_collections.cancel(collection.id, reason)
    return tuple(stale)


def _by_customer(
    uow: DirectDebitUnitOfWork, company_id: int, scheme: Scheme
) -> Iterable[tuple[Customer, list[Mandate]]]:
    """Each customer with a mandate of the scheme, with those mandates."""
    by_number: dict[str, list[Mandate]] = {}
    for mandate in uow.mandates.for_company(company_id):
        if mandate.scheme is scheme:
            by_number.setdefault(mandate.customer_number, []).append(mandate)
    for number, mandates in sorted(by_number.items()):
        customer = uow.customers.get(company_id, number)
        if customer is not None and customer.id is not None:
            yield customer, mandates


def _due_invoices(
    uow: DirectDebitUnitOfWork, ctx: _Context, customer: Customer
) -> tuple[tuple[Invoice, ...], dict[str, str]]:
    invoices = uow.invoices.search(ctx.company_id, customer_id=customer.id, open_only=True)
    ids = [i.id for i in invoices if i.id is not None]
    busy = uow.debit_collections.busy_invoices(ctx.company_id, ids)
    disputed = uow.disputes.open_for(ctx.company_id, ids)
    return choose_invoices(invoices, collection_date=ctx.on, busy=busy, disputed=disputed)


def _plan_one(
    uow: DirectDebitUnitOfWork,
    ctx: _Context,
    customer: Customer,
    mandates: list[Mandate],
    invoices: tuple[Invoice, ...],
    live: list[PlannedCollection],
) -> PlannedCollection | Reason:
    """The customer's collection on the date, stored with its notice queued; or why not."""
    mandate = pick_mandate(mandates, submitted_on=ctx.as_of, collection_date=ctx.on)
    chosen = mandate or max(mandates, key=lambda m: (m.signed_on, m.id or 0))
    problem = plan_problem(chosen, collection_date=ctx.on, notify_on=ctx.as_of)
    problem = problem or _taken(chosen, invoices, [c for c in live if c.mandate.id == chosen.id],
                                on=ctx.on)  # fmt: skip
    recipient = email_of(customer)
    if problem is None and not recipient:
        problem = Reason("no_email", _names(chosen))
    if problem is not None:
        return problem
    assert recipient is not None
    try:
        collection = _collection(uow, ctx, chosen, invoices)
    except InvalidValue as error:
        return Reason("invalid", _names(chosen, field=error.field, error=error.reason))
    return _store(uow, ctx, customer, collection, recipient)


def _names(mandate: Mandate, **more: str) -> dict[str, str]:
    return {"mandate": mandate.reference, "customer": mandate.customer_number, **more}


def _taken(
    mandate: Mandate, invoices: tuple[Invoice, ...], live: list[PlannedCollection], *, on: date
) -> Reason | None:
    """One collection per mandate and date; one at all under a one-off or last mandate."""
    numbers = ", ".join(i.number for i in invoices)
    for collection in live:
        if collection.collection_date == on:
            return Reason("already_planned", _names(mandate, date=on.isoformat(), invoices=numbers))
        if (mandate.one_off or mandate.final) and collection.status is CollectionStatus.PLANNED:
            day = collection.collection_date.isoformat()
            return Reason("last_planned", _names(mandate, date=day, invoices=numbers))
    return None


def _collection(
    uow: DirectDebitUnitOfWork, ctx: _Context, mandate: Mandate, invoices: tuple[Invoice, ...]
) -> PlannedCollection:
    assert mandate.id is not None
    number = uow.debit_collections.count_for(ctx.company_id, mandate.id, ctx.on) + 1
    key = f"sepa-pre-notification-{ctx.company_id}-{mandate.id}-{ctx.on:%Y%m%d}-{number}"
    lines = tuple(
        CollectionInvoice(
            i.id, i.number, i.issue_date, i.due_date, i.outstanding, i.payment_reference
        )
        for i in invoices
        if i.id is not None
    )
    return PlannedCollection(mandate, ctx.on, lines, ctx.creditor.creditor_id, key, ctx.as_of)


def _store(
    uow: DirectDebitUnitOfWork,
    ctx: _Context,
    customer: Customer,
    collection: PlannedCollection,
    recipient: str,
) -> PlannedCollection:
    assert customer.id is not None
    stored = uow.debit_collections.add(ctx.company_id, customer.id, collection)
    notice = PreNotification(
        ctx.creditor.name, ctx.creditor.creditor_id, collection.mandate.reference,
        collection.mandate.scheme, collection.mandate.iban, ctx.on, collection.invoices,
    )  # fmt: skip
    message = ctx.renderer.render(notice, company=ctx.company, customer=customer)
    outbox_id = uow.outbox.enqueue(
        key=collection.notice_key, company_id=ctx.company_id, channel=DeliveryChannel.EMAIL,
        recipient=recipient, subject=message.subject, text=message.text, html=message.html,
        customer_id=customer.id, created_at=ctx.now,
    )  # fmt: skip
    assert stored.id is not None
    uow.debit_collections.link_notice(stored.id, outbox_id)
    return stored
