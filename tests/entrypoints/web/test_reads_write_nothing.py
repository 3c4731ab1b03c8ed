"""No GET writes anything (ARCHITECTURE rule 19): every GET route of the workspace, the
debtor portal and the API is called as an administrator and as read-only sales, from
odd days (far ahead, tomorrow, today), and every table is the same afterwards, row for
row. A new GET route with a path parameter this test cannot fill fails it, so that no
route escapes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from tests.entrypoints.web.app_pool import web_app
from tests.services.mailbox.inbox_world import add_reply
from tests.snapshot import Tables, changed
from tijdig import clock
from tijdig.adapters.db.schema.collection import RunItemRow
from tijdig.adapters.db.schema.ledger import InvoiceRow, PaymentRow
from tijdig.adapters.queue import PollingQueue
from tijdig.adapters.security.links import PortalKey
from tijdig.bootstrap import Tijdig
from tijdig.domain.hand_over import Source
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services import uploads
from tijdig.services.access import users
from tijdig.services.background import Moment, run_job
from tijdig.services.collection import experiments
from tijdig.services.hand_over import cases as hand_over_cases
from tijdig.services.plans import plans
from tijdig.services.plans.plans import PlanTerms
from tijdig.services.records import promises
from tijdig.services.risk import forecast as forecast_model

from .collection_data import AS_OF, dispute_ids, seed_small, settings, start_run
from .conftest import PASSWORD, TestClient, add_user, sign_in
from .test_bank_page import add_lines

API = "/api/v1"


def get_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(path, name) of every GET route, looking into included routers; the portal's
    last (its first page makes the installation's secret on first use, if anything does)."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, str]]:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                yield from walk(inner.routes, prefix + route.include_context.prefix)
            elif "GET" in (getattr(route, "methods", None) or ()):
                yield prefix + route.path, route.name

    found = list(walk(app.routes, ""))
    assert len(found) > 40, found  # the walk did look into the routers
    return sorted(found, key=lambda r: r[0].startswith("/portal"))


def seed(app: Tijdig) -> tuple[Company, dict[str, Any]]:
    """ACME with a customer, invoices, a payment, a call, a dispute, a run, a bank line
    waiting for review, and a promise whose date has passed, not yet judged."""
    company = seed_small(app)
    assert company.id is not None
    run_id = start_run(app, company)
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id)["C001"]
        uow.session.add(PaymentRow(company_id=company.id, customer_id=customer_id,
                                   paid_on=date(2026, 11, 2), amount_minor=10_000,
                                   currency="EUR"))  # fmt: skip
        uow.commit()
        payment_id = uow.session.scalar(select(PaymentRow.id))
        invoice_id = uow.session.scalar(
            select(InvoiceRow.id).where(InvoiceRow.number == "ACME-001")
        )
        item_id = uow.session.scalar(
            select(RunItemRow.id)
            .where(RunItemRow.run_id == run_id)
            .order_by(RunItemRow.kind != "message", RunItemRow.id)
        )
    # Made after the run, so that no run has judged it: the reads must leave it so.
    made = datetime(2026, 11, 10, 9, tzinfo=UTC)
    promises.add_promise(app.uow(), company, "C001", AS_OF - timedelta(days=4), made_at=made,
                         actor="test", at=made)  # fmt: skip
    [line_id] = add_lines(app, company, ["100.00"])
    # a stored cash-flow forecast: /forecast and /api/v1/forecast read it
    forecast_model.store_forecast(app.risk_uow(), app.risk_reads, app.forecast_data, company,
                                  as_of=AS_OF, actor="test", at=made)  # fmt: skip
    # A payment plan offered to the customer: its portal page offers the tick box.
    offered = plans.offer_plan(app.uow(), company, "C001",
                               PlanTerms(("ACME-002",), 2, clock.today() + timedelta(days=7)),
                               on=clock.today(), actor="test", at=made)  # fmt: skip
    params = {
        "code": "ACME", "number": "C001", "invoice": "ACME-001", "invoice_id": invoice_id,
        "payment_id": payment_id, "run_id": run_id, "item_id": item_id, "index": 0,
        "line_id": line_id, "customer_id": customer_id, "company_id": company.id,
        "plan_id": offered.plan_id, "dispute_id": dispute_ids(app, company)[0],
        # a hand-over case with its file, and an import job done (its result shown)
        "key": hand_over_cases.open_case(
            app.uow(), app.hand_over_files(), app.invoice_copies(), company, "C001",
            reason="Geen reactie", actor="test", source=Source.CLI, at=made, as_of=AS_OF,
        ).reference,
        "job_id": _import_job(app, company, made),
        "upload_id": app.uploads().add(company.id, EXPORT, by="test", at=made),
        "policy_code": "nl_business", "language": "nl", "template": "reminder",
    }  # fmt: skip
    params["reference"] = params["key"]  # the workspace's download of the case's file
    # a reply read from the mailbox, with an attachment (the inbox and its message page)
    params["mail_id"] = add_reply(app, company, "Ik kijk het na.", made, customer="C001")
    with app.uow() as uow:
        [attachment] = uow.replies.attachments(company.id, params["mail_id"])
    params["attachment_id"] = attachment.id
    # an A/B test waiting for its arms, a reply asking for a plan (the inbox links it to
    # the plan form) and an address that bounced for good (the customer page marks it)
    with app.uow() as uow:
        uow.experiments.save_variant(company.id, "nl", "reminder", "B", "Tekst B", at=made,
                                     by="test")  # fmt: skip
        uow.contact_quality.record_bounce(company.id, customer_id, "c001@klant.nl", hard=True,
                                          at=made, diagnostic="550 5.1.1")  # fmt: skip
        uow.commit()
    experiments.start_experiment(app.uow(), company, "reminder", baseline=0.5,
                                 smallest_effect=0.1, on=AS_OF, actor="test", at=made)  # fmt: skip
    add_reply(app, company, "Kunnen we een betalingsregeling treffen?", made, customer="C001",
              key="<plan@klant.nl>")  # fmt: skip
    return company, params


# An export of the books uploaded for a sync: its preview reads only.
EXPORT = uploads.NewUpload(uploads.UploadKind.INVOICES, "debiteuren.csv", (
    b"factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl\n"
    b"ACME-001;C001;2026-09-01;2026-10-01;100,00\nACME-900;C001;2026-11-01;2026-12-01;50,00\n"
))  # fmt: skip


def _import_job(app: Tijdig, company: Company, at: datetime) -> int:
    """An upload of customers imported by its job (the job page shows its result)."""
    csv = uploads.NewUpload(
        uploads.UploadKind.CUSTOMERS, "klanten.csv", b"klantnummer;naam\nC900;Nieuw\n"
    )
    limit = app.settings.max_import_bytes
    job_id = uploads.queue_import(app.jobs(), PollingQueue(), app.uploads(), company, [csv],
                                  max_bytes=limit, actor="test", at=at)  # fmt: skip
    run_job(app, app.jobs(), job_id, Moment(at=at, today=AS_OF, now=lambda: at))
    return job_id


# ... and a payment plan the portal shows before anything is stored.
PROPOSAL = {"instalments": "3", "first": (clock.today() + timedelta(days=7)).isoformat()}
QUERY = {"company": "ACME", "customer": "C001", "step": "reminder", "q": "ACME", **PROPOSAL}


def odd_days() -> list[str | None]:
    tomorrow = clock.today() + timedelta(days=1)
    return ["2099-12-31", tomorrow.isoformat(), None]


class Sweep:
    """Calls GET routes one by one and notes every one after which a table differs."""

    def __init__(self, app: Tijdig, params: dict[str, Any]) -> None:
        self.app, self.params = app, params
        self.tables = Tables(app.engine)
        self.last = self.tables.snapshot()
        self.problems: list[str] = []
        self.calls = 0

    def url(self, path: str, name: str) -> str:
        values = dict(self.params)
        if name == "get_invoice":
            values["number"] = "ACME-001"
        if "{token}" in path:
            values["token"] = self.portal_token()
        try:
            return path.format(**values)
        except KeyError as missing:
            raise AssertionError(f"give a value for {missing} of {path} ({name})") from None

    def portal_token(self) -> str:
        key = PortalKey(self.params["company_id"], self.params["customer_id"])
        token = self.app.portal_links().token(key)
        self.last = self.tables.snapshot()  # the test made the secret, not a route
        return token

    def call(self, client: TestClient, who: str, path: str, name: str, day: str | None) -> None:
        query = QUERY | ({"as_of": day} if day else {}) | {"line": self.params["line_id"]}
        response = client.get(self.url(path, name), params=query)
        self.calls += 1
        now = self.tables.snapshot()
        where = f"{who} GET {path} as_of={day}"
        if response.status_code >= 500:
            self.problems.append(f"{where}: HTTP {response.status_code}")
        if now != self.last:
            self.problems.append(f"{where} wrote: {', '.join(changed(self.last, now))}")
        self.last = now


@pytest.fixture
def sweep(app: Tijdig) -> tuple[Company, Sweep]:
    company, params = seed(app)
    return company, Sweep(app, params)


@contextmanager
def _client(database_url: str, folder: Path) -> Iterator[TestClient]:
    with (
        web_app(settings(database_url, folder)) as web,
        TestClient(web, raise_server_exceptions=False) as client,
    ):
        yield client


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SALES])
def test_no_get_route_writes_anything_from_any_day(
    role: Role, database_url: str, tmp_path: Path, app: Tijdig, sweep: tuple[Company, Sweep]
) -> None:
    company, reads = sweep
    assert company.id is not None
    add_user(app, "reader", role, (company.id,))
    with _client(database_url, tmp_path) as client:
        sign_in(client, "reader", PASSWORD)
        reads.last = reads.tables.snapshot()
        routes = get_routes(client.app)  # type: ignore[arg-type]
        for day in odd_days():
            for path, name in routes:
                reads.call(client, role.value, path, name, day)
    assert reads.calls >= 3 * 45
    assert not reads.problems, "\n".join(reads.problems)


def test_no_api_read_with_a_token_writes_anything(
    database_url: str, tmp_path: Path, app: Tijdig, sweep: tuple[Company, Sweep]
) -> None:
    company, reads = sweep
    assert company.id is not None
    add_user(app, "script", Role.CREDIT_CONTROLLER, (company.id,))
    with app.uow() as uow:
        user = uow.users.by_username("script")
    assert user is not None
    token = users.create_api_token(app.uow(), user, "sync", actor="test", at=datetime.now(UTC))
    with _client(database_url, tmp_path) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        reads.last = reads.tables.snapshot()
        for day in odd_days():
            for path, name in get_routes(client.app):  # type: ignore[arg-type]
                if path.startswith(API):
                    reads.call(client, "token", path, name, day)
    assert not reads.problems, "\n".join(reads.problems)


def test_the_sweep_would_see_a_write(app: Tijdig, sweep: tuple[Company, Sweep]) -> None:
    """The check itself: a changed row is seen."""
    company, reads = sweep
    with app.uow() as uow:
        uow.session.add(PaymentRow(company_id=company.id, customer_id=reads.params["customer_id"],
                                   paid_on=AS_OF, amount_minor=1, currency="EUR"))  # fmt: skip
        uow.commit()
    assert changed(reads.last, reads.tables.snapshot()) == ["payments: 1 -> 2 rows"]
    with app.uow() as uow:  # the same number of rows, one value changed
        uow.session.execute(update(PaymentRow).where(PaymentRow.amount_minor == 1)
                            .values(amount_minor=2))  # fmt: skip
        uow.commit()
    assert changed(reads.last, reads.tables.snapshot()) == ["payments: 1 -> 2 rows"]
    reads.last = reads.tables.snapshot()
    with app.uow() as uow:
        uow.session.execute(update(PaymentRow).where(PaymentRow.amount_minor == 2)
                            .values(amount_minor=3))  # fmt: skip
        uow.commit()
    assert changed(reads.last, reads.tables.snapshot()) == ["payments: 2 -> 2 rows"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_list_export_writes_anything(
    fmt: str, database_url: str, tmp_path: Path, app: Tijdig, sweep: tuple[Company, Sweep]
) -> None:
    """The exports of the lists (issue 15) are GETs of the lists themselves."""
    company, reads = sweep
    assert company.id is not None
    add_user(app, "reader", Role.SALES, (company.id,))
    with _client(database_url, tmp_path) as client:
        sign_in(client, "reader", PASSWORD)
        reads.last = reads.tables.snapshot()
        for path, name in [("/customers", "customers"), ("/invoices", "invoices"),
                           ("/disputes", "disputes"), ("/bank", "bank_review")]:  # fmt: skip
            response = client.get(path, params={"export": fmt, "company": "ACME"})
            assert response.status_code == 200, (path, response.text[:300])
            reads.call(client, "sales", path, name, None)
    assert not reads.problems, "\n".join(reads.problems)
