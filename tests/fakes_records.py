"""The fake repositories of the collection records: disputes, promises, the contact log,
tasks and their work lists; and `FakeLedger`, the payments and settled invoices a test
sets up (see tests/fakes.py)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, date
from decimal import Decimal

from tests.fakes_tables import (
    _cents,
    _page,
    _Payment,
    _Sequences,
    _StoredDispute,
    _StoredInvoice,
    _StoredPromise,
    _StoredTask,
    _Tables,
)
from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.records import (
    ContactEvent,
    Dispute,
    Promise,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.reasons import many_from_json, many_to_json
from tijdig.services.read_models.lists import Sort
from tijdig.services.records.ports import (
    ApprovedCall,
    DuePromise,
    InvoiceRef,
    OpenDispute,
    OverdueInvoice,
    PromiseDue,
)
from tijdig.services.records.promises import is_kept


def _dispute_open_on(dispute: Dispute, as_of: date) -> bool:
    """predicates.dispute_open_on: opened by `as_of`, not resolved by then."""
    return dispute.opened_on <= as_of and (
        dispute.resolved_on is None or dispute.resolved_on > as_of
    )


class FakeDisputes:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[tuple[int, _StoredDispute, _StoredInvoice]]:
        """The company's disputes with their invoices, by id."""
        return [
            (dispute_id, d, self._tables.invoices[d.invoice_id])
            for dispute_id, d in sorted(self._tables.disputes.items())
            if d.company_id == company_id
        ]

    @staticmethod
    def _read(stored: _StoredDispute, invoice: _StoredInvoice) -> Dispute:
        return replace(stored.dispute, invoice_number=invoice.invoice.number)

    def invoices_numbered(self, company_id: int, number: str) -> list[InvoiceRef]:
        found = [
            InvoiceRef(invoice_id, s.customer_id, self._tables.customer_number(s.customer_id),
                       s.invoice.kind.value)
            for invoice_id, s in sorted(self._tables.invoices.items())
            if s.company_id == company_id and s.invoice.number == number
        ]  # fmt: skip
        return sorted(found, key=lambda r: r.kind, reverse=True)  # the invoice first

    def open(self, company_id: int, invoice_id: int, dispute: Dispute) -> int:
        dispute_id = self._ids.next("disputes")
        self._tables.disputes[dispute_id] = _StoredDispute(company_id, invoice_id, dispute)
        return dispute_id

    def resolve(self, company_id: int, invoice_id: int, resolved_on: date) -> int:
        unresolved = [
            d for d in self._tables.disputes.values()
            if d.company_id == company_id and d.invoice_id == invoice_id
            and d.dispute.resolved_on is None
        ]  # fmt: skip
        for stored in unresolved:
            stored.dispute = replace(stored.dispute, resolved_on=resolved_on)
        return len(unresolved)

    def open_for(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Dispute]:
        wanted = set(invoice_ids)
        return {
            d.invoice_id: self._read(d, invoice)
            for _id, d, invoice in self._of(company_id)
            if d.invoice_id in wanted and d.dispute.resolved_on is None
        }

    def open_by_customer(self, company_id: int, as_of: date) -> dict[int, list[Dispute]]:
        result: dict[int, list[Dispute]] = {}
        for _id, d, invoice in self._of(company_id):
            if _dispute_open_on(d.dispute, as_of):
                result.setdefault(invoice.customer_id, []).append(self._read(d, invoice))
        return result

    def for_customer(self, company_id: int, customer_id: int) -> list[Dispute]:
        mine = [
            (dispute_id, self._read(d, invoice))
            for dispute_id, d, invoice in self._of(company_id)
            if invoice.customer_id == customer_id
        ]
        # newest opened first, then by id: the SQL's ORDER BY opened_on DESC, id
        mine.sort(key=lambda found: found[0])
        mine.sort(key=lambda found: found[1].opened_on, reverse=True)
        return [dispute for _id, dispute in mine]


class FakePromises:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[tuple[int, _StoredPromise]]:
        return [
            (promise_id, p)
            for promise_id, p in sorted(self._tables.promises.items())
            if p.company_id == company_id
        ]

    def _read(self, stored: _StoredPromise) -> Promise:
        return replace(
            stored.promise, customer_number=self._tables.customer_number(stored.customer_id)
        )

    def add(self, company_id: int, customer_id: int, promise: Promise) -> int:
        promise_id = self._ids.next("promises")
        amount = promise.amount
        stored = replace(
            promise, amount=None if amount is None else _cents(amount, promise.currency)
        )
        self._tables.promises[promise_id] = _StoredPromise(company_id, customer_id, stored)
        return promise_id

    def in_force_by_customer(
        self, company_id: int, as_of: date, *, customers: Collection[str] | None = None
    ) -> dict[int, list[Promise]]:
        result: dict[int, list[Promise]] = {}
        for _id, p in self._of(company_id):
            promise = p.promise
            if customers is not None and promise.customer_number not in customers:
                continue
            if promise.kept is None and promise.made_on <= as_of <= promise.promised_date:
                result.setdefault(p.customer_id, []).append(self._read(p))
        return result

    def due_unkept(self, company_id: int, as_of: date) -> list[DuePromise]:
        followed_up = {t.promise_id for t in self._tables.tasks.values()}
        due = [
            self._due(promise_id, p)
            for promise_id, p in self._of(company_id)
            if p.promise.kept is None
            and p.promise.promised_date < as_of
            and promise_id not in followed_up
        ]
        return sorted(due, key=lambda d: (d.promise.promised_date, d.promise_id))

    def due_not_kept(
        self, company_id: int, as_of: date, *, limit: int | None = None
    ) -> tuple[int, list[DuePromise]]:
        lapsed = [d for d in self.due_unkept(company_id, as_of) if not is_kept(d)]
        return len(lapsed), lapsed[:limit]

    def _due(self, promise_id: int, stored: _StoredPromise) -> DuePromise:
        promise, customer = stored.promise, self._tables.customer(stored.customer_id)
        paid = sum(
            (pay.amount for pay in self._tables.payments
             if pay.customer_id == stored.customer_id and pay.currency == promise.currency
             and promise.made_on <= pay.paid_on <= promise.promised_date),
            Decimal(0),
        )  # fmt: skip
        still_open = sum(
            (s.invoice.outstanding for s in self._tables.invoices.values()
             if s.customer_id == stored.customer_id and s.invoice.currency == promise.currency
             and s.invoice.kind is InvoiceKind.INVOICE and s.invoice.due_date < promise.made_on),
            Decimal(0),
        )  # fmt: skip
        return DuePromise(
            promise_id=promise_id,
            customer_id=stored.customer_id,
            country=customer.country,
            language=customer.language.value,
            promise=self._read(stored),
            paid=_cents(paid, promise.currency),
            still_open=_cents(still_open, promise.currency),
        )

    def _mark(self, company_id: int, promise_id: int, kept: bool) -> None:
        stored = self._tables.promises.get(promise_id)
        if stored is not None and stored.company_id == company_id:
            stored.promise = replace(stored.promise, kept=kept)

    def mark_kept(self, company_id: int, promise_id: int) -> None:
        self._mark(company_id, promise_id, True)

    def mark_broken(self, company_id: int, promise_id: int) -> None:
        self._mark(company_id, promise_id, False)

    def for_customer(self, company_id: int, customer_id: int, limit: int = 20) -> list[Promise]:
        mine = [(i, p) for i, p in self._of(company_id) if p.customer_id == customer_id]
        mine.sort(key=lambda found: (found[1].promise.made_on, found[0]), reverse=True)
        return [self._read(p) for _id, p in mine[:limit]]


class FakeContactLog:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, company_id: int, customer_id: int, event: ContactEvent) -> int:
        event_id = self._ids.next("contact_events")
        stored = replace(event, occurred_at=event.occurred_at.astimezone(UTC))
        self._tables.contact_log[event_id] = (company_id, customer_id, stored)
        return event_id

    def timeline(self, company_id: int, customer_id: int, limit: int = 50) -> list[ContactEvent]:
        mine = [
            (event.occurred_at, event_id, event)
            for event_id, (owner, customer, event) in self._tables.contact_log.items()
            if owner == company_id and customer == customer_id
        ]
        mine.sort(key=lambda found: found[:2], reverse=True)  # newest first
        number = self._tables.customer_number(customer_id)
        return [replace(event, customer_number=number) for _at, _id, event in mine[:limit]]


class FakeHardship:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _read(self, customer_id: int, status: HardshipStatus) -> HardshipStatus:
        return replace(status, customer_number=self._tables.customer_number(customer_id))

    def add(self, company_id: int, customer_id: int, status: HardshipStatus) -> int:
        status_id = self._ids.next("hardship_statuses")
        self._tables.hardship[status_id] = (company_id, customer_id, status)
        return status_id

    def end(self, company_id: int, status_id: int, ended_on: date) -> None:
        found = self._tables.hardship.get(status_id)
        if found is not None and found[0] == company_id:
            self._tables.hardship[status_id] = (*found[:2], replace(found[2], ended_on=ended_on))

    def for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, HardshipStatus]]:
        mine = [
            (status_id, self._read(customer, status))
            for status_id, (owner, customer, status) in self._tables.hardship.items()
            if owner == company_id and customer == customer_id
        ]
        return sorted(mine, key=lambda found: (found[1].since, found[0]), reverse=True)

    def active_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, HardshipStatus]:
        active = sorted(
            ((status.since, status_id, customer, status)
             for status_id, (owner, customer, status) in self._tables.hardship.items()
             if owner == company_id and status.is_active(as_of)
             and customer_id in (None, customer)),
            key=lambda found: found[:2],
        )  # fmt: skip
        return {customer: self._read(customer, status) for _s, _i, customer, status in active}

    def task_texts(self, company_id: int) -> dict[HardshipKind, str]:
        texts = self._tables.hardship_texts.items()
        return {kind: text for (owner, kind), text in texts if owner == company_id}

    def save_task_text(self, company_id: int, kind: HardshipKind, text: str | None) -> None:
        self._tables.hardship_texts.pop((company_id, kind), None)
        if text is not None:
            self._tables.hardship_texts[(company_id, kind)] = text


class FakePauses:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, company_id: int, customer_id: int, pause: DunningPause, *, by: str) -> int:
        pause_id = self._ids.next("dunning_pauses")
        self._tables.pauses[pause_id] = (company_id, customer_id, replace(pause, id=pause_id))
        return pause_id

    def lift(self, company_id: int, pause_id: int, lifted_on: date) -> None:
        owner, customer, pause = self._tables.pauses[pause_id]
        if owner == company_id:
            self._tables.pauses[pause_id] = (owner, customer, replace(pause, lifted_on=lifted_on))

    def for_customer(self, company_id: int, customer_id: int) -> list[DunningPause]:
        number = self._tables.customer_number(customer_id)
        stored = sorted(self._tables.pauses.items(), reverse=True)
        return [replace(pause, customer_number=number)
                for _id, (owner, customer, pause) in stored
                if owner == company_id and customer == customer_id]  # fmt: skip


def _task_as_stored(task: Task) -> Task:
    """The task as the SQL gives it back: its reasons through their JSON column."""
    return replace(task, reasons=many_from_json(json.loads(json.dumps(many_to_json(task.reasons)))))


class FakeTasks:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[tuple[int, _StoredTask]]:
        return [
            (task_id, t)
            for task_id, t in sorted(self._tables.tasks.items())
            if t.company_id == company_id
        ]

    def read(self, stored: _StoredTask) -> Task:
        return replace(
            stored.task, customer_number=self._tables.customer_number(stored.customer_id)
        )

    def add(
        self, company_id: int, customer_id: int, task: Task, *, promise_id: int | None = None
    ) -> int:
        task_id = self._ids.next("tasks")
        self._tables.tasks[task_id] = _StoredTask(
            company_id, customer_id, _task_as_stored(task), promise_id
        )
        return task_id

    def get(self, company_id: int, task_id: int) -> Task | None:
        stored = self._tables.tasks.get(task_id)
        if stored is None or stored.company_id != company_id:
            return None
        return self.read(stored)

    def complete(self, company_id: int, task_id: int, outcome: str, done_on: date) -> None:
        stored = self._tables.tasks.get(task_id)
        if stored is not None and stored.company_id == company_id:
            stored.task = replace(stored.task, done_on=done_on, outcome=outcome)

    def reschedule(self, company_id: int, task_id: int, due_on: date) -> None:
        stored = self._tables.tasks.get(task_id)
        if stored is not None and stored.company_id == company_id:
            stored.task = replace(stored.task, due_on=due_on)

    def open_calls_by_customer(self, company_id: int) -> dict[int, int]:
        counts: dict[int, int] = {}
        for _id, t in self._of(company_id):
            if t.task.done_on is None and t.task.kind is TaskKind.CALL:
                counts[t.customer_id] = counts.get(t.customer_id, 0) + 1
        return counts

    def open_for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, Task]]:
        mine = [
            (task_id, self.read(t))
            for task_id, t in self._of(company_id)
            if t.customer_id == customer_id and t.task.done_on is None
        ]
        return sorted(mine, key=lambda found: (found[1].due_on, found[0]))


class FakeWorklists:
    """The work lists, each filtered and ordered as its one SQL query is."""

    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables = tables
        self._tasks = FakeTasks(tables, ids)

    def agenda(
        self, company_id: int, as_of: date, *, offset: int, limit: int | None
    ) -> tuple[dict[str, int], list[tuple[int, Task]]]:
        due = [
            (task_id, self._tasks.read(t))
            for task_id, t in sorted(self._tables.tasks.items())
            if t.company_id == company_id and t.task.done_on is None and t.task.due_on <= as_of
        ]
        counts: dict[str, int] = {}
        for _id, task in due:
            counts[task.kind.value] = counts.get(task.kind.value, 0) + 1
        due.sort(key=lambda found: (found[1].due_on, found[0]))
        return counts, _page(due, offset, limit)

    def task_customer(self, company_id: int, task_id: int) -> int | None:
        stored = self._tables.tasks.get(task_id)
        return None if stored is None or stored.company_id != company_id else stored.customer_id

    def promises_due(
        self, company_id: int, *, start: date, end: date, limit: int | None
    ) -> tuple[int, list[PromiseDue]]:
        found = sorted(
            (
                (p.promise.promised_date, promise_id, p)
                for promise_id, p in self._tables.promises.items()
                if p.company_id == company_id and p.promise.kept is None
                and start <= p.promise.promised_date <= end
            ),
            key=lambda due: due[:2],
        )  # fmt: skip
        return len(found), [self._promise_due(p) for _day, _id, p in _page(found, 0, limit)]

    def upcoming(
        self, company_id: int, *, after: date, until: date, limit: int | None
    ) -> tuple[int, list[tuple[int, Task, str]]]:
        due = [
            (task_id, self._tasks.read(t), self._tables.customer(t.customer_id).name)
            for task_id, t in sorted(self._tables.tasks.items())
            if t.company_id == company_id and t.task.done_on is None
            and after < t.task.due_on <= until
        ]  # fmt: skip
        due.sort(key=lambda found: (found[1].due_on, found[0]))
        return len(due), _page(due, 0, limit)

    def overdue_invoices(
        self, company_id: int, customer_numbers: Sequence[str], as_of: date
    ) -> list[OverdueInvoice]:
        found = [
            OverdueInvoice(self._tables.customer_number(s.customer_id), s.invoice.number,
                           s.invoice.due_date, s.invoice.outstanding, s.invoice.currency)
            for _id, s in sorted(self._tables.invoices.items())
            if s.company_id == company_id and s.invoice.is_overdue(as_of)
            and self._tables.customer_number(s.customer_id) in customer_numbers
        ]  # fmt: skip
        return sorted(found, key=lambda i: (i.due_date, i.number))

    def approved_calls(self, company_id: int) -> list[ApprovedCall]:
        return [call for owner, call in self._tables.approved_calls if owner == company_id]

    def _promise_due(self, stored: _StoredPromise) -> PromiseDue:
        customer = self._tables.customer(stored.customer_id)
        promise = replace(stored.promise, customer_number=customer.number)
        return PromiseDue(customer.number, customer.name, promise)

    def _open_dispute(self, dispute_id: int, stored: _StoredDispute) -> OpenDispute:
        invoice = self._tables.invoices[stored.invoice_id]
        customer, d = self._tables.customer(invoice.customer_id), stored.dispute
        return OpenDispute(
            id=dispute_id, invoice_number=invoice.invoice.number, customer_id=invoice.customer_id,
            customer_number=customer.number, customer_name=customer.name, reason=d.reason,
            note=d.note, opened_on=d.opened_on, resolved_on=d.resolved_on,
            open_amount=invoice.invoice.outstanding, currency=invoice.invoice.currency,
        )  # fmt: skip

    def open_disputes(
        self,
        company_id: int,
        *,
        reason: ReasonCode | None,
        offset: int,
        limit: int | None,
        sort: Sort | None = None,
    ) -> tuple[int, list[OpenDispute]]:
        found = sorted(
            (
                (d.dispute.opened_on, dispute_id, d)
                for dispute_id, d in self._tables.disputes.items()
                if d.company_id == company_id and d.dispute.resolved_on is None
                and reason in (None, d.dispute.reason)
            ),
            key=lambda open_: open_[:2],
        )  # fmt: skip
        every = [self._open_dispute(dispute_id, d) for _on, dispute_id, d in found]
        if sort is not None:  # as the SQL: by the column, then by id
            fields = {"invoice": "invoice_number", "customer": "customer_name", "reason": "reason",
                      "opened": "opened_on", "amount": "open_amount"}  # fmt: skip
            field = fields[sort.key]
            every.sort(key=lambda o: (getattr(o, field), o.id), reverse=sort.descending)
        end = None if limit is None else offset + limit
        return len(found), every[offset:end]

    def dispute(self, company_id: int, dispute_id: int) -> OpenDispute | None:
        stored = self._tables.disputes.get(dispute_id)
        if stored is None or stored.company_id != company_id:
            return None
        return self._open_dispute(dispute_id, stored)


class FakeLedger:
    """What the bank booking writes and the records read (not a repository of the
    services'): payments, and invoices settled. For setting up a test."""

    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def pay(
        self,
        customer_id: int,
        paid_on: date,
        amount: Decimal,
        currency: str = "EUR",
        *,
        plan_id: int | None = None,
    ) -> None:
        """A payment of the customer's; booked to the payment plan `plan_id`, if given."""
        self._tables.payments.append(
            _Payment(customer_id, paid_on, _cents(amount, currency), currency, plan_id)
        )

    def settle(self, company_id: int, *numbers: str) -> None:
        """Nothing left open on the company's invoices (and credit notes) so numbered."""
        for stored in self._tables.invoices.values():
            if stored.company_id == company_id and stored.invoice.number in numbers:
                stored.invoice = replace(stored.invoice, open_amount=Decimal(0))
