"""The repository of contact data quality (S2-1): bounces per address, confirmations and
corrections of a customer's contact details, the company's setting, and what the
quality report reads. It never commits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select, update
from sqlalchemy.orm import QueryableAttribute, Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db.schema.contacts import AddressBounceRow, ContactSettingsRow
from tijdig.adapters.db.schema.ledger import ContactRow, CustomerRow, InvoiceRow
from tijdig.domain.contact_quality import DEFAULT_CONFIRM_MONTHS, AddressState, address_key
from tijdig.domain.parties import ContactRole, Customer
from tijdig.services.contacts.ports import QualityCandidate

_CHUNK = 500


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
        addresses, and the amount overdue on `as_of` in minor units: all of them read in
        full, slow on a large ledger; the report uses `quality_head`, `quality_others` and
        `customers_for_quality`, and its tests compare them with this."""
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

    def quality_head(
        self, company_id: int, *, as_of: date, confirm_cutoff: date, limit: int
    ) -> tuple[int, list[QualityCandidate]]:
        """The company's customers (not erased) that need attention whatever the syntax
        of their addresses (confirmed on `confirm_cutoff` or before, or never; or no
        e-mail; or no phone): how many, and the first `limit` of them by amount overdue
        on `as_of` (most first), then number."""
        c = CustomerRow
        mine = (c.company_id == company_id, c.anonymised_at.is_(None), _sure(confirm_cutoff))
        total = self.session.scalar(select(func.count()).select_from(c).where(*mine)) or 0
        if limit <= 0:
            return total, []
        number: ColumnElement[str] = c.number.expression
        if self.session.get_bind().dialect.name == "postgresql":
            number = number.collate("C")  # as Python compares text: by code point
        # Those with an amount overdue first (from the few customers with one), then
        # those without, by number.
        o = self._overdue_query(company_id, as_of).subquery()
        owing_first = (
            select(c.id, c.number, o.c.total).join(o, o.c.customer_id == c.id).where(*mine)
            .order_by(o.c.total.desc(), number).limit(limit)
        )  # fmt: skip
        found = [
            QualityCandidate(cid, num, int(owed), True)
            for cid, num, owed in self.session.execute(owing_first)
        ]
        if len(found) < limit:
            owing = self._overdue_query(company_id, as_of).where(InvoiceRow.customer_id == c.id)
            found += [QualityCandidate(cid, num, 0, True) for cid, num in self.session.execute(
                select(c.id, c.number).where(*mine, not_(owing.exists()))
                .order_by(number).limit(limit - len(found))
            )]  # fmt: skip
        return total, found

    def quality_others(
        self, company_id: int, *, as_of: date, confirm_cutoff: date
    ) -> list[QualityCandidate]:
        """The company's other customers (not erased, not in `quality_head`), whose
        addresses are to be parsed to know whether they need attention."""
        c = CustomerRow
        rows = self.session.execute(
            select(c.id, c.number).where(c.company_id == company_id, c.anonymised_at.is_(None),
                                         not_(_sure(confirm_cutoff)))
        ).all()  # fmt: skip
        overdue: dict[int, int] = {}
        for start in range(0, len(rows), _CHUNK):
            chunk = [row.id for row in rows[start : start + _CHUNK]]
            query = self._overdue_query(company_id, as_of).where(InvoiceRow.customer_id.in_(chunk))
            overdue.update((cid, int(t or 0)) for cid, t in self.session.execute(query))
        return [QualityCandidate(r.id, r.number, overdue.get(r.id, 0), False) for r in rows]

    def customers_for_quality(self, company_id: int, ids: Sequence[int]) -> dict[int, Customer]:
        """The customers of `ids`, with their contacts and undeliverable addresses."""
        found: dict[int, Customer] = {}
        c, k = CustomerRow, ContactRow
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            rows = self.session.scalars(
                select(c).where(c.company_id == company_id, c.id.in_(chunk))
            ).all()
            contacts: dict[int, list[ContactRow]] = defaultdict(list)
            for contact in self.session.scalars(
                select(k).where(k.customer_id.in_(chunk)).order_by(k.id)
            ):
                contacts[contact.customer_id].append(contact)
            bounced = undeliverable_of(self.session, chunk)
            for row in rows:
                customer = conv.customer_from_row(row, contacts.get(row.id, []))
                found[row.id] = _with(customer, bounced.get(row.id, frozenset()))
        return found

    def _overdue(self, company_id: int, as_of: date) -> dict[int, int]:
        query = self._overdue_query(company_id, as_of)
        return {cid: int(total or 0) for cid, total in self.session.execute(query)}

    @staticmethod
    def _overdue_query(company_id: int, as_of: date) -> Select[int, int]:
        i = InvoiceRow
        return (
            select(i.customer_id, func.sum(i.open_minor).label("total"))
            .where(i.company_id == company_id, i.kind == "invoice", i.open_minor > 0,
                   i.due_date < as_of, i.issue_date <= as_of)
            .group_by(i.customer_id)
        )  # fmt: skip


def _present(column: QueryableAttribute[str | None]) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "")


def _sure(confirm_cutoff: date) -> ColumnElement[bool]:
    """A customer needs attention whatever the syntax of its addresses: not confirmed
    after `confirm_cutoff`, or no e-mail collection writes to (its own or an accounts
    payable contact's), or no phone (its own or any contact's); as `issues_of` says."""
    c, k = CustomerRow, ContactRow
    ap_email = select(k.id).where(
        k.customer_id == c.id, k.role == ContactRole.ACCOUNTS_PAYABLE.value, _present(k.email)
    )
    any_phone = select(k.id).where(k.customer_id == c.id, _present(k.phone))
    return or_(
        c.contact_confirmed_on.is_(None),
        c.contact_confirmed_on <= confirm_cutoff,
        and_(not_(_present(c.email)), not_(ap_email.exists())),
        and_(not_(_present(c.phone)), not_(any_phone.exists())),
    )


def _with(customer: Customer, undeliverable: frozenset[str]) -> Customer:
    return replace(customer, undeliverable=undeliverable) if undeliverable else customer
