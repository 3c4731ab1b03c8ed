"""Keeping in step with the books (issue 16, part 3): `tijdig import invoices --sync` and
the workspace's sync of an uploaded export.

An export of a source (a company's invoice CSV, or an accounting package's debtor list,
optionally named with `--source`) is compared with the previous export synced from the
same source (domain/export_diff.py): new, changed (which fields, old and new) and gone.
`diff_export` only reads; `apply_sync` books the difference in one transaction, with
its audit entries, or nothing:

- a new item not yet in Tijdig is added as an import adds it;
- a new or changed item Tijdig holds gets the values the books own (customer, dates,
  total); what the books list as open and Tijdig does not is left to Tijdig (a bank
  payment the books have not booked yet), what Tijdig holds open and the books no longer
  do is closed as paid outside Tijdig;
- a gone item (listed open before, not listed now) is paid outside Tijdig: what is open
  on it is closed (reason `paid_outside`), dated from the export, unless a payment or
  credit note Tijdig booked closed it already: then it is only noted.

Each closure goes to the customer's timeline (a contact-log note) and the audit log
(`invoices.sync`). The same export again changes nothing and books nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import ImportRefused, RuleViolation
from tijdig.domain.export_diff import ExportDiff, ExportItem, Key, diff_items, item_of
from tijdig.domain.imports import ImportIssue
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import Money
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.receivables.imports import invoice_fingerprint, with_reference
from tijdig.services.receivables.sync_ports import (
    PAID_OUTSIDE,
    Closure,
    InvoiceUpdate,
    StoredItem,
    SyncPlan,
    SyncRecord,
    SyncResult,
    SyncUnitOfWork,
)
from tijdig.services.records.ports import company_id_of

MAX_SOURCE = 80


def source_key(kind: str, name: str | None = None) -> str:
    """A source: the format's kind ("csv", "exact-online"), and the name the user gives
    when one company keeps several books ("csv:shop")."""
    name = " ".join((name or "").split())
    return f"{kind}:{name}"[:MAX_SOURCE] if name else kind


def export_day(given: date | None, in_content: date | None, today: date) -> date:
    """The day an export speaks for (and gone items were paid by): the day the user
    gives (`--exported-on`), else the day the file says it was made (a package reader's
    export date; the invoice CSV has none), else the day of the sync."""
    return given or in_content or today


def diff_export(
    uow: SyncUnitOfWork,
    company: Company,
    invoices: Sequence[Invoice],
    *,
    source: str,
    exported_on: date,
) -> SyncResult:
    """What syncing this export would change. Reads only."""
    company_id = company_id_of(company)
    with uow:
        return _compare(uow, company_id, invoices, source=source, exported_on=exported_on)


def apply_sync(
    uow: SyncUnitOfWork,
    company: Company,
    invoices: Sequence[Invoice],
    *,
    source: str,
    exported_on: date,
    filename: str,
    actor: str,
    at: datetime,
) -> SyncResult:
    """Book the difference of this export from the previous one, all or nothing, and
    keep the export as the source's snapshot. Nothing differs: nothing is written."""
    company_id = company_id_of(company)
    with uow:
        result = _compare(uow, company_id, invoices, source=source, exported_on=exported_on)
        if result.diff.is_empty:
            return result
        diff, plan = result.diff, result.plan
        record = SyncRecord(source, exported_on, at, actor, filename[:255], len(invoices),
                            len(diff.new), len(diff.changed), len(diff.gone))  # fmt: skip
        sync_id = uow.book_syncs.add_sync(company_id, record)
        _book(uow, company, plan, exported_on=exported_on, sync_id=sync_id, actor=actor, at=at)
        uow.book_syncs.replace_snapshot(company_id, source, [item_of(i) for i in invoices])
        _audit(uow, company_id, result, filename=filename, actor=actor, at=at)
        uow.commit()
    return SyncResult(result.source, exported_on, result.previous_on, diff, plan, applied=True)


def _compare(
    uow: SyncUnitOfWork,
    company_id: int,
    invoices: Sequence[Invoice],
    *,
    source: str,
    exported_on: date,
) -> SyncResult:
    before = uow.book_syncs.last_exported_on(company_id, source)
    if before is not None and exported_on < before:  # its "gone" would close new invoices
        raise RuleViolation(Refusal.EXPORT_OLDER, day=exported_on, last=before, source=source)
    by_key = _by_key(invoices)
    previous = uow.book_syncs.snapshot(company_id, source)
    diff = diff_items(previous, (item_of(i) for i in invoices))
    plan = _plan(uow, company_id, diff, by_key) if not diff.is_empty else SyncPlan()
    return SyncResult(source, exported_on, before, diff, plan)


def _by_key(invoices: Sequence[Invoice]) -> dict[Key, Invoice]:
    found: dict[Key, Invoice] = {}
    issues: list[ImportIssue] = []
    for invoice in invoices:
        key = (invoice.kind.value, invoice.number)
        if key in found:
            issues.append(ImportIssue("export", f"{invoice.number} appears twice", None, "number"))
        found[key] = invoice
    if issues:
        raise ImportRefused(issues)
    return found


def _plan(
    uow: SyncUnitOfWork, company_id: int, diff: ExportDiff, by_key: dict[Key, Invoice]
) -> SyncPlan:
    """What booking the difference does, against what Tijdig holds; refused (with every
    issue) when an item names an unknown customer or another currency than Tijdig's."""
    listed = [*diff.new, *(c.new for c in diff.changed)]
    stored = uow.book_syncs.stored(company_id, [i.key for i in [*listed, *diff.gone]])
    customer_ids = uow.customers.ids_by_number(company_id)
    issues: list[ImportIssue] = []
    additions: list[Invoice] = []
    updates: list[InvoiceUpdate] = []
    closures: list[Closure] = []
    for item in listed:
        issue = _issue(item, stored.get(item.key), customer_ids)
        if issue is not None:
            issues.append(issue)
        elif item.key not in stored:
            additions.append(by_key[item.key])
        else:
            update, closing = _reconcile(stored[item.key], item, by_key[item.key], customer_ids)
            updates.extend([update] if update is not None else [])
            closures.extend([closing] if closing is not None else [])
    if issues:
        raise ImportRefused(issues)
    explained = [g for g in diff.gone if g.key in stored and stored[g.key].open_amount <= 0]
    absent = [g for g in diff.gone if g.key not in stored]
    closures += [_gone(g, stored[g.key]) for g in diff.gone
                 if g.key in stored and stored[g.key].open_amount > 0]  # fmt: skip
    return SyncPlan(tuple(additions), tuple(updates), tuple(closures), tuple(explained),
                    tuple(absent))  # fmt: skip


def _issue(
    item: ExportItem, held: StoredItem | None, customer_ids: dict[str, int]
) -> ImportIssue | None:
    if item.customer_number not in customer_ids:
        return ImportIssue("export", f"customer {item.customer_number} is unknown: import "
                           "customers first", None, "customer")  # fmt: skip
    if held is not None and held.currency != item.currency:
        return ImportIssue("export", f"{item.number} is in {held.currency} in Tijdig, "
                           f"not {item.currency}", None, "currency")  # fmt: skip
    return None


def _reconcile(
    held: StoredItem, item: ExportItem, invoice: Invoice, customer_ids: dict[str, int]
) -> tuple[InvoiceUpdate | None, Closure | None]:
    """The books' values on Tijdig's invoice: a changed total moves what is open by as
    much; what the books hold open below that was paid outside Tijdig."""
    open_now = max(item.total - held.prepaid - held.settled, Decimal(0))
    closing = open_now - min(open_now, item.open_amount)
    update: InvoiceUpdate | None = InvoiceUpdate(
        held.invoice_id, customer_ids[item.customer_number], item.issue_date, item.due_date,
        item.total, open_now, item.currency, invoice_fingerprint(invoice),
    )  # fmt: skip
    same = (held.customer_number, held.issue_date, held.due_date, held.total, held.open_amount)
    if same == (item.customer_number, item.issue_date, item.due_date, item.total, open_now):
        update = None
    if closing <= 0:
        return update, None
    return update, Closure(item.kind, item.number, item.customer_number, item.currency, closing)


def _gone(item: ExportItem, held: StoredItem) -> Closure:
    return Closure(item.kind, item.number, held.customer_number, held.currency, held.open_amount)


def _book(
    uow: SyncUnitOfWork,
    company: Company,
    plan: SyncPlan,
    *,
    exported_on: date,
    sync_id: int,
    actor: str,
    at: datetime,
) -> None:
    company_id = company_id_of(company)
    customer_ids = uow.customers.ids_by_number(company_id)
    added = [(with_reference(i, company), customer_ids[i.customer_number],
              invoice_fingerprint(i)) for i in plan.additions]  # fmt: skip
    uow.invoices.add_many(added, company_id=company_id, source="csv")
    for update in plan.updates:
        uow.book_syncs.update_invoice(company_id, update)
    keys = [(c.kind, c.number) for c in plan.closures]
    stored = uow.book_syncs.stored(company_id, keys)
    for closure in plan.closures:
        held = stored[(closure.kind, closure.number)]
        uow.book_syncs.close(company_id, held.invoice_id, amount=closure.amount,
                             currency=closure.currency, on=exported_on, reason=PAID_OUTSIDE,
                             sync_id=sync_id)  # fmt: skip
        said = reason(Code.PAID_OUTSIDE, invoice=closure.number,
                      amount=Money(closure.currency, closure.amount), on=exported_on)  # fmt: skip
        event = ContactEvent(held.customer_number, ContactKind.NOTE, at, said, by=actor)
        uow.contact_log.add(company_id, held.customer_id, event)


def _audit(
    uow: SyncUnitOfWork,
    company_id: int,
    result: SyncResult,
    *,
    filename: str,
    actor: str,
    at: datetime,
) -> None:
    """One entry per customer the sync touched, saying what; else one for the company."""
    customer_ids = uow.customers.ids_by_number(company_id)
    said: dict[int, list[str]] = {}

    def note(customer: str, text: str) -> None:
        said.setdefault(customer_ids[customer], []).append(text)

    diff, plan = result.diff, result.plan
    for invoice in plan.additions:
        note(invoice.customer_number, f"{invoice.number} added")
    for changed in diff.changed:
        fields = ", ".join(c.field.value for c in changed.changes)
        note(changed.new.customer_number, f"{changed.new.number} changed ({fields})")
    for closure in plan.closures:
        amount = audit.sums({closure.currency: closure.amount})
        note(closure.customer_number, f"{closure.number} paid outside Tijdig, {amount}")
    for item in plan.explained:
        if item.customer_number in customer_ids:
            note(item.customer_number, f"{item.number} gone, closed already by a payment")
    counts = (f"{len(diff.new)} new, {len(diff.changed)} changed, {len(diff.gone)} gone; "
              f"{result.source} export of {result.exported_on}")  # fmt: skip
    audit.record_each(uow, actor=actor, at=at, action="invoices.sync", company_id=company_id,
                      subject=f"{result.source}: {filename}"[:200],
                      details={c: "; ".join(t) for c, t in said.items()},
                      otherwise=counts)  # fmt: skip
