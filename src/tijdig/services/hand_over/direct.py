"""Payments that reached the creditor directly after a hand-over (S0-7): bank payments
matched to a handed-over customer's invoices on or after the hand-over day, while the
agency has the case (not closed or returned). The agency must hear of each once:
`report_direct_payments` collects those not reported yet and marks them reported, in
one transaction. The company's webhooks hear of each once too, apart from the CSV:
`announce_direct_payments` queues a `hand_over.direct_payment` event per URL (it runs
with the credit statuses, after payments are booked and in the day's run).
`direct_payments` only reads (an API GET)."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime

from tijdig.domain.hand_over import DirectPayment
from tijdig.domain.parties import Company
from tijdig.domain.webhooks import DIRECT_PAYMENT
from tijdig.services import audit
from tijdig.services.hand_over.ports import DirectPaymentsUnitOfWork, HandOverUnitOfWork

COLUMNS = ("case", "customer", "paid_on", "amount", "currency", "reference", "invoices")


def direct_payments(
    uow: HandOverUnitOfWork, company: Company, *, since: date | None
) -> list[DirectPayment]:
    """The direct payments not reported yet (paid on or after `since`); changes nothing."""
    assert company.id is not None
    with uow:
        return uow.hand_overs.direct_unreported(company.id, since=since)


def report_direct_payments(
    uow: HandOverUnitOfWork, company: Company, *, since: date | None, actor: str, at: datetime
) -> list[DirectPayment]:
    """Collect the direct payments not reported yet and mark them reported (audited);
    the same call again finds none of them."""
    assert company.id is not None
    with uow:
        found = uow.hand_overs.direct_unreported(company.id, since=since)
        uow.hand_overs.mark_reported(company.id, found, at=at, by=actor)
        # audited even when empty: the agency was told there was nothing
        audit.record(uow, actor=actor, at=at, action="hand_over.direct_payments",
                     company_id=company.id, subject=f"{len(found)} payment(s)",
                     details=", ".join(f"{p.case_reference}: {p.amount} {p.currency}"
                                       for p in found))  # fmt: skip
        uow.commit()
    return found


def event_body(company: Company, payment: DirectPayment, *, event_id: str, at: datetime) -> str:
    """The JSON a `hand_over.direct_payment` event posts (docs/webhooks.md)."""
    data = {
        "case": payment.case_reference,
        "customer": payment.customer_number,
        "paid_on": payment.paid_on.isoformat(),
        "amount": f"{payment.amount:.2f}",
        "currency": payment.currency,
        "reference": payment.reference,
        "invoices": list(payment.invoices),
    }
    event = {"id": event_id, "type": DIRECT_PAYMENT, "created_at": at.isoformat(),
             "company": company.code, "data": data}  # fmt: skip
    return json.dumps(event, sort_keys=True, separators=(",", ":"))


def announce_direct_payments(
    uow: DirectPaymentsUnitOfWork, company: Company, *, actor: str, at: datetime
) -> int:
    """Queue one `hand_over.direct_payment` event per webhook URL for each direct payment
    not announced yet, and mark it announced, in one transaction (audited when there were
    any). The webhook outbox delivers them (`tijdig webhooks deliver`). The number of
    payments announced."""
    assert company.id is not None
    with uow:
        found = uow.hand_overs.direct_unannounced(company.id)
        if not found:
            return 0
        customers = uow.customers.ids_by_number(company.id)
        for hook in uow.webhooks.active(company.id):
            for payment in found:
                event_id = str(uuid.uuid4())
                uow.webhooks.enqueue(company.id, hook.id, event_id=event_id,
                                     kind=DIRECT_PAYMENT,
                                     customer_id=customers.get(payment.customer_number),
                                     body=event_body(company, payment, event_id=event_id, at=at),
                                     at=at)  # fmt: skip
        uow.hand_overs.mark_announced(company.id, found, at=at)
        audit.record(uow, actor=actor, at=at, action="hand_over.direct_payments.announce",
                     company_id=company.id, subject=f"{len(found)} payment(s)",
                     details=", ".join(f"{p.case_reference}: {p.amount} {p.currency}"
                                       for p in found))  # fmt: skip
        uow.commit()
    return len(found)


def as_csv(payments: Sequence[DirectPayment]) -> str:
    """The agency's CSV (docs/formats.md): `;`-separated, amounts with a decimal point."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in payments:
        writer.writerow([p.case_reference, p.customer_number, p.paid_on.isoformat(),
                         f"{p.amount:.2f}", p.currency, p.reference or "",
                         " ".join(p.invoices)])  # fmt: skip
    return out.getvalue()
