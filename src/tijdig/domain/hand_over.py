"""A hand-over to a collection agency (S0-7, S4-8): the case, its status and history,
and what the agency reports.

A case is opened when an approved hand-over step is sent, or off-policy by a person
(`tijdig hand-over`, the workspace). While a case is not returned, dunning stops for
the customer; a case marked returned gives the customer back to the policy. The
statuses follow each other as `NEXT` allows; giving a case the status it has is no
change (so an agency's file read twice changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.errors import RuleViolation
from tijdig.domain.refusals import Refusal


class CaseStatus(StrEnum):
    HANDED_OVER = "handed_over"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    PAID = "paid"
    CLOSED = "closed"
    RETURNED = "returned"


S = CaseStatus
# What may follow each status. Closed and returned are final: a new hand-over opens a
# new case. Paid may go back to in progress (the agency's payment bounced).
NEXT: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.HANDED_OVER: frozenset({S.ACCEPTED, S.IN_PROGRESS, S.PAID, S.CLOSED, S.RETURNED}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.PAID, S.CLOSED, S.RETURNED}),
    S.IN_PROGRESS: frozenset({S.PAID, S.CLOSED, S.RETURNED}),
    S.PAID: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.CLOSED: frozenset(),
    S.RETURNED: frozenset(),
}


class Source(StrEnum):
    """Where a status change came from."""

    POLICY = "policy"  # the approved hand-over step was sent
    CLI = "cli"
    API = "api"
    WORKSPACE = "workspace"
    AGENCY_FILE = "agency_file"  # the agency's status file


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One step of a case's history: who set which status when, from where."""

    status: CaseStatus
    on: date  # the day the status holds from (the agency's date in its file)
    at: datetime  # when it was recorded
    actor: str
    source: Source
    note: str = ""


@dataclass(frozen=True, slots=True)
class HandOverCase:
    customer_number: str
    reference: str
    opened_on: date
    reason: str  # why: the policy step, or a person's words (off-policy)
    off_policy: bool
    status: CaseStatus = CaseStatus.HANDED_OVER
    history: tuple[StatusChange, ...] = ()
    id: int | None = None

    @property
    def stops_dunning(self) -> bool:
        """Dunning stays stopped until the agency gives the case back."""
        return self.status is not CaseStatus.RETURNED

    @property
    def is_open(self) -> bool:
        """Still with the agency: a new hand-over waits until it is closed or returned."""
        return self.status not in (CaseStatus.CLOSED, CaseStatus.RETURNED)


def check_change(case: HandOverCase, status: CaseStatus) -> bool:
    """True when `status` is a change for `case`; False when it has it already; refused
    when it may not follow the case's status."""
    if status is case.status:
        return False
    if status not in NEXT[case.status]:
        raise RuleViolation(
            Refusal.HAND_OVER_STATUS, case=case.reference, current=case.status.value,
            status=status.value,
        )  # fmt: skip
    return True


def case_reference(case_id: int) -> str:
    """The reference the agency quotes: HO and the case's number."""
    return f"HO{case_id:06d}"


@dataclass(frozen=True, slots=True)
class AgencyPayment:
    """A payment the agency collected and reports, by its own unique reference."""

    case_reference: str
    reference: str
    paid_on: date
    amount: Decimal
    currency: str = "EUR"


@dataclass(frozen=True, slots=True)
class AgencyStatus:
    """A status the agency reports for a case, holding from `on`."""

    case_reference: str
    status: CaseStatus
    on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class DirectPayment:
    """A payment that reached the creditor itself after the hand-over: the agency must
    hear of it."""

    payment_id: int
    case_reference: str
    customer_number: str
    paid_on: date
    amount: Decimal
    currency: str
    reference: str | None
    invoices: tuple[str, ...]
