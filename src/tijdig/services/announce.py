"""What other systems must hear once payments are booked or a day has passed: each change
of a customer's credit status (`credit.status.refresh_credit_statuses`) and each payment
that reached the creditor itself after a hand-over (`hand_over.direct
.announce_direct_payments`), queued for the company's webhooks. The day's run, a bank
import and a payment booked in the workspace all call `announce_changes`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tijdig.domain.parties import Company
from tijdig.services.credit.status import Refreshed, refresh_credit_statuses
from tijdig.services.hand_over.direct import announce_direct_payments
from tijdig.services.hand_over.ports import DirectPaymentsUnitOfWork


@dataclass(frozen=True, slots=True)
class Announced:
    credit: Refreshed
    direct_payments: int  # direct payments announced to the agency's webhooks

    @property
    def anything(self) -> bool:
        return bool(self.credit.changes or self.direct_payments)


def announce_changes(
    uow: DirectPaymentsUnitOfWork, company: Company, *, as_of: date, actor: str, at: datetime
) -> Announced:
    """The credit statuses on `as_of`, then the direct payments; each in its own
    transaction, each audited when it announced anything."""
    credit = refresh_credit_statuses(uow, company, as_of=as_of, actor=actor, at=at)
    direct = announce_direct_payments(uow, company, actor=actor, at=at)
    return Announced(credit, direct)
