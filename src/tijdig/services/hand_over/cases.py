"""Opening a hand-over case and moving its status (S0-7, S4-8).

- `open_case`: a person hands a customer over, off-policy, with a reason (`tijdig
  hand-over CUSTOMER --reason`, the workspace, the API). `open_from_step`: sending an
  approved hand-over step does the same, the policy's step being the reason.
  Either way, in one transaction: the case with its first status, the file (a ZIP,
  written once and stored: downloading it only reads), the credit hold, the audit.
- `change_status`: by hand (CLI, API, workspace); the agency's file goes through
  `agency.py`. Every change is kept with who, when and from where. A case marked
  returned ends the dunning stop; the credit hold stays until a person lifts it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from tijdig.domain.credit import ManualHold
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.hand_over import (
    CaseStatus,
    HandOverCase,
    Source,
    StatusChange,
    check_change,
)
from tijdig.domain.parties import Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection.invoice_copies import CopyRenderer
from tijdig.services.credit.status import MAX_REASON, put_on_hold
from tijdig.services.hand_over.file import gather
from tijdig.services.hand_over.ports import FileWriter, HandOverUnitOfWork

REASON_LENGTH = 1000


def _customer(uow: HandOverUnitOfWork, company: Company, number: str) -> Customer:
    assert company.id is not None
    customer = uow.customers.get(company.id, number)
    if customer is None or customer.id is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=company.code)
    return customer


def open_case(
    uow: HandOverUnitOfWork,
    writer: FileWriter,
    copies: CopyRenderer,
    company: Company,
    customer_number: str,
    *,
    reason: str,
    actor: str,
    source: Source,
    at: datetime,
    as_of: date,
    off_policy: bool = True,
) -> HandOverCase:
    """Hand the customer over on `as_of` (see the module); refused while another case
    of theirs is still with the agency, or when nothing is overdue."""
    reason = reason.strip()
    if not reason:
        raise InvalidValue("reason", Refusal.HAND_OVER_REASON)
    if len(reason) > REASON_LENGTH:
        raise InvalidValue("reason", Refusal.AT_MOST_CHARACTERS, length=REASON_LENGTH)
    assert company.id is not None
    with uow:
        customer = _customer(uow, company, customer_number)
        assert customer.id is not None
        running = [c for c in uow.hand_overs.for_customer(company.id, customer.id) if c.is_open]
        if running:
            other = running[0].reference
            raise Conflict(Refusal.HAND_OVER_OPEN, customer=customer.number, case=other)
        state = uow.run_data.customer_state(company.id, customer.id, as_of=as_of)
        if state is None:
            raise RuleViolation(Refusal.HAND_OVER_NOTHING_OPEN, customer=customer.number)
        first = StatusChange(CaseStatus.HANDED_OVER, as_of, at, actor, source, reason)
        case = uow.hand_overs.add(company.id, customer.id, HandOverCase(
            customer.number, "", as_of, reason, off_policy, history=(first,)))  # fmt: skip
        assert case.id is not None
        name, content = writer.write(gather(uow, copies, company, customer, case, state))
        uow.hand_overs.set_file(company.id, case.id, name, content)
        set_credit_hold(uow, company, customer, case, actor=actor, at=at)
        audit.record(uow, actor=actor, at=at, action="customer.hand_over", company_id=company.id,
                     customer_ids=[customer.id], subject=case.reference,
                     details=f"{source.value}: {reason}")  # fmt: skip
        uow.commit()
    return case


def set_credit_hold(
    uow: HandOverUnitOfWork,
    company: Company,
    customer: Customer,
    case: HandOverCase,
    *,
    actor: str,
    at: datetime,
) -> None:
    """Stop deliveries: a hold by hand in the case's name, announced to the webhooks at
    once. While the agency has the case the rule "handed over" holds too; the hold by
    hand outlives a case returned, until a person lifts it (`tijdig credit lift`). A hold
    by hand already running is left as it is."""
    assert company.id is not None and customer.id is not None
    if uow.credit.active_hold(company.id, customer.id) is not None:
        return
    why = f"{case.reference}: {case.reason}"[:MAX_REASON]
    put_on_hold(uow, company, customer.id, customer.number,
                ManualHold(why, actor, case.opened_on), at=at)  # fmt: skip


def find_case(uow: HandOverUnitOfWork, company: Company, key: str) -> HandOverCase:
    """A case by its reference, or the latest case of the customer numbered `key`."""
    assert company.id is not None
    case = uow.hand_overs.get(company.id, key)
    if case is not None:
        return case
    customer = uow.customers.get(company.id, key)
    cases = [] if customer is None or customer.id is None else (
        uow.hand_overs.for_customer(company.id, customer.id))  # fmt: skip
    if not cases:
        raise NotFound(Refusal.HAND_OVER_CASE_UNKNOWN, case=key)
    return cases[0]


def change_status(
    uow: HandOverUnitOfWork,
    company: Company,
    key: str,
    status: CaseStatus,
    *,
    actor: str,
    source: Source,
    at: datetime,
    on: date,
    note: str = "",
) -> tuple[HandOverCase, bool]:
    """Give the case (by reference, or the customer's latest) `status` from `on`; the
    case as it is now, and whether anything changed (the status it has: nothing)."""
    assert company.id is not None
    with uow:
        case = find_case(uow, company, key)
        changed = apply_status(uow, company, case, StatusChange(status, on, at, actor, source,
                                                                note.strip()))  # fmt: skip
        uow.commit()
        found = uow.hand_overs.get(company.id, case.reference)
    assert found is not None
    return found, changed


def apply_status(
    uow: HandOverUnitOfWork, company: Company, case: HandOverCase, change: StatusChange
) -> bool:
    """Record `change` on `case` in the caller's transaction, audited; False when the case
    has that status already."""
    assert company.id is not None and case.id is not None
    if not check_change(case, change.status):
        return False
    uow.hand_overs.set_status(company.id, case.id, change)
    customer_id = uow.hand_overs.customer_of(company.id, case.id)
    audit.record(uow, actor=change.actor, at=change.at, action="hand_over.status",
                 company_id=company.id, customer_ids=[customer_id], subject=case.reference,
                 details=f"{case.status.value} -> {change.status.value} ({change.source.value}"
                         f", from {change.on})")  # fmt: skip
    return True


def cases_of(
    uow: HandOverUnitOfWork, company: Company, customer_number: str | None = None
) -> list[HandOverCase]:
    """The company's cases (of one customer), the latest first."""
    assert company.id is not None
    with uow:
        if customer_number is None:
            return uow.hand_overs.listed(company.id)
        customer = _customer(uow, company, customer_number)
        assert customer.id is not None
        return uow.hand_overs.for_customer(company.id, customer.id)


def case_file(uow: HandOverUnitOfWork, company: Company, key: str) -> tuple[str, bytes]:
    """The case's file as written when it opened (never written again)."""
    assert company.id is not None
    with uow:
        case = find_case(uow, company, key)
        found = uow.hand_overs.file(company.id, case.reference)
    if found is None:
        raise NotFound(Refusal.HAND_OVER_CASE_UNKNOWN, case=key)
    return found


def open_from_step(
    uow_factory: Callable[[], HandOverUnitOfWork],
    writer: FileWriter,
    copies: CopyRenderer,
    company: Company,
    customer_number: str,
    *,
    step: str,
    actor: str,
    at: datetime,
    as_of: date,
) -> HandOverCase:
    """The case an approved hand-over step opens as it is carried out: its reason is the
    step's key (`off_policy` False says so)."""
    return open_case(uow_factory(), writer, copies, company, customer_number,
                     reason=step, actor=actor, source=Source.POLICY, at=at,
                     as_of=as_of, off_policy=False)  # fmt: skip
