"""Data and clients of the collection pages' tests (runs, agenda, disputes): the demo
wholesaler for runs, a small company of our own for the agenda and disputes, and a
second company whose runs, tasks and disputes no DEMO user may reach."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from tests.entrypoints.web.app_pool import web_app
from tijdig.adapters.db.schema.collection import RunItemRow
from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.collection.records import ReasonCode, Task, TaskKind
from tijdig.domain.collection.scripts import call_script
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.domain.users import Role
from tijdig.services.collection import run as dunning
from tijdig.services.companies.companies import add_company
from tijdig.services.records import disputes

from .conftest import TestClient, add_customers, add_invoices, add_user, invoice, sign_in

AS_OF = date(2026, 11, 24)  # a Tuesday
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def settings(database_url: str, folder: Path) -> Settings:
    """The app's settings, with mail, letters and SMS kept in the test's own folder."""
    return Settings(
        database_url=database_url,
        mail_dir=folder / "mail",
        letters_dir=folder / "letters",
        sms_log=folder / "sms.log",
    )


@contextmanager
def web_client(database_url: str, folder: Path) -> Iterator[TestClient]:
    with web_app(settings(database_url, folder)) as web, TestClient(web) as client:
        yield client


def signed_in_as(
    client: TestClient,
    app: Tijdig,
    username: str,
    role: Role = Role.ADMIN,
    company_ids: tuple[int, ...] = (),
) -> TestClient:
    add_user(app, username, role, company_ids)
    sign_in(client, username)
    return client


def csrf(client: TestClient, path: str = "/runs") -> str:
    page = client.get(path)
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


def seed_demo(app: Tijdig, *, customers: int = 150, invoices: int = 2500) -> Company:
    """The demo wholesaler on AS_OF, before any step was taken (no history): its first
    run proposes reminders and friendly reminders, calls, a hold."""
    spec = DemoSpec(as_of=AS_OF, customers=customers, invoices=invoices, history=False)
    loaded = load_demo(app.engine, spec)
    with app.uow() as uow:
        company = uow.companies.by_id(loaded.company_id)
    assert company is not None
    return company


def start_run(app: Tijdig, company: Company) -> int:
    started = dunning.start_run(
        app.uow(), company, as_of=AS_OF, actor="test", at=datetime.now(UTC), today=AS_OF
    )
    return started.run_id


def item_statuses(app: Tijdig, run_id: int) -> dict[int, str]:
    with app.uow() as uow:
        rows = uow.session.execute(
            select(RunItemRow.id, RunItemRow.status).where(RunItemRow.run_id == run_id)
        )
        return {int(i): str(s) for i, s in rows.all()}


def items_of(app: Tijdig, run_id: int, kind: str, step_key: str | None = None) -> list[int]:
    with app.uow() as uow:
        query = select(RunItemRow.id).where(RunItemRow.run_id == run_id, RunItemRow.kind == kind)
        if step_key is not None:
            query = query.where(RunItemRow.step_key == step_key)
        return list(uow.session.scalars(query.order_by(RunItemRow.id)))


JANSEN = Customer(
    "C001",
    "Bakkerij Jansen",
    email="info@jansen.example",
    phone="020 555 0100",
    contacts=(
        Contact("Eline Bos", ContactRole.ACCOUNTS_PAYABLE, "eline@jansen.example", "020 555 0101"),
        Contact("Piet Jansen", ContactRole.MANAGEMENT, None, "06 1234 5678"),
    ),
)


def seed_small(app: Tijdig, code: str = "ACME", name: str = "Acme Groothandel B.V.") -> Company:
    """A company with one customer (with contacts by role) and two overdue invoices, a
    call due on AS_OF, and an open dispute on the second invoice."""
    company = add_company(
        app.uow(), Company(code, name), validate=False, actor="test", at=datetime.now(UTC)
    )
    assert company.id is not None
    add_customers(app, company, [JANSEN])
    add_invoices(app, company, [
        invoice(f"{code}-001", "C001", date(2026, 9, 1), date(2026, 10, 1), "1210.00"),
        invoice(f"{code}-002", "C001", date(2026, 9, 15), date(2026, 10, 15), "605.00"),
    ])  # fmt: skip
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id)["C001"]
        uow.tasks.add(company.id, customer_id, Task(
            "C001", TaskKind.CALL, AS_OF, "Call Bakkerij Jansen: a large overdue amount",
            script=call_script("large_amount", "nl"), contact_role="accounts_payable",
        ))  # fmt: skip
        uow.commit()
    disputes.open_dispute(
        app.uow(), company, f"{code}-002", ReasonCode.DISSATISFIED, note="late delivery",
        as_of=date(2026, 11, 2), actor="test", at=datetime(2026, 11, 2, 9, tzinfo=UTC),
    )  # fmt: skip
    return company


def task_ids(app: Tijdig, company: Company) -> list[int]:
    assert company.id is not None
    with app.uow() as uow:
        _, due = uow.worklists.agenda(company.id, AS_OF, offset=0, limit=None)
    return [task_id for task_id, _ in due]


def dispute_ids(app: Tijdig, company: Company) -> list[int]:
    assert company.id is not None
    with app.uow() as uow:
        _, found = uow.worklists.open_disputes(company.id, reason=None, offset=0, limit=100)
    return [d.id for d in found]
