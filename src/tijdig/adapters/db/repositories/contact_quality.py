"""The repository of contact data quality (S2-1): bounces per address, confirmations and
corrections of a customer's contact details, the company's setting, and what the
quality report reads. It never commits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db.schema.contacts import AddressBounceRow, ContactSettingsRow
from tijdig.adapters.db.schema.ledger import ContactRow, CustomerRow, InvoiceRow
from tijdig.domain.contact_quality import DEFAULT_CONFIRM_MONTHS, AddressState, address_key
from tijdig.domain.parties import Customer


def undeliverable_of(session: Session, customer_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """The addresses that bounced for good, by customer id."""
    if not customer_ids:
        return {}
    b = AddressBounceRow
    rows = session.execute(
        select(b.customer_id, b.address).where(
            b.customer_id.in_(customer_ids), b.undeliverable_since.is_not(None)
        )
    )
    found: dict[int, set[str]] = defaultdict(set)
    for customer_id, address in rows:
        found[customer_id].add(address)
    return {cid: frozenset(addresses) for cid, addresses in found.items()}


def _state(row: AddressBounceRow) -> AddressState:
    return AddressState(
        row.address, row.hard_count, row.soft_count, row.undeliverable_since,
        conv.as_utc(row.last_bounce_at), row.last_diagnostic,
    )  # fmt: skip


class SqlContactQuality:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record_bounce(
        self, company_id: int, customer_id: int, address: str, *, hard: bool, at: datetime,
        diagnostic: str,
    ) -> AddressState:  # fmt: skip
        """Count one bounce of the address; a hard one makes it undeliverable from
        `at`'s day (the first day stays)."""
        key = address_key(address)
        b = AddressBounceRow
        row = self.session.scalar(select(b).where(b.customer_id == customer_id, b.address == key))
        if row is None:
            row = AddressBounceRow(company_id=company_id, customer_id=customer_id, address=key,
                                   hard_count=0, soft_count=0)  # fmt: skip
            self.session.add(row)
        if hard:
            row.hard_count += 1
            row.undeliverable_since = row.undeliverable_since or at.date()
        else:
            row.soft_count += 1
        row.last_bounce_at = conv.as_utc(at)
        row.last_diagnostic = diagnostic[:2000]
        self.session.flush()
        return _state(row)

    def states(self, company_id: int, customer_id: int) -> list[AddressState]:
        b = AddressBounceRow
        rows = self.session.scalars(
            select(b).where(b.company_id == company_id, b.customer_id == customer_id).order_by(b.id)
        )
        return [_state(row) for row in rows]

    def confirm_months(self, company_id: int) -> int:
        row = self.session.get(ContactSettingsRow, company_id)
        return DEFAULT_CONFIRM_MONTHS if row is None else row.confirm_months

    def set_confirm_months(self, company_id: int, months: int) -> None:
        row = self.session.get(ContactSettingsRow, company_id)
        if row is None:
            self.session.add(ContactSettingsRow(company_id=company_id, confirm_months=months))
        else:
            row.confirm_months = months
        self.session.flush()

    def confirm(self, company_id: int, customer_id: int, on: date) -> None:
        self.session.execute(
            update(CustomerRow)
            .where(CustomerRow.company_id == company_id, CustomerRow.id == customer_id)
            .values(contact_confirmed_on=on)
        )

    def replace_email(self, company_id: int, customer_id: int, old: str | None, new: str) -> None:
        """Put `new` where `old` was written (a contact's or the customer's own); without
        an old one, as the customer's own address."""
        if old is None:
            self._customer(company_id, customer_id, email=new)
            return
        key = address_key(old)
        self.session.execute(
            update(ContactRow)
            .where(ContactRow.customer_id == customer_id, func.lower(ContactRow.email) == key)
            .values(email=new)
        )
        self.session.execute(
            update(CustomerRow)
            .where(CustomerRow.id == customer_id, CustomerRow.company_id == company_id,
                   func.lower(CustomerRow.email) == key)
            .values(email=new)
        )  # fmt: skip

    def set_phone(self, company_id: int, customer_id: int, phone: str) -> None:
        self._customer(company_id, customer_id, phone=phone)

    def _customer(self, company_id: int, customer_id: int, **values: object) -> None:
        self.session.execute(
            update(CustomerRow)
            .where(CustomerRow.company_id == company_id, CustomerRow.id == customer_id)
            .values(**values)
        )

    def customers_with_email(self, company_id: int, address: str) -> list[str]:
        """The numbers of the company's customers written to at `address` (their own
        or a contact's)."""
        key = address_key(address)
        c, k = CustomerRow, ContactRow
        own = select(c.number).where(c.company_id == company_id, func.lower(c.email) == key)
        contact = (
            select(c.number).join(k, k.customer_id == c.id)
            .where(k.company_id == company_id, func.lower(k.email) == key)
        )  # fmt: skip
        return sorted(set(self.session.scalars(own)) | set(self.session.scalars(contact)))

    def candidates(self, company_id: int, *, as_of: date) -> list[tuple[Customer, int]]:
        """Every customer of the company not erased, with its contacts and undeliverable
        addresses, and the amount overdue on `as_of` in minor units (what sorts them)."""
        c = CustomerRow
        rows = self.session.scalars(
            select(c).where(c.company_id == company_id, c.anonymised_at.is_(None)).order_by(c.id)
        ).all()
        contacts: dict[int, list[ContactRow]] = defaultdict(list)
        k = ContactRow
        for contact in self.session.scalars(
            select(k).where(k.company_id == company_id).order_by(k.id)
        ):
            contacts[contact.customer_id].append(contact)
        bounced = undeliverable_of(self.session, [row.id for row in rows])
        overdue = self._overdue(company_id, as_of)
        found = []
        for row in rows:
            customer = conv.customer_from_row(row, contacts.get(row.id, []))
            customer = _with(customer, bounced.get(row.id, frozenset()))
            found.append((customer, overdue.get(row.id, 0)))
        return found

    def _overdue(self, company_id: int, as_of: date) -> dict[int, int]:
        i = InvoiceRow
        query = (
            select(i.customer_id, func.sum(i.open_minor))
            .where(i.company_id == company_id, i.kind == "invoice", i.open_minor > 0,
                   i.due_date < as_of, i.issue_date <= as_of)
            .group_by(i.customer_id)
        )  # fmt: skip
        return {cid: int(total or 0) for cid, total in self.session.execute(query)}


def _with(customer: Customer, undeliverable: frozenset[str]) -> Customer:
    return replace(customer, undeliverable=undeliverable) if undeliverable else customer
