"""The agency's status file (docs/formats.md): statuses that move its cases, and the
payments it collected, booked to the customer's invoices.

All or nothing: every row is checked first (the case exists, the status may follow,
a payment reference booked before has the same figures), and any problem refuses the
whole file, naming its file, line and field. Idempotent: a status the case had from
that day, and a payment whose reference was booked, change nothing, so the same file
(or one that repeats earlier rows) can be read again.

A payment is booked as a payment of the customer without a bank line, spread over the
customer's open invoices oldest first, each to its claimed costs, then interest, then
principal (art. 6:44 BW; matching's `oldest_first`); what exceeds the open amounts
stays on the payment as a credit, as an overpayment by bank does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from tijdig.domain.errors import ImportRefused
from tijdig.domain.hand_over import (
    NEXT,
    AgencyPayment,
    AgencyStatus,
    HandOverCase,
    Source,
    StatusChange,
)
from tijdig.domain.imports import ImportIssue, ImportResult
from tijdig.domain.parties import Company
from tijdig.matching.allocation import oldest_first
from tijdig.services import audit
from tijdig.services.bank.drafts import OpenChange
from tijdig.services.hand_over.cases import apply_status
from tijdig.services.hand_over.ports import BookedShare, HandOverUnitOfWork


@dataclass(frozen=True, slots=True)
class AgencyRow:
    """One row of the file: a status, a payment, or both, with where it was read."""

    file: str
    line: int
    status: AgencyStatus | None
    payment: AgencyPayment | None


@dataclass
class AgencyImport:
    statuses: int = 0  # changed
    payments: int = 0  # booked
    unchanged: int = 0  # rows already applied
    booked: list[tuple[str, str, Decimal]] = field(default_factory=list)  # case, ref, amount


def named(result: ImportResult[AgencyRow], name: str) -> ImportResult[AgencyRow]:
    """The file read under another name (an upload read from a temporary file): its
    issues and rows name `name`."""
    return replace(
        result,
        items=tuple(replace(row, file=name) for row in result.items),
        issues=tuple(replace(issue, file=name) for issue in result.issues),
    )


def import_agency_file(
    uow: HandOverUnitOfWork,
    company: Company,
    result: ImportResult[AgencyRow],
    *,
    file: str,
    actor: str,
    at: datetime,
) -> AgencyImport:
    """Book the file (see the module); ImportRefused with every issue, nothing booked."""
    assert company.id is not None
    if result.errors:
        raise ImportRefused(result.issues)
    done = AgencyImport()
    issues: list[ImportIssue] = []
    with uow:
        cases: dict[str, HandOverCase] = {}
        for row in result.items:
            case = _case(uow, company, row, cases, issues)
            if case is None:
                continue
            if row.status is not None:
                _status(uow, company, row, case, cases, done, issues, actor=actor, at=at)
            if row.payment is not None:
                _payment(uow, company, row, cases[case.reference], done, issues)
        if issues:
            raise ImportRefused(issues)
        audit.record(uow, actor=actor, at=at, action="hand_over.agency_file",
                     company_id=company.id, subject=file,
                     details=f"{done.statuses} statuses, {done.payments} payments, "
                             f"{done.unchanged} unchanged")  # fmt: skip
        uow.commit()
    return done


def _case(
    uow: HandOverUnitOfWork,
    company: Company,
    row: AgencyRow,
    cases: dict[str, HandOverCase],
    issues: list[ImportIssue],
) -> HandOverCase | None:
    assert company.id is not None
    reference = row.status.case_reference if row.status else row.payment.case_reference if (
        row.payment) else ""  # fmt: skip
    if reference not in cases:
        found = uow.hand_overs.get(company.id, reference)
        if found is None:
            issues.append(ImportIssue(row.file, f"no hand-over case {reference}", row.line,
                                      "case"))  # fmt: skip
            return None
        cases[reference] = found
    return cases[reference]


def _status(
    uow: HandOverUnitOfWork,
    company: Company,
    row: AgencyRow,
    case: HandOverCase,
    cases: dict[str, HandOverCase],
    done: AgencyImport,
    issues: list[ImportIssue],
    *,
    actor: str,
    at: datetime,
) -> None:
    status = row.status
    assert status is not None
    had = any(c.status is status.status and c.on == status.on for c in case.history)
    if had or status.status is case.status:
        done.unchanged += 1
        return
    if status.status not in NEXT[case.status]:
        issues.append(ImportIssue(
            row.file, f"case {case.reference} is {case.status.value}: it cannot become "
            f"{status.status.value}", row.line, "status"))  # fmt: skip
        return
    note = status.note or f"{row.file}, line {row.line}"
    change = StatusChange(status.status, status.on, at, actor, Source.AGENCY_FILE, note)
    apply_status(uow, company, case, change)
    cases[case.reference] = _moved(case, change)
    done.statuses += 1


def _moved(case: HandOverCase, change: StatusChange) -> HandOverCase:
    return replace(case, status=change.status, history=(*case.history, change))


def _payment(
    uow: HandOverUnitOfWork,
    company: Company,
    row: AgencyRow,
    case: HandOverCase,
    done: AgencyImport,
    issues: list[ImportIssue],
) -> None:
    assert company.id is not None and case.id is not None
    payment = row.payment
    assert payment is not None
    booked = uow.hand_overs.agency_payment(company.id, payment.reference)
    if booked is not None:
        if booked != payment:
            issues.append(ImportIssue(
                row.file, f"the agency's payment {payment.reference} was booked already with "
                "other figures", row.line, "payment_reference"))  # fmt: skip
        else:
            done.unchanged += 1
        return
    customer_id = uow.hand_overs.customer_of(company.id, case.id)
    assert customer_id is not None
    book_agency_payment(uow, company, customer_id, case, payment)
    done.payments += 1
    done.booked.append((case.reference, payment.reference, payment.amount))


def book_agency_payment(
    uow: HandOverUnitOfWork,
    company: Company,
    customer_id: int,
    case: HandOverCase,
    payment: AgencyPayment,
) -> int:
    """The payment spread over the customer's open invoices (see the module)."""
    assert company.id is not None and case.id is not None
    items = uow.bank_decisions.open_items(company.id, customer_number=case.customer_number)
    items = [row for row in items if row[2].currency == payment.currency]
    allocations, _left = oldest_first(payment.amount, [item for _, _, item in items])
    ids = {item.invoice_number: invoice_id for invoice_id, _c, item in items}
    shares = [BookedShare(ids[a.invoice_number], a.amount, a.to_costs, a.to_interest)
              for a in allocations]  # fmt: skip
    payment_id = uow.hand_overs.add_agency_payment(company.id, customer_id, case.id, payment,
                                                   shares)  # fmt: skip
    uow.matching.change_open([
        OpenChange(ids[a.invoice_number], -(a.to_principal + a.discount_taken), payment.currency)
        for a in allocations
    ])  # fmt: skip
    return payment_id
