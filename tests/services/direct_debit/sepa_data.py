"""Shared data of the direct-debit tests: a company with customers, invoices and
mandates, on the fake (tests/fakes_direct_debit.py) or a real database, and the steps
of the flow (announce, send, export) with the moment as an argument. Sending goes
through the real `send_pending`: to a FakeMailer on the fake, over real SMTP on a
database."""

from __future__ import annotations

import email
from datetime import UTC, date, datetime
from decimal import Decimal
from email.message import Message
from zoneinfo import ZoneInfo

from sqlalchemy import update

from tests.adapters.mail.server import RecordingHandler
from tests.fakes import FakeMailer
from tests.fakes_direct_debit import FakeDirectDebitDatabase
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.mail import SmtpMailer
from tijdig.adapters.render.pre_notification import PreNotificationRenderer
from tijdig.adapters.sepa import pain008
from tijdig.adapters.sms import LoggingSms
from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.mandates import Scheme
from tijdig.domain.parties import BankAccount, Company, Customer, CustomerKind, Language
from tijdig.services.collection.delivery import SendReport, send_pending
from tijdig.services.companies.companies import add_company
from tijdig.services.direct_debit import direct_debit
from tijdig.services.direct_debit.debit_batches import Exported, export_batch
from tijdig.services.direct_debit.debit_notices import Notified, notify_collections

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CREDITOR_ID = "NL69ZZZ123456780000"
CUSTOMERS = (
    Customer("1001", "Bakkerij De Gouden Korst B.V.", email="ap@goudenkorst.nl"),
    Customer("2001", "Peeters BV", country="BE", email="boekhouding@peeters.be",
             language=Language.EN),
    Customer("3001", "Marieke de Vries", kind=CustomerKind.CONSUMER, email="marieke@example.nl"),
    Customer("4001", "Zonder Machtiging BV", email="info@zonder.nl"),
    Customer("5001", "Zonder E-mail BV"),
)  # fmt: skip
INVOICES = (  # number, customer, issued, due, total, currency, kind
    ("F1", "1001", date(2026, 3, 2), date(2026, 3, 31), "121.00", "EUR", InvoiceKind.INVOICE),
    ("F2", "1001", date(2026, 11, 15), date(2026, 12, 15), "50.00", "EUR", InvoiceKind.INVOICE),
    ("F3", "1001", date(2026, 12, 1), date(2026, 12, 31), "30.00", "EUR", InvoiceKind.INVOICE),
    ("F4", "1001", date(2026, 12, 30), date(2027, 1, 29), "40.00", "EUR", InvoiceKind.INVOICE),
    ("C1", "1001", date(2026, 3, 20), date(2026, 3, 20), "10.00", "EUR",
     InvoiceKind.CREDIT_NOTE),
    ("F5", "2001", date(2026, 3, 7), date(2026, 4, 6), "200.00", "USD", InvoiceKind.INVOICE),
    ("F6", "2001", date(2026, 11, 30), date(2026, 12, 30), "75.50", "EUR", InvoiceKind.INVOICE),
    ("F7", "3001", date(2026, 11, 1), date(2026, 12, 1), "80.00", "EUR", InvoiceKind.INVOICE),
    ("F8", "4001", date(2026, 11, 1), date(2026, 12, 1), "99.00", "EUR", InvoiceKind.INVOICE),
    ("F9", "5001", date(2026, 11, 1), date(2026, 12, 1), "12.00", "EUR", InvoiceKind.INVOICE),
)  # fmt: skip
MANDATES = (  # customer, reference, signed, IBAN
    ("1001", "MND-1001", date(2026, 1, 2), "NL69INGB0123456789"),
    ("2001", "MND-2001", date(2026, 1, 3), "BE68539007547034"),
    ("3001", "MND-3001", date(2026, 1, 3), "BE71096123456769"),
    ("5001", "MND-5001", date(2026, 1, 3), "NL91ABNA0417164300"),
)
NEW_YEARS_EVE = date(2026, 12, 31)  # a Thursday, the last TARGET2 day of 2026

# Where the tests keep their rows: the fake, or an installation on a real database.
Store = Tijdig | FakeDirectDebitDatabase


def seed(app: Store, *, mandates: bool = True) -> Company:
    """ACME with its customers, invoices and (unless told not to) their CORE mandates."""
    account = BankAccount("NL91ABNA0417164300")  # no BIC: schwifty knows ABNANL2A
    company = add_company(
        app.uow(),
        Company(
            code="ACME", name="Acme B.V.", bank_accounts=(account,), email="debiteuren@acme.nl"
        ),
        actor="test",
        at=datetime.now(UTC),
    )
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, CUSTOMERS)
        ids = uow.customers.ids_by_number(company.id)
        for number, customer, issued, due, total, currency, kind in INVOICES:
            invoice = Invoice(
                number, customer, issued, due, Decimal(total), kind=kind, currency=currency
            )
            uow.invoices.add(
                invoice, company_id=company.id, customer_id=ids[customer], fingerprint=number,
                source="test",
            )  # fmt: skip
        uow.commit()
    if mandates:
        for customer, reference, signed, iban in MANDATES:
            direct_debit.add_mandate(app.uow(), company, customer, reference, signed, Scheme.CORE,
                                     iban, actor="test", at=datetime.now(UTC))  # fmt: skip
    return company


def moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of a business day in Amsterdam, in UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)


def notify(app: Store, company: Company, on: date, as_of: date, **kw: object) -> Notified:
    return notify_collections(
        app.uow(), company, PreNotificationRenderer(), collection_date=on, as_of=as_of,
        now=moment(as_of, 9), zone=AMSTERDAM, actor="test", creditor_id=CREDITOR_ID,
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def send(app: Tijdig, port: int, at: datetime) -> SendReport:
    """`tijdig send` at a moment: every due message, over real SMTP."""
    mailer = SmtpMailer("127.0.0.1", port, timeout=30.0)
    return send_pending(app.uow, mailer, LoggingSms(), now=at)


def hand_to(mailer: FakeMailer, db: FakeDirectDebitDatabase, at: datetime) -> SendReport:
    """`tijdig send` at a moment on the fake: every due message to `mailer`."""
    return send_pending(db.uow, mailer, LoggingSms(), now=at)


def export(app: Store, company: Company, on: date, as_of: date, **kw: object) -> Exported:
    return export_batch(
        app.uow(), company, collection_date=on, as_of=as_of, creditor_id=CREDITOR_ID,
        writer=pain008.write, zone=AMSTERDAM, actor="test", at=moment(as_of, 10),
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def set_open(app: Store, number: str, minor: int) -> None:
    """What a payment booked meanwhile leaves open on an invoice (of the one company)."""
    if isinstance(app, FakeDirectDebitDatabase):
        with app.uow() as fake:
            [company] = fake.companies.all()
            fake.ledger.leave_open(company.id or 0, number, Decimal(minor) / 100)
            fake.commit()
        return
    with app.uow() as uow:
        uow.session.execute(
            update(InvoiceRow).where(InvoiceRow.number == number), {"open_minor": minor}
        )
        uow.commit()


def body(message: Message) -> str:
    """The plain-text part of a received e-mail, no-break spaces as spaces."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8").replace("\xa0", " ")
    raise AssertionError("no text part")


def received(handler: RecordingHandler) -> dict[str, Message]:
    """The accepted messages by recipient."""
    return {str(m["To"]): email.message_from_bytes(m.as_bytes()) for m in handler.accepted}
