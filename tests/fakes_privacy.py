"""The fake repositories of privacy: a company's retention period, and what is held on a
customer, read and anonymised (see tests/fakes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from tests.fakes_tables import (
    _Tables,
)
from tijdig.domain.invoices import Invoice
from tijdig.domain.users import AuditEntry
from tijdig.services.privacy import Holds


class FakePrivacySettings:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def retention_years(self, company_id: int) -> int | None:
        return self._tables.retention.get(company_id)

    def set_retention_years(self, company_id: int, years: int, at: datetime) -> None:
        self._tables.retention[company_id] = years


class FakePersonalData:
    """What privacy reads and erases, over the tables these fakes keep: the customer, its
    invoices (their texts and copies), payments (`FakeLedger`'s, none allocated), disputes,
    promises, the contact log, tasks and the audit log, as `SqlPersonalData` reads and
    anonymises them. The holds of the tables kept elsewhere (mandates, the outbox, bank
    lines) and the export, a dump of every table, are tested on the database
    (tests/adapters/db/test_personal_data.py)."""

    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def _invoices(self, customer_id: int) -> dict[int, Invoice]:
        return {i: s.invoice for i, s in self._tables.invoices.items()
                if s.customer_id == customer_id}  # fmt: skip

    def last_activity(self, customer_id: int) -> date | None:
        days = [i.issue_date for i in self._invoices(customer_id).values()]
        days += [p.paid_on for p in self._tables.payments if p.customer_id == customer_id]
        return max(days, default=None)

    def holds(self, customer_id: int, *, as_of: date) -> Holds:
        t, invoices = self._tables, self._invoices(customer_id)
        return Holds(
            open_invoices=sum(1 for i in invoices.values() if i.open_amount != 0),
            open_disputes=sum(1 for d in t.disputes.values()
                              if d.invoice_id in invoices and d.dispute.resolved_on is None),
            open_promises=sum(1 for p in t.promises.values()
                              if p.customer_id == customer_id and p.promise.kept is None
                              and p.promise.promised_date >= as_of),
            unallocated_payments=sum(1 for p in t.payments if p.customer_id == customer_id),
        )  # fmt: skip

    def candidates(
        self, company_id: int, *, quiet_since: date, as_of: date
    ) -> list[tuple[int, str, bool]]:
        found = []
        for cid, (owner, customer) in self._tables.customers.items():
            invoices = self._invoices(cid).values()
            if owner != company_id or cid in self._tables.anonymised or not invoices:
                continue
            if any(i.open_amount != 0 or i.issue_date > quiet_since for i in invoices) or any(
                p.customer_id == cid and p.paid_on > quiet_since for p in self._tables.payments
            ):
                continue
            held = bool(self.holds(cid, as_of=as_of).held())
            found.append((cid, customer.number, held))
        return sorted(found, key=lambda c: c[1])

    def customer_id(self, company_id: int, number: str) -> int | None:
        return next(
            (cid for cid, (owner, c) in self._tables.customers.items()
             if owner == company_id and c.number == number),
            None,
        )  # fmt: skip

    def anonymised_at(self, customer_id: int) -> datetime | None:
        return self._tables.anonymised.get(customer_id)

    def anonymise(
        self, company_id: int, customer_ids: Sequence[int], *, name_prefix: str, at: datetime
    ) -> None:
        t = self._tables
        for cid in set(customer_ids):
            owner, old = t.customers[cid]
            new_name = name_prefix + old.number
            t.customers[cid] = (owner, replace(
                old, name=new_name, email=None, phone=None, address="", vat_id=None,
                registration_number=None, risk_class=None, contacts=(),
            ))  # fmt: skip
            t.anonymised[cid] = at
            invoices = {i for i, s in t.invoices.items() if s.customer_id == cid}
            for i in invoices:
                t.invoices[i].invoice = replace(
                    t.invoices[i].invoice, free_reference=None, description=None
                )
                t.copies.pop(i, None)
            for d in t.disputes.values():
                if d.invoice_id in invoices:
                    d.dispute = replace(d.dispute, note="")
            t.contact_log = {k: v for k, v in t.contact_log.items() if v[1] != cid}
            t.tasks = {k: v for k, v in t.tasks.items() if v.customer_id != cid}
            t.audit = [_unnamed(e, [v for v in (old.name, old.email) if v], new_name)
                       if e.company_id == company_id and e.customer_id == cid else e
                       for e in t.audit]  # fmt: skip


def _unnamed(entry: AuditEntry, values: Sequence[str], name: str) -> AuditEntry:
    subject, details = entry.subject, entry.details
    for value in values:
        subject, details = subject.replace(value, name), details.replace(value, name)
    return replace(entry, subject=subject, details=details)
