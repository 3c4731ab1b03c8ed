"""A credit controller's whole day in Debian's Chromium (issue 15, "Done when"): two bank
review cases, approve and send the run (in the background), a call from the agenda that
is not answered, a call logged on the customer page with a promise, a customer paused,
the overdue list exported, and a Belgian customer switched to French with its reminder
previewed in French. The database is checked after each step, as the real app under
uvicorn wrote it; background jobs are done by a runner thread in this process."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tijdig import clock
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import (
    ContactEventRow,
    PromiseRow,
    RunItemRow,
    TaskRow,
)
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.importers import bank
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import Role
from tijdig.entrypoints.web.app import create_app
from tijdig.services.bank.matching import import_and_match
from tijdig.services.records import pauses

from .browser import (
    BROWSER_TEST,
    chromium,
    job_runner,
    served,
    watch_for_violations,
)
from .collection_data import AS_OF, seed_small, settings
from .conftest import PASSWORD, add_customers, add_invoices, add_user, invoice

pytestmark = BROWSER_TEST

CALL_BACK = date(2026, 11, 26)  # the Thursday after AS_OF
PROMISED = AS_OF + timedelta(days=14)
RESUMES = AS_OF + timedelta(days=30)
ACCOUNT = "NL02ABNA0123456789"  # Acme's own account
DUPONT = Customer("B001", "Boulangerie Dupont", country="BE", email="compta@dupont.example")


@pytest.fixture(scope="module", autouse=True)
def the_day() -> Iterator[None]:
    """AS_OF, 10:00 in Amsterdam: within the sending hours, whenever the suite runs."""
    moment = datetime.combine(AS_OF, time(10, 0), tzinfo=clock.BUSINESS_TIMEZONE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: moment.astimezone(UTC))
        yield


def _import_statement(app: Tijdig, company: Company, folder: Path) -> None:
    """This morning's MT940 statement with two credits the matcher leaves for a person:
    a part payment from the Belgian customer (its invoice named, the amount not fitting)
    and a supplier's credit note that is no customer payment."""
    day = AS_OF.strftime("%y%m%d")
    lines = [("200,00", "BE71096123456769", "Boulangerie Dupont", "acompte BE-001"),
             ("99,00", "NL44RABO0123456789", "Leverancier X", "creditnota 7781")]  # fmt: skip
    body = "".join(
        f":61:{day}{AS_OF:%m%d}C{amount}NTRFNONREF//B{n}\n:86:/IBAN/{iban}/NAME/{name}/REMI/{remi}/\n"
        for n, (amount, iban, name, remi) in enumerate(lines)
    )
    statement = folder / "statement.mt940"
    statement.write_text(f":20:S{day}\n:25:{ACCOUNT}\n:28C:{AS_OF:%j}/1\n"
                         f":60F:C{day}EUR1000,00\n{body}:62F:C{day}EUR1299,00\n")  # fmt: skip
    summary, [matched] = import_and_match(app.uow(), [statement], read=bank.extract,
                                          company_hint=company, actor="test",
                                          at=datetime.now(UTC))  # fmt: skip
    assert (summary.new, matched.review) == (2, 2)


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tijdig]:
    """Acme with Bakkerij Jansen (a call due today, a dispute) and a Belgian baker with an
    overdue invoice and one not yet due; two bank lines waiting for review."""
    folder = tmp_path_factory.mktemp("day")
    chosen = settings(f"sqlite:///{folder / 'tijdig.db'}", folder)
    app = bootstrap(chosen.model_copy(update={"mail_from": "debiteuren@acme.example"}))
    acme = seed_small(app)
    assert acme.id is not None
    add_customers(app, acme, [DUPONT])
    add_invoices(app, acme, [
        invoice("BE-001", "B001", date(2026, 9, 20), date(2026, 10, 20), "500.00"),
        invoice("BE-002", "B001", date(2026, 11, 10), date(2026, 12, 10), "80.00"),
    ])  # fmt: skip
    _import_statement(app, acme, folder)
    add_user(app, "anna", Role.CREDIT_CONTROLLER, (acme.id,))
    yield app
    app.close()


@pytest.fixture(scope="module")
def base_url(installation: Tijdig) -> Iterator[str]:
    """The app under uvicorn, and a job runner polling the job records beside it."""
    with job_runner(installation), served(create_app(installation.settings)) as url:
        yield url


@pytest.fixture
def page(base_url: str) -> Iterator[Page]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                      accept_downloads=True)  # fmt: skip
        tab = context.new_page()
        problems = watch_for_violations(tab)
        tab.goto(f"{base_url}/sign-in")
        tab.get_by_label("User name").fill("anna")
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        yield tab
        context.close()
    assert problems == []


def _rows(app: Tijdig, *columns: Any, where: Any = True) -> list[tuple[Any, ...]]:
    with app.uow() as uow:
        return [tuple(r) for r in uow.session.execute(select(*columns).where(where))]


def _audited(app: Tijdig, action: str) -> list[tuple[Any, ...]]:
    return _rows(app, AuditRow.actor, where=AuditRow.action == action)


def _acme(app: Tijdig) -> Company:
    with app.uow() as uow:
        found = uow.companies.find("ACME")
    assert found is not None
    return found


def _customer_id(app: Tijdig, number: str) -> int:
    [(found,)] = _rows(app, CustomerRow.id, where=CustomerRow.number == number)
    return int(found)


def _bank_review(page: Page, base_url: str, app: Tijdig) -> None:
    page.goto(f"{base_url}/bank")
    lines = page.locator("article.bank-line")
    expect(lines).to_have_count(2)
    dupont = lines.filter(has_text="Boulangerie Dupont")
    dupont.get_by_label("Find an invoice or customer").fill("BE-001")
    dupont.get_by_role("button", name="Search").click()
    dupont = page.locator("article.bank-line", has_text="Boulangerie Dupont")
    dupont.get_by_label("BE-001").check()
    dupont.get_by_role("button", name="Book to the invoices ticked").click()
    expect(page.locator("article.bank-line")).to_have_count(1)
    booked = _rows(app, InvoiceRow.number, AllocationRow.amount_minor,
                   where=AllocationRow.invoice_id == InvoiceRow.id)  # fmt: skip
    assert booked == [("BE-001", 20_000)]
    line = page.locator("article.bank-line")
    line.get_by_label("Note").fill("refund from a supplier")
    line.get_by_role("button", name="Not a customer payment").click()
    expect(page.get_by_text("Nothing waits for review.")).to_be_visible()
    assert _rows(app, BankTransactionRow.counterparty_name, BankTransactionRow.status) == [
        ("Boulangerie Dupont", "matched"), ("Leverancier X", "ignored")]  # fmt: skip
    assert _audited(app, "bank.book") == [("anna (web)",)]
    assert _audited(app, "bank.dismiss") == [("anna (web)",)]


def _approve_and_send(page: Page, base_url: str, app: Tijdig) -> None:
    page.goto(f"{base_url}/runs?as_of={AS_OF.isoformat()}")
    page.get_by_role("button", name="Start the run of").click()
    expect(page.locator("h1")).to_contain_text("Run")
    page.locator("input.select-all").check()
    chosen = [int(v) for v in page.locator('input[name="item"]').evaluate_all(
        "els => els.map(e => e.value)")]  # fmt: skip
    assert chosen
    page.get_by_role("button", name="Approve selected").click()
    expect(page.locator(".decided-count")).to_have_text(str(len(chosen)))
    approved = _rows(app, RunItemRow.status, where=RunItemRow.id.in_(chosen))
    assert approved == [("approved",)] * len(chosen)
    page.get_by_role("button", name="Send what was approved").click()
    expect(page.locator(".sent-outcome")).to_contain_text("Send finished", timeout=30_000)
    sent = _rows(app, RunItemRow.status, where=RunItemRow.id.in_(chosen))
    assert sent == [("sent",)] * len(chosen)
    assert len(list(app.settings.mail_dir.glob("*.eml"))) == len(chosen)


def _not_reached(page: Page, base_url: str, app: Tijdig) -> None:
    page.goto(f"{base_url}/agenda?as_of={AS_OF.isoformat()}")
    task = page.locator("article.task", has_text="Bakkerij Jansen").first
    task_id = int(task.get_attribute("data-task") or 0)
    task.locator("summary", has_text="Not reached").click()
    task.locator('input[name="call_back"]').fill(CALL_BACK.isoformat())
    task.locator('input[name="note"]').fill("voicemail")
    task.get_by_role("button", name="Not reached: keep it open").click()
    expect(page.locator(".task-moved")).to_contain_text(f"#{task_id}")
    assert _rows(app, TaskRow.due_on, TaskRow.done_on, where=TaskRow.id == task_id) == [
        (CALL_BACK, None)]  # fmt: skip
    called = ContactEventRow.outcome == "voicemail"
    assert _rows(app, ContactEventRow.customer_id, ContactEventRow.by, where=called) == [
        (_customer_id(app, "C001"), "Anna")]  # fmt: skip
    assert _audited(app, "task.call_back") == [("anna (web)",)]


def _call_with_promise(page: Page, base_url: str, app: Tijdig) -> None:
    page.goto(f"{base_url}/customers/C001")
    form = page.locator("#customer-actions form.action-contact")
    form.get_by_label("With whom").fill("Eline Bos")
    form.get_by_label("What was said").fill("Called back about ACME-001")
    form.get_by_label("What came out of it").fill("Pays in two weeks")
    form.get_by_label("Promised to pay by (optional)").fill(PROMISED.isoformat())
    form.get_by_role("button", name="Log it").click()
    expect(page.locator("#timeline")).to_contain_text("Called back about ACME-001")
    events = _rows(app, ContactEventRow.with_whom, ContactEventRow.outcome,
                   where=ContactEventRow.outcome == "Pays in two weeks")  # fmt: skip
    assert events == [("Eline Bos", "Pays in two weeks")]
    assert _rows(app, PromiseRow.promised_date) == [(PROMISED,)]


def _pause(page: Page, app: Tijdig) -> None:
    form = page.locator("#customer-actions form.action-pause")
    form.get_by_label("Dunning resumes on").fill(RESUMES.isoformat())
    form.get_by_label("Reason").fill("Director away")
    form.get_by_role("button", name="Pause dunning").click()
    expect(page.locator("#customer-actions .paused")).to_contain_text("Director away")
    [pause] = pauses.pauses_of(app.uow(), _acme(app), "C001")
    assert (pause.since, pause.until) == (AS_OF, RESUMES)


def _export_overdue(page: Page, base_url: str, folder: Path) -> None:
    page.goto(f"{base_url}/invoices")
    page.get_by_label("Show").select_option("overdue")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"state=overdue"))
    with page.expect_download() as waiting:
        page.locator("a.export-csv").click()
    target = folder / waiting.value.suggested_filename
    waiting.value.save_as(target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    # BE-002 falls due in December: not overdue, not in the file
    assert sorted(r[0] for r in rows[1:]) == ["ACME-001", "ACME-002", "BE-001"]


def _reminder_preview(page: Page, base_url: str) -> Any:
    """The template preview of B001's reminder, as it would go out today."""
    page.goto(f"{base_url}/settings/templates")
    page.locator('select[name="step"]').select_option("reminder")
    page.get_by_label("Customer number").fill("B001")
    page.get_by_role("button", name="Show preview").click()
    body = page.frame_locator("iframe.mail-preview").locator("body")
    expect(body).to_contain_text("BE-001")
    return body


def _french(page: Page, base_url: str, app: Tijdig) -> None:
    expect(_reminder_preview(page, base_url)).not_to_contain_text("Selon no")  # Dutch still
    page.goto(f"{base_url}/customers/B001")
    panel = page.locator("#customer-language")
    panel.locator("select[name=language]").select_option("fr")
    panel.get_by_role("button", name="Save").click()
    expect(page.locator("#customer-language-choice")).to_have_value("fr")
    assert _rows(app, CustomerRow.language, where=CustomerRow.number == "B001") == [("fr",)]
    assert _audited(app, "customer.language") == [("anna (web)",)]
    expect(_reminder_preview(page, base_url)).to_contain_text("Selon no")  # "Selon notre/nos"


def test_a_credit_controllers_day(
    page: Page, base_url: str, installation: Tijdig, tmp_path: Path
) -> None:
    _bank_review(page, base_url, installation)
    _approve_and_send(page, base_url, installation)
    _not_reached(page, base_url, installation)
    _call_with_promise(page, base_url, installation)
    _pause(page, installation)
    _export_overdue(page, base_url, tmp_path)
    _french(page, base_url, installation)
