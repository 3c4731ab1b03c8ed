"""A company with one overdue customer and replies read from its mailbox, kept as the
fetcher keeps them (read_mail, the store's `add`), for the inbox's tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime

from sqlalchemy import func, select

from tijdig.adapters.db.schema.collection import (
    ContactEventRow,
    DisputeRow,
    PromiseRow,
    StepTakenRow,
    TaskRow,
)
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import Invoice
from tijdig.domain.mailbox import LinkMethod
from tijdig.domain.parties import Company, Customer
from tijdig.engine.mail_kinds import read_mail
from tijdig.services.companies.companies import add_company
from tijdig.services.mailbox.fetch import attachments_of, reply_reading
from tijdig.services.mailbox.ports import Link, NewMail
from tijdig.services.receivables.imports import with_reference


def moment(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def setup(app: Tijdig) -> Company:
    """Acme (NL) with customer C1 and its invoice A of EUR 1000 due 1 July 2026."""
    acme = Company(code="ACME", name="Acme B.V.", email="debiteuren@acme.nl")
    company = add_company(app.uow(), acme, validate=False, actor="test",
                          at=moment(date(2026, 1, 5)))  # fmt: skip
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, [
            Customer(number="C1", name="Klant BV", email="boekhouding@klant.nl"),
        ])  # fmt: skip
        cid = uow.customers.ids_by_number(company.id)["C1"]
        invoice = Invoice("A", "C1", date(2026, 6, 1), date(2026, 7, 1), Decimal("1000.00"))
        uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                         customer_id=cid, fingerprint="A", source="test")  # fmt: skip
        uow.commit()
    return company


def add_reply(
    app: Tijdig,
    company: Company,
    text: str,
    at: datetime,
    *,
    linked: bool = True,
    key: str = "<r1@klant.nl>",
    customer: str = "C1",
    **headers: str,
) -> int:
    """A reply from `customer` read at `at`, classified and kept as the fetcher does."""
    message = EmailMessage()
    message["From"] = "Boekhouding <boekhouding@klant.nl>"
    message["To"] = "debiteuren@acme.nl"
    message["Subject"] = "Re: Herinnering factuur A"
    message["Date"] = format_datetime(at)
    message["Message-ID"] = key
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    message.add_attachment(b"%PDF-1.7 bewijs", maintype="application", subtype="pdf",
                           filename="bewijs.pdf")  # fmt: skip
    raw = bytes(message)
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(parsed, EmailMessage) and company.id is not None
    read = read_mail(parsed, received_on=at.date())
    with app.uow() as uow:
        cid = uow.customers.ids_by_number(company.id)[customer] if linked else None
        link = Link(cid, LinkMethod.SENDER) if linked else Link()
        mail = NewMail(
            message_key=key, message_id=key, folder="INBOX", uidvalidity=1, uid=1,
            from_address="boekhouding@klant.nl", to_addresses="debiteuren@acme.nl",
            subject=str(message["Subject"]), sent_at=at, fetched_at=at, size=len(raw),
            truncated=False, raw=raw, kind=read.kind, kind_reasons=read.reasons, link=link,
            reply=None if read.classification is None else reply_reading(read.classification),
            attachments=attachments_of(parsed),
        )  # fmt: skip
        mail_id = uow.mail.add(company.id, mail)
        uow.commit()
    return mail_id


def count(app: Tijdig, row: type, **where: object) -> int:
    query = select(func.count()).select_from(row)
    for name, value in where.items():
        query = query.where(getattr(row, name) == value)
    with app.engine.connect() as connection:
        return int(connection.scalar(query) or 0)


__all__ = ["AuditRow", "ContactEventRow", "DisputeRow", "PromiseRow", "StepTakenRow",
           "TaskRow"]  # fmt: skip
