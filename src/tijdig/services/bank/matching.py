"""Matching the new bank lines of a company, and booking what matching is sure of.

The pure matcher (`tijdig.matching`) decides per line; this use case loads its ledger
once, books MATCHED lines as payments with their allocations (the invoices' open
amounts drop at once), re-opens what a return or reversal undoes (with a follow-up task),
and leaves the rest for review with the best suggestions. One line never settles what
an earlier line of the same import already settled: such a line goes to review.

A payment plan in force is a payment target (`tijdig.matching.matcher.by_plan`): a
payment that goes to the invoices a plan in force covers, by the plan's reference, a
plan instalment's amount or the invoices' own references, is booked to that plan
(`PaymentDraft.plan_id`); those payments, and no others, pay its plan instalments. One
the bank returns (reopened) is taken off its plan: its plan instalment is unpaid again. A
payment split between a plan's invoices and others is booked to no plan (a person sees
the plan judged, and can agree what now).

`import_and_match` (the `tijdig import bank` command) stores the statements, matches
their new lines before they are stored and then writes each line once, with its outcome
and payment; `match_new` matches lines stored earlier by `import_statements`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from tijdig.domain.banking import AccountBalance, BankStatement, BankTransaction
from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.matching.matcher import match
from tijdig.matching.model import Kind, Ledger, MatchOutcome, OpenItem, PaidCredit, PlanInForce
from tijdig.services import audit
from tijdig.services.bank.drafts import (
    AllocationDraft,
    BankLineStatus,
    IbanSeen,
    LineOutcome,
    NewLine,
    OpenChange,
    PaymentDraft,
)
from tijdig.services.bank.statements import (
    BankImportSummary,
    BankUnitOfWork,
    Staged,
    read_statements,
    record_imports,
    stage_statements,
)
from tijdig.services.ports import Progress, no_progress
from tijdig.services.receivables.imports import Reader
from tijdig.services.records.ports import Tasks


class MatchingData(Protocol):
    def new_lines(self, company_id: int) -> list[tuple[int, BankTransaction]]: ...
    def open_items(self, company_id: int) -> list[OpenItem]: ...
    def customers(self, company_id: int) -> list[tuple[str, str, str | None]]: ...
    def ibans(self, company_id: int) -> list[tuple[str, str]]: ...
    def paid_credits(self, company_id: int, *, since: date) -> list[PaidCredit]: ...
    def plans_in_force(self, company_id: int) -> list[tuple[int, PlanInForce]]:
        """The company's payment plans in force, each with its id."""
        ...

    def ids(
        self, company_id: int, numbers: Sequence[str] = ()
    ) -> tuple[dict[str, int], dict[str, int]]: ...
    def add_payments(self, payments: Sequence[PaymentDraft]) -> dict[int, int]: ...
    def change_open(self, changes: Sequence[OpenChange]) -> None: ...
    def unlink_from_plans(self, company_id: int, payment_ids: Sequence[int]) -> None: ...
    def learn_ibans(self, company_id: int, seen: Sequence[IbanSeen]) -> None: ...
    def set_lines(self, outcomes: Sequence[LineOutcome], payments: Mapping[int, int]) -> None: ...


class MatchingUnitOfWork(BankUnitOfWork, Protocol):
    @property
    def matching(self) -> MatchingData: ...
    @property
    def tasks(self) -> Tasks: ...


MATCHED = "bank.match"  # the audit action of matching lines stored before

# Decides every line against one ledger. `match` reads the ledger and changes nothing,
# so the lines can be decided in any order or at once (adapters offer a parallel one);
# what earlier lines of the same import settled is checked afterwards, in order (_safe).
MatchAll = Callable[[Ledger, Sequence[BankTransaction]], list[MatchOutcome]]


def match_in_turn(ledger: Ledger, transactions: Sequence[BankTransaction]) -> list[MatchOutcome]:
    return [match(tx, ledger) for tx in transactions]


@dataclass(frozen=True, slots=True)
class _Customer:
    number: str
    name: str
    parent_number: str | None


@dataclass
class Touched:
    """What matching did to one customer: payments booked from them (count and sum per
    currency), their invoices those payments settled, returned payments that reopened
    their invoices. The customer's audit entry says it."""

    payments: int = 0
    amounts: dict[str, Decimal] = field(default_factory=dict)
    invoices: int = 0
    returned: int = 0

    def describe(self) -> str:
        parts = []
        if self.payments:
            parts.append(f"{self.payments} payment(s) booked, {audit.sums(self.amounts)}")
        if self.invoices:
            parts.append(f"{self.invoices} invoice(s) settled")
        if self.returned:
            parts.append(f"{self.returned} returned payment(s): invoices open again")
        return "; ".join(parts)


@dataclass
class MatchResult:
    company_code: str
    matched: int = 0
    review: int = 0
    reopened: int = 0
    ignored: int = 0
    accounts: list[AccountBalance] = field(default_factory=list)
    # per customer id, in order of first booking: for the audit entries
    touched: dict[int, Touched] = field(default_factory=dict, repr=False)
    # per statement stored by this import: how many of its new lines became what
    by_statement: dict[int, Counter[BankLineStatus]] = field(default_factory=dict, repr=False)

    def customers(self) -> dict[int, str]:
        """The audit details of each customer matching touched."""
        return {customer_id: t.describe() for customer_id, t in self.touched.items()}


@dataclass
class BookingContext:
    company_id: int
    invoice_ids: dict[str, int]
    customer_ids: dict[str, int]
    left: dict[str, Decimal] = field(default_factory=dict)  # still open, per invoice
    owners: Mapping[str, OpenItem] = field(default_factory=dict)  # the ledger's, per invoice
    plan_of: Mapping[str, int] = field(default_factory=dict)  # plan in force, per invoice
    # What the import books, as drafts written in a few bulk statements at the end:
    payments: list[PaymentDraft] = field(default_factory=list)
    lines: list[LineOutcome] = field(default_factory=list)
    changes: list[OpenChange] = field(default_factory=list)
    ibans: list[IbanSeen] = field(default_factory=list)
    unlinked: list[int] = field(default_factory=list)  # payments returned: off their plan


def match_new(
    uow: MatchingUnitOfWork,
    company_id: int,
    *,
    actor: str,
    at: datetime,
    window_days: int = 120,
) -> MatchResult:
    """Match and book every new line of the company, in one transaction, with an audit
    entry per customer paid (or whose payment came back), else one for the company when
    there were lines."""
    with uow:
        result = _match(uow, company_id, (), now=at, window_days=window_days,
                        match_all=match_in_turn)  # fmt: skip
        if result.matched or result.review or result.reopened or result.ignored:
            audit.record_each(uow, actor=actor, at=at, action=MATCHED, company_id=company_id,
                              subject="bank lines stored before", details=result.customers(),
                              otherwise=_outcome(result))  # fmt: skip
        uow.commit()
    return result


def import_and_match(
    uow: MatchingUnitOfWork,
    paths: Sequence[Path],
    *,
    read: Reader[BankStatement],
    company_hint: Company | None,
    actor: str,
    at: datetime,
    progress: Progress = no_progress,
    window_days: int = 120,
    match_all: MatchAll = match_in_turn,
) -> tuple[BankImportSummary, list[MatchResult]]:
    """Import the statements and match their new lines, all in one transaction: every
    line is written once, with its outcome, and the import's audit entries: per customer
    paid (or whose payment came back), else one per company that stored statements
    (nothing at all when any file is refused)."""
    found, issues = read_statements(paths, read=read)
    with uow:
        staged = stage_statements(uow, found, issues, company_hint=company_hint, at=at,
                                  progress=progress)  # fmt: skip
        companies = sorted(staged.summary.companies)
        results = [
            _match(uow, company_id, staged.lines.get(company_id, ()), now=at,
                   window_days=window_days, match_all=match_all)
            for company_id in companies
        ]  # fmt: skip
        _count_by_file(staged, results)
        outcomes = {c: _outcome(r) for c, r in zip(companies, results, strict=True)}
        customers = {c: r.customers() for c, r in zip(companies, results, strict=True)}
        record_imports(uow, staged, outcomes, customers, actor=actor, at=at)
        uow.commit()
    return staged.summary, results


def _match(
    uow: MatchingUnitOfWork,
    company_id: int,
    fresh: Sequence[NewLine],
    *,
    now: datetime,
    window_days: int,
    match_all: MatchAll,
) -> MatchResult:
    """Match the company's new lines, stored (`new_lines`) and `fresh` (not stored yet),
    in order of booking date, and write everything they book."""
    company = uow.companies.by_id(company_id)
    if company is None:
        raise NotFound(Refusal.NOT_FOUND, thing="company", key=company_id)
    result = MatchResult(company.code)
    # Ids now, so a payment can name its line before the line is written (with it).
    ids = uow.bank.reserve_ids(len(fresh))
    waiting = uow.matching.new_lines(company_id)
    arrived = [
        (i, line.transaction)
        for i, line in zip(ids, fresh, strict=True)
        if line.status is BankLineStatus.NEW
    ]
    lines = sorted([*waiting, *arrived], key=lambda line: (line[1].booking_date, line[0]))
    if lines:
        since = min(tx.booking_date for _, tx in lines).toordinal() - window_days
        plans = uow.matching.plans_in_force(company_id)
        ledger = _ledger(uow.matching, company_id, date.fromordinal(since), plans)
        paid = [a.invoice_number for c in ledger.paid_by_customer.values() for p in c
                for a in p.allocations]  # fmt: skip
        invoices, customers = uow.matching.ids(company_id, paid)
        left = {n: i.outstanding for n, i in ledger.by_invoice.items()}
        ctx = BookingContext(company_id, invoices, customers, left=left, owners=ledger.by_invoice,
                             plan_of=covered_by(plans))  # fmt: skip
        decisions = match_all(ledger, [tx for _, tx in lines])
        for (line_id, tx), decision in zip(lines, decisions, strict=True):
            _book(uow, ctx, line_id, tx, _safe(decision, ctx), result, now)
        _count_by_statement(result, ctx, fresh, ids)
        _write(uow, ctx, fresh, ids)
    else:
        uow.bank.add_lines(fresh, ids=ids)
    result.accounts = uow.bank.accounts(company_id)
    return result


def _count_by_statement(
    result: MatchResult, ctx: BookingContext, fresh: Sequence[NewLine], ids: Sequence[int]
) -> None:
    statement_of = {i: line.statement_id for i, line in zip(ids, fresh, strict=True)}
    for outcome in ctx.lines:
        statement_id = statement_of.get(outcome.line_id)
        if statement_id is not None:
            result.by_statement.setdefault(statement_id, Counter())[outcome.status] += 1


def _count_by_file(staged: Staged, results: Sequence[MatchResult]) -> None:
    """Each file's share of what matching booked (the page of an upload of many files)."""
    for result in results:
        for statement_id, counts in result.by_statement.items():
            file = staged.summary.files[staged.statement_files[statement_id]]
            file.matched += counts[BankLineStatus.MATCHED]
            file.review += counts[BankLineStatus.REVIEW]
            file.reopened += counts[BankLineStatus.RETURNED]


def _outcome(result: MatchResult) -> str:
    return (f"{result.matched} payment(s) booked, {result.review} waiting for review, "
            f"{result.reopened} reopened, {result.ignored} other line(s) left alone")  # fmt: skip


def _ledger(
    data: MatchingData, company_id: int, since: date, plans: Sequence[tuple[int, PlanInForce]]
) -> Ledger:
    return Ledger.build(
        data.open_items(company_id),
        [_Customer(*c) for c in data.customers(company_id)],
        ibans=data.ibans(company_id),
        paid=data.paid_credits(company_id, since=since),
        plans=[plan for _, plan in plans],
    )


def covered_by(plans: Sequence[tuple[int, PlanInForce]]) -> dict[str, int]:
    """The plan in force (its id) that covers each invoice, by invoice number."""
    return {n: plan_id for plan_id, plan in plans for n in plan.invoice_numbers}


def _safe(decision: MatchOutcome, ctx: BookingContext) -> MatchOutcome:
    """A match that would settle more than is still open after earlier lines: review."""
    if decision.kind is not Kind.MATCHED:
        return decision
    for a in decision.allocations:
        if a.to_principal + a.discount_taken > ctx.left.get(a.invoice_number, Decimal(0)):
            earlier = reason(Code.MATCH_SETTLED_EARLIER, invoice=a.invoice_number)
            return MatchOutcome(Kind.REVIEW, decision.customer_number, (), Decimal(0),
                            decision.confidence, (*decision.reasons, earlier))  # fmt: skip
    return decision


def _book(
    uow: MatchingUnitOfWork,
    ctx: BookingContext,
    line_id: int,
    tx: BankTransaction,
    decision: MatchOutcome,
    result: MatchResult,
    now: datetime,
) -> None:
    customer_id = ctx.customer_ids.get(decision.customer_number or "")
    status, suggestions = BankLineStatus.REVIEW, decision.suggestions
    if decision.kind is Kind.MATCHED and customer_id is not None:
        settle_payment(ctx, customer_id, tx, decision, line_id)
        status, suggestions = BankLineStatus.MATCHED, ()
        result.matched += 1
        _touch(ctx, result, customer_id, tx, decision)
    elif decision.kind is Kind.REOPEN and customer_id is not None:
        _reopen(uow, ctx, customer_id, tx, decision, now)
        status, suggestions = BankLineStatus.RETURNED, ()
        result.reopened += 1
        result.touched.setdefault(customer_id, Touched()).returned += 1
    elif decision.kind is Kind.IGNORE:
        status, suggestions = BankLineStatus.IGNORED, ()
        result.ignored += 1
    else:
        result.review += 1
    confidence = int(decision.confidence * 100)
    ctx.lines.append(LineOutcome(line_id, status, customer_id, confidence,
                                 decision.reasons, suggestions))  # fmt: skip


def _touch(
    ctx: BookingContext,
    result: MatchResult,
    customer_id: int,
    tx: BankTransaction,
    decision: MatchOutcome,
) -> None:
    """The payer paid; the owner of each invoice settled (the payer, or a child of it
    when a parent pays for its group) had an invoice settled."""
    payer = result.touched.setdefault(customer_id, Touched())
    payer.payments += 1
    payer.amounts[tx.currency] = payer.amounts.get(tx.currency, Decimal(0)) + tx.amount
    for a in decision.allocations:
        item = ctx.owners.get(a.invoice_number)
        owner = ctx.customer_ids.get(item.customer_number) if item else customer_id
        if owner is not None:
            result.touched.setdefault(owner, Touched()).invoices += 1


def settle_payment(
    ctx: BookingContext,
    customer_id: int,
    tx: BankTransaction,
    decision: MatchOutcome,
    line_id: int,
) -> None:
    """Draft the payment from line `line_id`, its allocations and the open amounts it
    lowers; booked to the plan in force that covers the invoices it goes to, when all of
    them are that plan's (one split between a plan's invoices and others pays no plan)."""
    allocations = []
    for a in decision.allocations:
        invoice_id = ctx.invoice_ids[a.invoice_number]
        settled = a.to_principal + a.discount_taken  # costs and interest first (6:44 BW)
        allocations.append(AllocationDraft(invoice_id, a.amount, a.to_costs, a.to_interest))
        ctx.changes.append(OpenChange(invoice_id, -settled, tx.currency))
        ctx.left[a.invoice_number] = ctx.left.get(a.invoice_number, Decimal(0)) - settled
    reference = tx.structured_reference or tx.remittance[:200] or None
    plans = {ctx.plan_of.get(a.invoice_number) for a in decision.allocations}
    plan_id = plans.pop() if len(plans) == 1 else None
    ctx.payments.append(PaymentDraft(ctx.company_id, customer_id, line_id, tx.booking_date,
                                     tx.amount, tx.currency, reference,
                                     tuple(allocations), plan_id))  # fmt: skip
    if tx.counterparty_iban:
        ctx.ibans.append(IbanSeen(customer_id, tx.counterparty_iban, tx.booking_date))


def _write(
    uow: MatchingUnitOfWork, ctx: BookingContext, fresh: Sequence[NewLine], ids: Sequence[int]
) -> None:
    """Everything the import booked, in a handful of bulk statements: the payments first
    (with their allocations), then the lines not stored yet (`fresh`, with their reserved
    `ids`) with their outcome and payment, the outcome of the stored ones, the open
    amounts and learned accounts."""
    data = uow.matching
    payments = data.add_payments(ctx.payments)
    outcomes = {outcome.line_id: outcome for outcome in ctx.lines}
    uow.bank.add_lines(fresh, ids=ids, outcomes=outcomes, payments=payments)
    new = set(ids)
    data.set_lines([o for o in ctx.lines if o.line_id not in new], payments)
    data.change_open(ctx.changes)
    data.unlink_from_plans(ctx.company_id, ctx.unlinked)
    data.learn_ibans(ctx.company_id, ctx.ibans)


def _reopen(
    uow: MatchingUnitOfWork,
    ctx: BookingContext,
    customer_id: int,
    tx: BankTransaction,
    decision: MatchOutcome,
    now: datetime,
) -> None:
    ctx.changes.extend(
        OpenChange(ctx.invoice_ids[a.invoice_number], a.amount, tx.currency)
        for a in decision.allocations
        if a.invoice_number in ctx.invoice_ids
    )
    # A payment the bank took back pays no plan instalment: off the plan it was booked to.
    if decision.undoes is not None:
        ctx.unlinked.append(decision.undoes)
    numbers = ", ".join(a.invoice_number for a in decision.allocations)
    if tx.return_reason:
        title = reason(Code.PAYMENT_RETURNED, return_reason=tx.return_reason, invoices=numbers)
    else:
        title = reason(Code.PAYMENT_RETURNED_PLAIN, invoices=numbers)
    # the reasons say how the line was matched, in the reader's words
    task = Task(decision.customer_number or "", TaskKind.FOLLOW_UP, tx.booking_date, title,
                reasons=decision.reasons)  # fmt: skip
    uow.tasks.add(ctx.company_id, customer_id, task)
