"""A dispute's case (S3-2, S0-3): opened with its owner (a department and, optionally,
a user of the company), a deadline in the owner's agenda and the invoice lines it
concerns; closed by its outcome, with the outcome's effect.

The invoice is held as a whole while the dispute is open (S3-2 holds "the invoice,
and only that invoice"): the lines only record which part the customer disputes, and
their amount, for the people who decide and for a hand-over.

Outcomes, each closing the dispute (collection of what is then open resumes),
audited as `dispute.outcome` and written to the customer's contact log (the timeline):
- a credit note: an imported one linked by its number, or an amount recorded as a
  credit note stored as an imported one is; set off against the invoice (an
  allocation), so what is open on the invoice goes down by it;
- a corrected invoice: the original is credited in full (a credit note for what is
  open on it, set off), and the corrected invoice, imported or recorded with its
  number, amount and due date, replaces it: collection goes on with the new one;
- rejected: the explanation goes to the customer by e-mail in their language
  (queued in the outbox; `tijdig send` sends it);
- a payment plan (services/plans) covering the invoice: linked; the plan holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tijdig.domain.collection.internal import Department, OutcomeKind
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    Dispute,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection.messages import email_of
from tijdig.services.outbox import DeliveryChannel
from tijdig.services.records.case_ports import (
    CasesUnitOfWork,
    Closing,
    DisputeCase,
    DisputeLetters,
    LedgerItem,
    Rejection,
)
from tijdig.services.records.disputes import audit_opened, hold_invoice
from tijdig.services.records.ports import company_id_of

INVOICE, CREDIT_NOTE = "invoice", "credit_note"
MAX_EXPLANATION = 4000


@dataclass(frozen=True, slots=True)
class Ownership:
    """Who decides a dispute, and by when; and the invoice lines it concerns."""

    department: Department | None = None
    owner: str | None = None  # a user's name
    deadline: date | None = None
    lines: tuple[int, ...] = ()  # the lines' numbers on the invoice, from 1


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a dispute ends. `number`: the credit note's (linked or recorded) or the
    corrected invoice's; `amount` and `due_on` to record one not imported."""

    kind: OutcomeKind
    number: str | None = None
    amount: Decimal | None = None
    due_on: date | None = None
    explanation: str = ""
    plan_id: int | None = None


def _check_owner(uow: CasesUnitOfWork, company: Company, owner: str | None) -> str | None:
    if owner is None or not owner.strip():
        return None
    user = uow.users.by_username(owner.strip().lower())
    if user is None or not user.active or not user.sees(company_id_of(company)):
        raise InvalidValue("owner", Refusal.NOT_A_COMPANY_USER, user=owner, company=company.code)
    return user.username


def _of_customer(uow: CasesUnitOfWork, company_id: int, number: str, customer: str) -> None:
    """Refuse an invoice of another customer than the one whose page it was chosen on."""
    item = uow.dispute_cases.item(company_id, INVOICE, number)
    if item is not None and item.customer_number != customer:
        raise InvalidValue("invoice", Refusal.NUMBER_OF_OTHER_CUSTOMER, number=number,
                           customer=item.customer_number, own=customer)  # fmt: skip


def _line_ids(
    uow: CasesUnitOfWork, invoice_id: int, number: str, seqs: tuple[int, ...]
) -> list[int]:
    by_seq = {line.seq: line.line_id for line in uow.dispute_cases.invoice_lines(invoice_id)}
    for seq in seqs:
        if seq not in by_seq:
            raise InvalidValue("lines", Refusal.NO_INVOICE_LINE, invoice=number, line=seq)
    return [by_seq[seq] for seq in sorted(set(seqs))]


def open_case(
    uow: CasesUnitOfWork,
    company: Company,
    invoice_number: str,
    reason_code: ReasonCode,
    *,
    note: str = "",
    ownership: Ownership = Ownership(),
    of_customer: str | None = None,
    as_of: date,
    actor: str,
    at: datetime,
) -> DisputeCase:
    """Hold this invoice, and only this one, until the dispute's outcome; owned by a
    department (and a person), with a task in the agenda due on its deadline, and the
    invoice lines it concerns. From a customer's page (`of_customer`), an invoice of
    another customer is refused. Audited as `dispute.open`."""
    company_id = company_id_of(company)
    own = ownership
    if own.deadline is not None and own.deadline < as_of:
        raise InvalidValue("deadline", Refusal.DEADLINE_BEFORE_OPENED, deadline=own.deadline,
                           opened=as_of)  # fmt: skip
    if (own.deadline is not None or own.owner) and own.department is None:
        raise InvalidValue("department", Refusal.IS_EMPTY)
    dispute = Dispute(invoice_number, reason_code, as_of, note, None, own.department,
                      own.owner, own.deadline, own.lines)  # fmt: skip
    with uow:
        owner = _check_owner(uow, company, own.owner)
        if of_customer is not None:
            _of_customer(uow, company_id, invoice_number, of_customer)
        customer_id = hold_invoice(uow, company_id, dispute, None)
        ref = uow.dispute_cases.item(company_id, INVOICE, invoice_number)
        assert ref is not None  # hold_invoice found it
        dispute_id = uow.dispute_cases.open_dispute_id(company_id, ref.id)
        assert dispute_id is not None
        uow.dispute_cases.add_lines(dispute_id, _line_ids(uow, ref.id, invoice_number, own.lines))
        task_id = None
        if own.deadline is not None and own.department is not None:
            title = reason(Code.TASK_DISPUTE_DEADLINE, invoice=invoice_number,
                           department=own.department.value)  # fmt: skip
            task = Task(ref.customer_number, TaskKind.FOLLOW_UP, own.deadline, title,
                        assignee=owner, reasons=(title,))  # fmt: skip
            task_id = uow.tasks.add(company_id, customer_id, task)
        uow.dispute_cases.set_owner(dispute_id, own.department, owner, own.deadline, task_id)
        audit_opened(uow, company_id, customer_id, dispute, actor=actor, at=at)
        found = uow.dispute_cases.case(company_id, dispute_id)
        uow.commit()
    assert found is not None
    return found


def find_case(
    uow: CasesUnitOfWork,
    company: Company,
    *,
    dispute_id: int | None = None,
    invoice_number: str | None = None,
) -> DisputeCase:
    """A dispute by its id, or the open one on an invoice. Writes nothing."""
    with uow:
        return _case(uow, company, dispute_id, invoice_number)


def cases_by_id(
    uow: CasesUnitOfWork, company: Company, dispute_ids: list[int]
) -> dict[int, DisputeCase]:
    """The cases of these disputes (a page of a list), by id. Writes nothing."""
    with uow:
        return uow.dispute_cases.cases(company_id_of(company), dispute_ids)


def _case(
    uow: CasesUnitOfWork, company: Company, dispute_id: int | None, invoice_number: str | None
) -> DisputeCase:
    company_id = company_id_of(company)
    if dispute_id is None and invoice_number is not None:
        item = uow.dispute_cases.item(company_id, INVOICE, invoice_number)
        dispute_id = (
            None if item is None else uow.dispute_cases.open_dispute_id(company_id, item.id)
        )
        if dispute_id is None:
            raise NotFound(Refusal.NO_OPEN_DISPUTE, invoice=invoice_number)
    if dispute_id is None:
        raise NotFound(Refusal.NO_DISPUTE_NAMED)
    found = uow.dispute_cases.case(company_id, dispute_id)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="dispute", key=dispute_id, company=company.code)
    return found


def close_case(
    uow: CasesUnitOfWork,
    letters: DisputeLetters,
    company: Company,
    outcome: Outcome,
    *,
    dispute_id: int | None = None,
    invoice_number: str | None = None,
    as_of: date,
    actor: str,
    at: datetime,
) -> DisputeCase:
    """Record the dispute's outcome with its effect, and close it as of `as_of`."""
    company_id = company_id_of(company)
    with uow:
        case = _case(uow, company, dispute_id, invoice_number)
        if case.resolved_on is not None:
            raise Conflict(Refusal.DISPUTE_RESOLVED, invoice=case.invoice.number,
                           on=case.resolved_on)  # fmt: skip
        if as_of < case.opened_on:
            raise RuleViolation(Refusal.OUTCOME_DAY_BEFORE_OPENED, opened=case.opened_on,
                                day=as_of)  # fmt: skip
        closing, details = _effect(uow, letters, company, case, outcome, as_of, at)
        uow.dispute_cases.close(company_id, case.id, closing)
        _close_task(uow, company_id, case, outcome.kind, as_of)
        _log(uow, company_id, case, outcome.kind, actor, at)
        audit.record(uow, actor=actor, at=at, action="dispute.outcome", company_id=company_id,
                     customer_ids=[case.invoice.customer_id],
                     subject=f"invoice {case.invoice.number}",
                     details=f"{outcome.kind.value} on {as_of}{details}")  # fmt: skip
        found = uow.dispute_cases.case(company_id, case.id)
        uow.commit()
    assert found is not None
    return found


def _close_task(
    uow: CasesUnitOfWork, company_id: int, case: DisputeCase, kind: OutcomeKind, on: date
) -> None:
    if case.task_id is None:
        return
    task = uow.tasks.get(company_id, case.task_id)
    if task is not None and task.done_on is None:
        uow.tasks.complete(company_id, case.task_id, kind.value, on)


def _log(
    uow: CasesUnitOfWork, company_id: int, case: DisputeCase, kind: OutcomeKind, actor: str,
    at: datetime,
) -> None:  # fmt: skip
    said = reason(Code.DISPUTE_OUTCOME, invoice=case.invoice.number, outcome=kind.value)
    event = ContactEvent(case.invoice.customer_number, ContactKind.NOTE, at, said, by=actor,
                         outcome=kind.value, reason=case.reason)  # fmt: skip
    uow.contact_log.add(company_id, case.invoice.customer_id, event)


def _effect(
    uow: CasesUnitOfWork, letters: DisputeLetters, company: Company, case: DisputeCase,
    outcome: Outcome, on: date, at: datetime,
) -> tuple[Closing, str]:  # fmt: skip
    kind = outcome.kind
    if kind is OutcomeKind.CREDIT_NOTE:
        credit = _credit(uow, company, case, outcome, on)
        return Closing(kind, on, credit_note_id=credit.id), f", credit note {credit.number}"
    if kind is OutcomeKind.CORRECTED_INVOICE:
        credit_id, corrected = _correct(uow, company, case, outcome, on)
        return (Closing(kind, on, credit_note_id=credit_id, replacement_id=corrected.id),
                f", replaced by invoice {corrected.number}")  # fmt: skip
    if kind is OutcomeKind.REJECTED:
        outbox_id, text = _reject(uow, letters, company, case, outcome, on, at)
        return Closing(kind, on, explanation=text, outbox_id=outbox_id), ", explanation queued"
    plan_id = _plan(uow, company, case, outcome)
    return Closing(kind, on, plan_id=plan_id), f", plan {plan_id}"


def _same_customer(item: LedgerItem, case: DisputeCase) -> None:
    if item.customer_id != case.invoice.customer_id:
        raise RuleViolation(
            Refusal.NUMBER_OF_OTHER_CUSTOMER, number=item.number,
            customer=item.customer_number, own=case.invoice.customer_number,
        )  # fmt: skip


def _other_kind(uow: CasesUnitOfWork, company_id: int, kind: str, number: str) -> None:
    other = CREDIT_NOTE if kind == INVOICE else INVOICE
    if uow.dispute_cases.item(company_id, other, number) is not None:
        raise RuleViolation(Refusal.NUMBER_IS_OTHER_KIND, number=number, expected=kind)


def _positive(amount: Decimal | None, needs: str) -> Decimal:
    if amount is None:
        raise InvalidValue("amount", Refusal.OUTCOME_NEEDS, needs=needs)
    if amount <= 0:
        raise InvalidValue("amount", Refusal.MORE_THAN_ZERO)
    return amount


def _credit(
    uow: CasesUnitOfWork, company: Company, case: DisputeCase, outcome: Outcome, on: date
) -> LedgerItem:
    """The credit note linked or recorded, set off against the invoice."""
    company_id = company_id_of(company)
    number = (outcome.number or "").strip() or f"{case.invoice.number}-C{case.id}"
    credit = uow.dispute_cases.item(company_id, CREDIT_NOTE, number)
    if credit is None:
        if outcome.number and outcome.amount is None:
            _other_kind(uow, company_id, CREDIT_NOTE, number)
            raise NotFound(Refusal.NOT_FOUND, thing="credit note", key=number)
        amount = _positive(outcome.amount, "credit")
        _other_kind(uow, company_id, CREDIT_NOTE, number)
        uow.dispute_cases.book(company_id, case.invoice.customer_id, kind=CREDIT_NOTE,
                               number=number, issued=on, due=on, amount=amount,
                               currency=case.invoice.currency)  # fmt: skip
        credit = uow.dispute_cases.item(company_id, CREDIT_NOTE, number)
        assert credit is not None
    _same_customer(credit, case)
    settled = min(credit.open_amount, case.invoice.open_amount)
    if settled <= 0 or credit.currency != case.invoice.currency:
        raise RuleViolation(Refusal.NOTHING_TO_SET_OFF, number=number, invoice=case.invoice.number)
    uow.dispute_cases.set_off(company_id, case.invoice.id, credit.id, settled, on)
    return credit


def _correct(
    uow: CasesUnitOfWork, company: Company, case: DisputeCase, outcome: Outcome, on: date
) -> tuple[int | None, LedgerItem]:
    """Credit the original in full and link (or record) the corrected invoice."""
    company_id = company_id_of(company)
    number = (outcome.number or "").strip()
    if not number:
        raise InvalidValue("number", Refusal.OUTCOME_NEEDS, needs="corrected")
    if number == case.invoice.number:
        raise RuleViolation(Refusal.CORRECTED_IS_ORIGINAL, invoice=number)
    corrected = uow.dispute_cases.item(company_id, INVOICE, number)
    if corrected is None:
        _other_kind(uow, company_id, INVOICE, number)
        amount = _positive(outcome.amount, "corrected")
        if outcome.due_on is None:
            raise InvalidValue("due_on", Refusal.OUTCOME_NEEDS, needs="corrected")
        if outcome.due_on < on:
            raise InvalidValue("due_on", Refusal.BEFORE, day=outcome.due_on, first=on)
        uow.dispute_cases.book(company_id, case.invoice.customer_id, kind=INVOICE, number=number,
                               issued=on, due=outcome.due_on, amount=amount,
                               currency=case.invoice.currency)  # fmt: skip
        corrected = uow.dispute_cases.item(company_id, INVOICE, number)
        assert corrected is not None
    _same_customer(corrected, case)
    credit_id = None
    if case.invoice.open_amount > 0:
        credit_number = f"{case.invoice.number}-C{case.id}"
        _other_kind(uow, company_id, CREDIT_NOTE, credit_number)
        credit_id = uow.dispute_cases.book(
            company_id, case.invoice.customer_id, kind=CREDIT_NOTE, number=credit_number,
            issued=on, due=on, amount=case.invoice.open_amount, currency=case.invoice.currency,
        )  # fmt: skip
        uow.dispute_cases.set_off(company_id, case.invoice.id, credit_id,
                                  case.invoice.open_amount, on)  # fmt: skip
    return credit_id, corrected


def _reject(
    uow: CasesUnitOfWork, letters: DisputeLetters, company: Company, case: DisputeCase,
    outcome: Outcome, on: date, at: datetime,
) -> tuple[int, str]:  # fmt: skip
    """Queue the explanation to the customer, by e-mail in their language."""
    text = outcome.explanation.strip()
    if not text:
        raise InvalidValue("explanation", Refusal.OUTCOME_NEEDS, needs="explanation")
    if len(text) > MAX_EXPLANATION:
        raise InvalidValue("explanation", Refusal.AT_MOST_CHARACTERS, length=MAX_EXPLANATION)
    company_id = company_id_of(company)
    customer = uow.customers.get(company_id, case.invoice.customer_number)
    if customer is None:
        raise NotFound(Refusal.NOT_FOUND, thing="customer", key=case.invoice.customer_number)
    email = email_of(customer)
    if not email:
        raise RuleViolation(Refusal.NO_EMAIL_FOR_EXPLANATION, customer=customer.number)
    rejection = Rejection(case.invoice.number, case.opened_on, on, text)
    rendered = letters.render(rejection, company=company, customer=customer)
    outbox_id = uow.outbox.enqueue(
        key=rejection.key(company_id, case.id), company_id=company_id,
        channel=DeliveryChannel.EMAIL, recipient=email, subject=rendered.subject,
        text=rendered.text, html=rendered.html, customer_id=customer.id, created_at=at,
    )  # fmt: skip
    return outbox_id, text


def _plan(uow: CasesUnitOfWork, company: Company, case: DisputeCase, outcome: Outcome) -> int:
    if outcome.plan_id is None:
        raise InvalidValue("plan", Refusal.OUTCOME_NEEDS, needs="plan")
    stored = uow.plans.get(company_id_of(company), outcome.plan_id)
    if stored is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="payment plan", key=outcome.plan_id,
                       company=company.code)  # fmt: skip
    if stored.customer_id != case.invoice.customer_id or (
        case.invoice.number not in stored.plan.invoice_numbers
    ):
        raise RuleViolation(Refusal.PLAN_NOT_COVERING, plan=stored.plan.reference or stored.plan_id,
                            invoice=case.invoice.number)  # fmt: skip
    return stored.plan_id
