"""A credit controller's morning in a real browser (issue 14, "Done when"): upload this
morning's bank file and two invoice files and follow them to their result per file; start
the run; approve over a hundred e-mails and send them in the background while visiting
another page; come back to the result. The database is checked after each step, and the
e-mails are counted at a real SMTP server (aiosmtpd on loopback).

The jobs are done by a runner in this process (the one `tijdig serve` starts on SQLite
runs the same loop in a child process, tested in test_imports_browser.py): here the
edge's clock is the demo's run day at 08:00 in Amsterdam, within the sending hours,
whatever the hour at which the suite runs."""

from __future__ import annotations

import time as wall
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect
from sqlalchemy import func, select

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tijdig import clock
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import RunItemRow, RunRow
from tijdig.adapters.db.schema.jobs import BackgroundJobRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.users import Role
from tijdig.entrypoints.web.app import create_app

from .browser import BROWSER_TEST, chromium, job_runner, served, watch_for_violations
from .collection_data import AS_OF, seed_demo
from .conftest import PASSWORD, add_user

pytestmark = BROWSER_TEST

ACCOUNT = "NL91ABNA0417164300"
MORNING = datetime.combine(AS_OF, time(8, 0), tzinfo=clock.BUSINESS_TIMEZONE)


@pytest.fixture(scope="module", autouse=True)
def eight_in_the_morning() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: MORNING.astimezone(UTC))
        yield


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def installation(
    tmp_path_factory: pytest.TempPathFactory, smtp: tuple[RecordingHandler, int]
) -> Iterator[Tijdig]:
    """The demo wholesaler with 600 customers: its run proposes over a hundred e-mails."""
    folder = tmp_path_factory.mktemp("morning")
    settings = Settings(database_url=f"sqlite:///{folder / 'tijdig.db'}",
                        smtp_host="127.0.0.1", smtp_port=smtp[1],
                        mail_from="debiteuren@demo.example", letters_dir=folder / "letters",
                        sms_log=folder / "sms.log")  # fmt: skip
    app = bootstrap(settings)
    demo = seed_demo(app, customers=600, invoices=9000)
    assert demo.id is not None
    add_user(app, "carla", Role.CREDIT_CONTROLLER, (demo.id,))
    yield app
    app.close()


@pytest.fixture(scope="module")
def base_url(installation: Tijdig) -> Iterator[str]:
    """The app under uvicorn, and a job runner polling the job records beside it."""
    with job_runner(installation), served(create_app(installation.settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    problems = watch_for_violations(tab)
    tab.goto(f"{base_url}/sign-in")
    tab.get_by_label("User name").fill("carla")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    yield tab
    context.close()
    assert problems == []


def _scalar(app: Tijdig, query: object) -> object:
    with app.uow() as uow:
        return uow.session.scalar(query)  # type: ignore[call-overload]


def _an_open_invoice(app: Tijdig) -> tuple[str, int, str]:
    """An overdue invoice of the demo: its number, open amount (cents) and customer."""
    query = (
        select(InvoiceRow.number, InvoiceRow.open_minor, CustomerRow.number)
        .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
        .where(InvoiceRow.open_minor > 0, InvoiceRow.due_date < AS_OF - timedelta(days=20))
        .order_by(InvoiceRow.id)
        .limit(1)
    )
    with app.uow() as uow:
        number, open_minor, customer = uow.session.execute(query).one()
    return str(number), int(open_minor), str(customer)


def _mt940(invoice: str, cents: int) -> str:
    """Yesterday's statement: one credit paying `invoice` in full."""
    day = AS_OF - timedelta(days=1)
    yymmdd = day.strftime("%y%m%d")
    amount = f"{Decimal(cents) / 100:.2f}".replace(".", ",")
    return (
        f":20:S{yymmdd}\n:25:{ACCOUNT}\n:28C:{day:%j}/1\n:60F:C{yymmdd}EUR0,00\n"
        f":61:{yymmdd}{day:%m%d}C{amount}NTRFNONREF//B1\n"
        f":86:/IBAN/NL02ABNA0123456789/NAME/Klant/REMI/factuur {invoice}/\n"
        f":62F:C{yymmdd}EUR{amount}\n"
    )


def _invoices_csv(customer: str, rows: list[tuple[str, str]]) -> str:
    lines = ["factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag"]
    lines += [f"{number};{customer};{issued};2026-12-24;121,00" for number, issued in rows]
    return "\n".join(lines) + "\n"


def _file(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode()}


def test_a_morning_upload_run_and_send_in_the_background(
    page: Page, base_url: str, installation: Tijdig, smtp: tuple[RecordingHandler, int]
) -> None:
    app, (server, _port) = installation, smtp
    paid, cents, customer = _an_open_invoice(app)

    # 1. This morning's bank file and two invoice files, followed to their result per file.
    page.goto(f"{base_url}/imports")
    page.get_by_label("Bank statements (MT940, CAMT.053)").set_input_files(
        [_file("monday.mt940", _mt940(paid, cents))]
    )
    good = _invoices_csv(customer, [("N-1", "2026-11-24"), ("N-2", "2026-11-24")])
    bad = _invoices_csv(customer, [("N-3", "2026-11-24"), ("N-4", "2026-11-31")])
    page.get_by_label("Invoices (CSV, UBL e-invoices)").set_input_files(
        [_file("new.csv", good), _file("broken.csv", bad)]
    )
    page.get_by_role("button", name="Upload and import").click()
    progress = page.locator("#job-progress")
    expect(progress).to_have_attribute("data-state", "done", timeout=60_000)
    expect(progress.locator('[data-file="new.csv"] .outcome')).to_have_text("booked")
    expect(progress.locator('[data-file="monday.mt940"]')).to_contain_text("1 payment(s) booked")
    expect(progress.locator('[data-file="broken.csv"] .outcome')).to_have_text(
        "refused: nothing booked"
    )
    expect(progress.locator('[data-file="broken.csv"]')).to_contain_text("line 3")
    opened = select(InvoiceRow.open_minor).where(InvoiceRow.number == paid)
    assert _scalar(app, opened) == 0
    numbers = select(func.count()).where(InvoiceRow.number.in_(["N-1", "N-2", "N-3", "N-4"]))
    assert _scalar(app, numbers) == 2
    assert _scalar(app, select(func.count()).select_from(BankTransactionRow)) == 1

    # 2. The run of the day: the bank is fresh, so nobody is held for it.
    page.goto(f"{base_url}/runs?as_of={AS_OF.isoformat()}")
    page.get_by_role("button", name="Start the run of").click()
    expect(page.locator(".group-tabs")).to_be_visible()
    run_id = _scalar(app, select(func.max(RunRow.id)))
    assert isinstance(run_id, int)
    messages = select(func.count()).where(RunItemRow.run_id == run_id,
                                          RunItemRow.kind == "message")  # fmt: skip
    proposed = int(_scalar(app, messages) or 0)
    assert proposed > 100

    # 3. Every message approved, group by group.
    for group in ("step:friendly", "step:reminder"):
        page.locator(f'.group-tabs a[data-group="{group}"]').click()
        page.locator("button.approve-group").click()
        expect(page.locator(".decided-count")).not_to_have_text("0")
    approved = messages.where(RunItemRow.status == "approved")
    assert _scalar(app, approved) == proposed

    # 4. Sent in the background; meanwhile the controller looks at the customers.
    page.get_by_role("button", name="Send what was approved").click()
    expect(page.locator("#job-progress")).to_be_visible()
    job_url = page.url
    page.get_by_role("link", name="Customers").first.click()
    expect(page.locator("h1")).to_contain_text("Customers")
    deadline = wall.monotonic() + 120
    sent = messages.where(RunItemRow.status == "sent")
    while _scalar(app, sent) != proposed:
        assert wall.monotonic() < deadline, f"sent {_scalar(app, sent)} of {proposed}"
        wall.sleep(0.5)
    state = select(BackgroundJobRow.state).order_by(BackgroundJobRow.id.desc()).limit(1)
    deadline = wall.monotonic() + 30
    while _scalar(app, state) != "done":
        assert wall.monotonic() < deadline, _scalar(app, state)
        wall.sleep(0.2)

    # 5. Back to the job: the result, and every e-mail once at the server.
    page.goto(job_url)
    expect(page.locator(".sent-outcome")).to_contain_text("Send finished")
    expect(page.locator('.sent-outcome [data-count="sent"]')).to_have_text(str(proposed))
    keys = server.keys
    assert len(keys) == proposed and len(set(keys)) == proposed
