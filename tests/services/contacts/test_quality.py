"""The report of customers whose contact details need attention: missing, invalid,
bounced or not confirmed for the company's months; the most overdue first, in pages;
and `tijdig contacts quality` printing it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from tijdig.bootstrap import Tijdig
from tijdig.domain.contact_quality import ContactIssue as I
from tijdig.domain.contact_quality import months_before
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Code, reason
from tijdig.entrypoints.cli.app import app as cli_app
from tijdig.services.companies.companies import add_company
from tijdig.services.contacts.bounces import record_bounce
from tijdig.services.contacts.quality import (
    add_quality_tasks,
    contact_quality,
    set_confirm_months,
)
from tijdig.services.read_models.common import Window
from tijdig.services.receivables.imports import with_reference

AS_OF = date(2026, 11, 24)
AT = datetime(2026, 11, 24, 9, tzinfo=UTC)
CUSTOMERS = (  # number, e-mail, phone, overdue
    Customer("K1", "Good", email="k1@x.nl", phone="020 123 4567"),
    Customer("K2", "No e-mail", phone="020 123 4567"),
    Customer("K3", "Bad e-mail", email="not-an-address", phone="020 123 4567"),
    Customer("K4", "Bounced", email="k4@x.nl", phone="020 123 4567"),
    Customer("K5", "Bad phone", email="k5@x.nl", phone="12"),
    Customer("K6", "No phone", email="k6@x.nl"),
)
OVERDUE = {"K1": "10.00", "K2": "500.00", "K3": "20.00", "K4": "900.00", "K5": "0", "K6": "75.00"}


def _setup(app: Tijdig) -> Company:
    acme = Company(
        code="ACME", name="Acme B.V.", bank_accounts=(BankAccount("NL91ABNA0417164300"),)
    )
    company = add_company(app.uow(), acme, validate=False, actor="test", at=AT)
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, list(CUSTOMERS))
        ids = uow.customers.ids_by_number(company.id)
        for number, amount in OVERDUE.items():
            if amount == "0":
                continue
            invoice = Invoice(f"F-{number}", number, date(2026, 9, 1), date(2026, 10, 1),
                              Decimal(amount))  # fmt: skip
            uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                             customer_id=ids[number], fingerprint=number,
                             source="test")  # fmt: skip
        for number in ("K1", "K2", "K3", "K4", "K5", "K6"):  # all confirmed this spring
            uow.contact_quality.confirm(company.id, ids[number], date(2026, 3, 2))
        uow.commit()
    record_bounce(app.uow(), company, address="k4@x.nl", hard=True, sent_message_id=None,
                  diagnostic="5.1.1", actor="mail", at=AT)  # fmt: skip
    return company


def test_the_report_lists_what_is_wrong_the_most_overdue_first(app: Tijdig) -> None:
    company = _setup(app)
    report = contact_quality(app.uow(), company, as_of=AS_OF, window=Window(10))
    found = [(r.customer_number, r.issues, r.overdue) for r in report.page.items]
    assert found == [
        ("K4", (I.EMAIL_BOUNCED,), Decimal("900.00")),
        ("K2", (I.EMAIL_MISSING,), Decimal("500.00")),
        ("K6", (I.PHONE_MISSING,), Decimal("75.00")),
        ("K3", (I.EMAIL_INVALID,), Decimal("20.00")),
        ("K5", (I.PHONE_INVALID,), Decimal("0.00")),
    ]
    assert report.page.items[0].email is None  # nothing deliverable: letters go
    second = contact_quality(app.uow(), company, as_of=AS_OF, window=Window(2, 2))
    assert [r.customer_number for r in second.page.items] == ["K6", "K3"]
    assert second.page.total == 5


def test_a_confirmation_older_than_the_company_s_months_is_listed(app: Tijdig) -> None:
    company = _setup(app)
    # Confirmed 2 March: within 12 months on 24 November, not within 6.
    set_confirm_months(app.uow(), company, 6, actor="test", at=AT)
    report = contact_quality(app.uow(), company, as_of=AS_OF, window=Window(10))
    assert report.confirm_months == 6
    assert {r.customer_number for r in report.page.items} == {"K1", "K2", "K3", "K4", "K5", "K6"}
    assert all(I.NOT_CONFIRMED in r.issues for r in report.page.items)
    with pytest.raises(InvalidValue):
        set_confirm_months(app.uow(), company, 0, actor="test", at=AT)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(date(2026, 11, 24), 12, date(2025, 11, 24)), (date(2026, 3, 31), 1, date(2026, 2, 28)),
     (date(2028, 3, 31), 1, date(2028, 2, 29)), (date(2027, 1, 15), 2, date(2026, 11, 15))],
)  # fmt: skip
def test_months_before_keeps_the_day_or_the_month_s_last(
    day: date, months: int, expected: date
) -> None:
    assert months_before(day, months) == expected


def test_the_cli_prints_the_report_as_json(
    app: Tijdig, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _setup(app)
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    runner = CliRunner()
    result = runner.invoke(cli_app, ["contacts", "quality", "--as-of", "2026-11-24", "--json",
                                     "--limit", "2"])  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert [c["number"] for c in shown["customers"]] == ["K4", "K2"]
    assert shown["customers"][0]["issues"] == ["email_bounced"]
    assert shown["total"] == 5
    result = runner.invoke(cli_app, ["contacts", "quality", "--as-of", "2026-11-24"])
    assert result.exit_code == 0 and "K6" in result.output, result.output
    result = runner.invoke(cli_app, ["contacts", "tasks", "--top", "2", "--as-of", "2026-11-24"])
    assert result.exit_code == 0 and "1 tasks to check contact details: K2." in result.output
    result = runner.invoke(cli_app, ["contacts", "settings", "--confirm-months", "6"])
    assert result.exit_code == 0 and "every 6 months" in result.output, result.output


def test_the_task_list_takes_the_head_of_the_report_once(app: Tijdig) -> None:
    company = _setup(app)
    given = add_quality_tasks(app.uow(), company, as_of=AS_OF, top=3, actor="test", at=AT)
    # K4's bounce made a task to find an address already: it gets no second one.
    assert given == ["K2", "K6"]
    assert add_quality_tasks(app.uow(), company, as_of=AS_OF, top=3, actor="test", at=AT) == []
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id or 0)
        [(_, task)] = uow.tasks.open_for_customer(company.id or 0, ids["K6"])
    assert (task.due_on, task.title) == (
        AS_OF,
        reason(Code.TASK_CHECK_CONTACT, customer="No phone"),
    )
    assert task.reasons == (reason(Code.CONTACT_ISSUE, issue="phone_missing"),)
    assert say(task.reasons[0]) == "Contact details: no phone number"
