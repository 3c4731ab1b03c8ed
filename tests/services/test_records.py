"""Disputes, promises, the contact log and the agenda, on a real database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from tests.snapshot import Tables, changed
from tijdig.adapters.db.rows import InvoiceRow, PaymentRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.services import agenda as agenda_service
from tijdig.services import records
from tijdig.services.companies.companies import add_company
from tijdig.services.records import Agreement

CUSTOMERS = (
    Customer(
        "1001",
        "Bakkerij De Gouden Korst B.V.",
        phone="+31201234567",
        contacts=(
            Contact("Piet Inkoop", ContactRole.PURCHASING, phone="+31201111111"),
            Contact("Anna Crediteuren", ContactRole.ACCOUNTS_PAYABLE, phone="+31202222222"),
        ),
    ),
    Customer("2001", "Peeters BV", country="BE", phone="+3231234567"),
    Customer("3001", "Marieke de Vries"),
)
INVOICES = (
    ("F1", "1001", date(2026, 9, 1), date(2026, 10, 1), "1210.00", InvoiceKind.INVOICE),
    ("F2", "1001", date(2026, 11, 1), date(2026, 12, 1), "100.00", InvoiceKind.INVOICE),
    ("C1", "1001", date(2026, 10, 5), date(2026, 10, 5), "50.00", InvoiceKind.CREDIT_NOTE),
    ("F3", "2001", date(2026, 6, 1), date(2026, 7, 1), "500.00", InvoiceKind.INVOICE),
    ("F4", "3001", date(2026, 5, 1), date(2026, 6, 1), "80.00", InvoiceKind.INVOICE),
)


def seed(app: Tijdig) -> Company:
    """A company with three customers and their invoices."""
    company = add_company(
        app.uow(),
        Company(code="ACME", name="Acme B.V."),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, CUSTOMERS)
        ids = uow.customers.ids_by_number(company.id)
        for number, customer, issued, due, total, kind in INVOICES:
            invoice = Invoice(number, customer, issued, due, Decimal(total), kind=kind)
            uow.invoices.add(
                invoice, company_id=company.id, customer_id=ids[customer], fingerprint=number,
                source="test",
            )  # fmt: skip
        uow.commit()
    return company


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 30, tzinfo=UTC)


@pytest.fixture
def company(app: Tijdig) -> Company:
    return seed(app)


@pytest.fixture
def uow(app: Tijdig) -> SqlUnitOfWork:
    return SqlUnitOfWork(app.engine)


def judge(
    uow: SqlUnitOfWork, company: Company, as_of: date, *, today: date | None = None
) -> int | None:
    """What `tijdig run` does first: judge the promises dated before `as_of`."""
    with uow:
        judged = agenda_service.judge_promises(uow, company, as_of=as_of, today=today or as_of)
        uow.commit()
    return judged


def settle(app: Tijdig, *numbers: str) -> None:
    with app.uow() as u:
        u.session.execute(
            update(InvoiceRow).where(InvoiceRow.number.in_(numbers)), {"open_minor": 0}
        )
        u.commit()


def test_a_dispute_holds_its_invoice_and_is_resolved(uow: SqlUnitOfWork, company: Company) -> None:
    d = records.add_dispute(uow, company, "F1", ReasonCode.DISSATISFIED, as_of=date(2026, 11, 2))
    assert d.is_open(date(2026, 11, 2))
    with pytest.raises(Conflict, match="disputed already"):
        records.add_dispute(uow, company, "F1", ReasonCode.OTHER, as_of=date(2026, 11, 3))
    done = records.resolve_dispute(uow, company, "F1", as_of=date(2026, 11, 9))
    assert done.resolved_on == date(2026, 11, 9) and not done.is_open(date(2026, 11, 9))
    with pytest.raises(NotFound, match="no open dispute"):
        records.resolve_dispute(uow, company, "F1", as_of=date(2026, 11, 10))
    records.add_dispute(uow, company, "F1", ReasonCode.OTHER, as_of=date(2026, 11, 10))


@pytest.mark.parametrize(
    ("number", "error", "message"),
    [("NOPE", NotFound, "no invoice"), ("C1", RuleViolation, "credit note")],
)
def test_a_dispute_needs_a_known_invoice(
    uow: SqlUnitOfWork, company: Company, number: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        records.add_dispute(uow, company, number, ReasonCode.OTHER, as_of=date(2026, 11, 2))


def test_an_unknown_reason_code_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidValue, match="invoice_incorrect, payment_method"):
        records.parse_reason("boos")
    assert records.parse_reason(" Cash_Flow ") is ReasonCode.CASH_FLOW


def test_a_promise_is_logged_as_a_note(uow: SqlUnitOfWork, company: Company) -> None:
    made = at(date(2026, 11, 23))
    promise = records.add_promise(
        uow, company, "1001", date(2026, 11, 27), amount=Decimal("500"), at=made
    )
    assert promise.is_in_force(date(2026, 11, 25))
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23))
    [note] = activity.events
    assert note.kind is ContactKind.NOTE and "500.00 by 2026-11-27" in note.summary
    assert activity.promises == (promise,)
    with pytest.raises(RuleViolation, match="lies before"):
        records.add_promise(uow, company, "1001", date(2026, 11, 20), at=made)
    with pytest.raises(NotFound):
        records.add_promise(uow, company, "9999", date(2026, 11, 30), at=made)


def test_a_call_outcome_records_a_promise_and_a_dispute(
    uow: SqlUnitOfWork, company: Company
) -> None:
    event = ContactEvent(
        "1001", ContactKind.CALL, at(date(2026, 11, 23)), "Called about F1 and F2",
        with_whom="Anna", outcome="pays F1 Friday; F2 wrong", reason=ReasonCode.INVOICE_INCORRECT,
    )  # fmt: skip
    done = records.log_contact(
        uow, company, event, agreed=Agreement(date(2026, 11, 27), dispute_invoice="F2")
    )
    assert done.promise is not None and done.promise.amount is None
    assert done.dispute is not None and done.dispute.reason is ReasonCode.INVOICE_INCORRECT
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23))
    assert activity.events == (event,) and len(activity.disputes) == 1


def test_a_dispute_from_a_contact_needs_a_reason_and_the_customers_invoice(
    uow: SqlUnitOfWork, company: Company
) -> None:
    event = ContactEvent("1001", ContactKind.CALL, at(date(2026, 11, 23)), "call")
    with pytest.raises(InvalidValue, match="reason"):
        records.log_contact(uow, company, event, agreed=Agreement(dispute_invoice="F1"))
    other = ContactEvent(
        "1001", ContactKind.CALL, at(date(2026, 11, 23)), "call", reason=ReasonCode.OTHER
    )
    with pytest.raises(RuleViolation, match="belongs to customer 2001"):
        records.log_contact(uow, company, other, agreed=Agreement(dispute_invoice="F3"))
    assert (
        agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23)).events
        == ()
    )


def test_automated_kinds_are_not_logged_by_hand(uow: SqlUnitOfWork, company: Company) -> None:
    event = ContactEvent("1001", ContactKind.EMAIL_SENT, at(date(2026, 11, 23)), "mail")
    with pytest.raises(InvalidValue, match="logged by Tijdig"):
        records.log_contact(uow, company, event)


@pytest.mark.parametrize(
    ("customer", "promised", "due_on"),
    [
        ("1001", date(2026, 11, 27), date(2026, 11, 30)),  # Friday -> Monday
        ("1001", date(2026, 12, 24), date(2026, 12, 28)),  # Christmas and a weekend
        ("3001", date(2026, 7, 20), date(2026, 7, 21)),  # NL: an ordinary Tuesday
        ("2001", date(2026, 7, 20), date(2026, 7, 22)),  # BE: 21 July is a holiday
    ],
)
def test_a_promise_not_kept_raises_one_follow_up_on_the_next_working_day(
    uow: SqlUnitOfWork, company: Company, customer: str, promised: date, due_on: date
) -> None:
    made = at(promised - timedelta(days=4))
    records.add_promise(uow, company, customer, promised, at=made)
    assert judge(uow, company, promised) == 0  # not yet passed
    [lapsed] = agenda_service.agenda(uow, company, as_of=due_on).lapsed  # shown, not judged
    assert lapsed.follow_up.due_on == due_on and lapsed.promise.promised_date == promised
    assert judge(uow, company, due_on) == 1
    first = agenda_service.agenda(uow, company, as_of=due_on)
    [item] = first.items
    assert first.lapsed == ()
    assert item.task.kind is TaskKind.FOLLOW_UP and item.task.due_on == due_on
    assert "not kept" in item.task.title and item.script
    assert item.task == lapsed.follow_up  # the agenda showed what the run raised
    assert judge(uow, company, due_on) == 0
    again = agenda_service.agenda(uow, company, as_of=due_on)
    assert [i.task_id for i in again.items] == [item.task_id]
    activity = agenda_service.customer_activity(uow, company, customer, as_of=due_on)
    assert activity.promises[0].kept is False and len(activity.tasks) == 1


def test_a_settled_promise_is_kept_and_raises_nothing(
    app: Tijdig, uow: SqlUnitOfWork, company: Company
) -> None:
    records.add_promise(uow, company, "1001", date(2026, 11, 27), at=at(date(2026, 11, 23)))
    settle(app, "F1")  # F2 was not yet due when the promise was made
    agenda = agenda_service.agenda(uow, company, as_of=date(2026, 11, 30))
    assert agenda.lapsed == () and agenda.items == ()  # nothing to follow up
    assert judge(uow, company, date(2026, 11, 30)) == 0
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 30))
    assert activity.promises[0].kept is True


def test_completing_a_call_logs_it_and_may_record_a_promise(
    uow: SqlUnitOfWork, company: Company
) -> None:
    records.add_promise(uow, company, "3001", date(2026, 11, 27), at=at(date(2026, 11, 23)))
    judge(uow, company, date(2026, 11, 30))
    [item] = agenda_service.agenda(uow, company, as_of=date(2026, 11, 30)).items
    assert item.contact is None  # customer 3001 has no phone number
    done = records.complete_task(
        uow, company, item.task_id, "new date agreed", at=at(date(2026, 11, 30)),
        reason=ReasonCode.CASH_FLOW, agreed=Agreement(date(2026, 12, 4), Decimal("80")),
    )  # fmt: skip
    assert done.promise is not None and done.event.kind is ContactKind.NOTE
    assert agenda_service.agenda(uow, company, as_of=date(2026, 11, 30)).items == ()
    with pytest.raises(RuleViolation, match="was done on 2026-11-30"):
        records.complete_task(uow, company, item.task_id, "again", at=at(date(2026, 11, 30)))
    with pytest.raises(NotFound):
        records.complete_task(uow, company, 999, "x", at=at(date(2026, 11, 30)))


def test_the_agenda_names_whom_to_call_with_a_script(uow: SqlUnitOfWork, company: Company) -> None:
    assert company.id is not None
    with uow:
        ids = uow.customers.ids_by_number(company.id)
        call = Task("1001", TaskKind.CALL, date(2026, 11, 25), "Large amount overdue")
        uow.tasks.add(company.id, ids["1001"], call)
        later = Task("2001", TaskKind.CALL, date(2026, 11, 26), "Tomorrow")
        uow.tasks.add(company.id, ids["2001"], later)
        uow.commit()
    [item] = agenda_service.agenda(uow, company, as_of=date(2026, 11, 25)).items
    assert item.contact is not None and item.contact.name == "Anna Crediteuren"
    assert "Klopt de factuur" in item.script  # the customer's language
    assert item.days_overdue == 0


def test_a_promised_amount_paid_by_the_date_keeps_the_promise(
    app: Tijdig, uow: SqlUnitOfWork, company: Company
) -> None:
    records.add_promise(
        uow, company, "2001", date(2026, 11, 27), amount=Decimal("200"), at=at(date(2026, 11, 23))
    )
    with app.uow() as u:
        customer_id = u.customers.ids_by_number(company.id or 0)["2001"]
        for day, minor in ((date(2026, 11, 20), 50_000), (date(2026, 11, 26), 20_000)):
            u.session.add(
                PaymentRow(
                    company_id=company.id, customer_id=customer_id, paid_on=day,
                    amount_minor=minor, currency="EUR",
                )
            )  # fmt: skip
        u.commit()
    assert agenda_service.agenda(uow, company, as_of=date(2026, 11, 30)).lapsed == ()
    assert judge(uow, company, date(2026, 11, 30)) == 0
    promises = agenda_service.customer_activity(
        uow, company, "2001", as_of=date(2026, 11, 30)
    ).promises
    assert promises[0].kept is True


@pytest.mark.parametrize("as_of", [date(2026, 11, 30), date(2027, 2, 1), date(2099, 12, 31)])
def test_the_agenda_shows_a_lapsed_promise_and_writes_nothing(
    app: Tijdig, uow: SqlUnitOfWork, company: Company, as_of: date
) -> None:
    records.add_promise(uow, company, "1001", date(2026, 11, 27), at=at(date(2026, 11, 23)))
    tables = Tables(app.engine)
    before = tables.snapshot()
    agenda = agenda_service.agenda(uow, company, as_of=as_of)
    [lapsed] = agenda.lapsed
    assert lapsed.customer_name.startswith("Bakkerij") and lapsed.contact is not None
    assert lapsed.follow_up.due_on == date(2026, 11, 30) and agenda.items == ()
    assert changed(before, tables.snapshot()) == []
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=as_of)
    assert activity.promises[0].kept is None and activity.tasks == ()


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 27), date(2026, 11, 29)],  # the promised day; a Sunday before the run's day
)
def test_promises_are_never_judged_for_a_day_after_today(
    app: Tijdig, uow: SqlUnitOfWork, company: Company, today: date
) -> None:
    records.add_promise(uow, company, "1001", date(2026, 11, 27), at=at(date(2026, 11, 23)))
    tables = Tables(app.engine)
    before = tables.snapshot()
    assert judge(uow, company, today + timedelta(days=1), today=today) is None
    assert judge(uow, company, date(2099, 12, 31), today=today) is None
    assert changed(before, tables.snapshot()) == []
    assert judge(uow, company, date(2026, 11, 30), today=date(2026, 12, 6)) == 1  # a past day
