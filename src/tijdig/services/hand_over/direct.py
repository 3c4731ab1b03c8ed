"""Payments that reached the creditor directly after a hand-over (S0-7): bank payments
matched to a handed-over customer's invoices on or after the hand-over day, while the
agency has the case (not closed or returned). The agency must hear of each once:
`report_direct_payments` collects those not reported yet and marks them reported, in
one transaction (a webhook will be told the same). `direct_payments` only reads (an
API GET)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

from tijdig.domain.hand_over import DirectPayment
from tijdig.domain.parties import Company
from tijdig.services import audit
from tijdig.services.hand_over.ports import HandOverUnitOfWork

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
