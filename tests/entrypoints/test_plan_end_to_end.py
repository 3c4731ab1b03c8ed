"""A payment plan end to end on a real database (SQLite, and PostgreSQL when
TIJDIG_TEST_DATABASE_URL is set): proposed and accepted in the debtor portal (HTTP), its
confirmation sent by `tijdig send` over real SMTP (aiosmtpd); the first plan instalment
(Fri 11 December 2026) missed on the MT940 statement of the working day after it (Mon 14
December, across the weekend), so `tijdig run` plans a call for Tue 15 December and
queues the missed-instalment reminder (pay by Mon 21 December); still unpaid on the
statement of Tue 22 December, the next `tijdig run` breaks the plan and proposes plan B,
which is carried out once approved through the CLI. The browser part is
tests/entrypoints/web/test_portal_browser.py."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tests.entrypoints.web.app_pool import web_app
from tests.entrypoints.web.conftest import (
    TestClient,
    add_customers,
    add_invoices,
    csrf_of,
    invoice,
)
from tests.entrypoints.web.test_portal import link
from tests.services.direct_debit.sepa_data import body
from tijdig.adapters.db.schema.collection import OutboxRow, TaskRow
from tijdig.adapters.db.schema.plans import PaymentPlanRow
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.collection.plans import PlanStatus
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.services.companies.companies import add_company
from tijdig.services.plans import plans

from .test_cli import _ok

IBAN = "NL91ABNA0417164300"
SHOWN = re.compile(r'name="shown" value="([0-9a-f]{64})"')


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def cli(
    database_url: str, monkeypatch: pytest.MonkeyPatch, smtp: tuple[RecordingHandler, int]
) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(smtp[1]))
    monkeypatch.setenv("TIJDIG_MAIL_FROM", "debiteuren@zonnig.nl")
    return CliRunner()


def _seed(app: Tijdig) -> Company:
    """ZON (NL) with its account; K1 Bakkerij Jansen, by e-mail, owing F-001 and F-002."""
    company = add_company(
        app.uow(),
        Company("ZON", "Zonnig Groothandel B.V.", bank_accounts=(BankAccount(IBAN, "ABNANL2A"),),
                email="debiteuren@zonnig.nl"),
        validate=False, actor="test", at=datetime.now(UTC),
    )  # fmt: skip
    add_customers(app, company, [Customer("K1", "Bakkerij Jansen", email="info@jansen.nl")])
    add_invoices(app, company, [
        invoice("F-001", "K1", date(2026, 10, 1), date(2026, 10, 31), "1210.00"),
        invoice("F-002", "K1", date(2026, 11, 1), date(2026, 11, 30), "605.00"),
    ])  # fmt: skip
    return company


def _accept_in_portal(app: Tijdig, company: Company, database_url: str) -> str:
    """The plan proposed in the portal, three monthly instalments from Fri 12-11, accepted."""
    url = link(app, company)
    query = {"instalments": "3", "first": "2026-12-11", "deposit": ""}
    with web_app(Settings(database_url=database_url)) as web, TestClient(web) as client:
        page = client.get(f"{url}/plan", params=query)
        assert page.status_code == 200, page.text
        shown = SHOWN.search(page.text)
        assert shown is not None and 'data-within="yes"' in page.text
        form = query | {"csrf_token": csrf_of(page.text), "shown": shown.group(1), "agree": "yes"}
        response = client.post(f"{url}/plan", data=form, follow_redirects=False)
        assert response.status_code == 303
        assert 'data-plan-status="in_force"' in client.get(response.headers["location"]).text
    [stored] = plans.plans_of(app.uow(), company, customer_number="K1")
    assert stored.plan.status is PlanStatus.IN_FORCE
    assert [p.due_on for p in stored.plan.instalments] == [
        date(2026, 12, 11), date(2027, 1, 11), date(2027, 2, 11)]  # fmt: skip
    return stored.plan.reference


def _statement(path: Path, day: date) -> Path:
    """ZON's MT940 statement of `day`: a payment of someone else's, none for the plan."""
    yymmdd = day.strftime("%y%m%d")
    path.write_text(
        f":20:S{yymmdd}\n:25:{IBAN}\n:28C:{day:%j}/1\n:60F:C{yymmdd}EUR0,00\n"
        f":61:{yymmdd}{day:%m%d}C12,50NTRFNONREF//B1\n"
        f":86:/IBAN/NL02ABNA0123456789/NAME/Iemand Anders/REMI/USTD//gift/\n"
        f":62F:C{yymmdd}EUR12,50\n",
        encoding="utf-8",
    )
    return path


def _run(cli: CliRunner, frozen_clock: FrozenClock, day: date) -> dict[str, Any]:
    """`tijdig run --as-of day`, on that day; the run's items read from its JSON."""
    frozen_clock.set(day)
    _ok(cli, "run", "--company", "ZON", "--as-of", day.isoformat())
    return json.loads(_ok(cli, "run", "--company", "ZON", "show", "--json"))  # type: ignore[no-any-return]


def _fallbacks(run: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in run["items"] if item["kind"] == "fallback"]


def _reminders(app: Tijdig) -> list[tuple[str, str]]:
    with app.uow() as uow:
        rows = uow.session.execute(
            select(OutboxRow.idempotency_key, OutboxRow.subject).where(
                OutboxRow.idempotency_key.startswith("plan_missed_instalment")
            )
        ).all()  # fmt: skip
    return [(key, subject) for key, subject in rows]


def test_a_plan_missed_reminded_and_broken_ends_in_plan_b(
    app: Tijdig,
    cli: CliRunner,
    smtp: tuple[RecordingHandler, int],
    frozen_clock: FrozenClock,
    database_url: str,
    tmp_path: Path,
) -> None:
    frozen_clock.set(datetime(2026, 12, 7, 10, 0))  # Mon 7 December, within the send window
    company = _seed(app)
    reference = _accept_in_portal(app, company, database_url)
    assert "Sent: 1;" in _ok(cli, "send")
    [mail] = smtp[0].accepted
    assert str(mail["To"]) == "info@jansen.nl"
    text = " ".join(body(mail).split())
    assert ("dan bellen wij u de werkdag daarna en sturen wij u een herinnering met een nieuwe "
            "dag om uiterlijk te betalen") in text  # fmt: skip

    # Mon 12-14, the working day after Fri 12-11: booked without the plan instalment.
    _ok(cli, "import", "bank", str(_statement(tmp_path / "s1.sta", date(2026, 12, 14))))
    run = _run(cli, frozen_clock, date(2026, 12, 14))
    assert _fallbacks(run) == []
    assert plans.plans_of(app.uow(), company)[0].plan.status is PlanStatus.IN_FORCE
    with app.uow() as uow:
        calls = uow.session.execute(
            select(TaskRow.due_on, TaskRow.title).where(TaskRow.kind == "call")
        ).all()  # fmt: skip
    assert [day for day, _ in calls] == [date(2026, 12, 15)]
    assert reference in calls[0][1]
    [(key, subject)] = _reminders(app)
    assert key.endswith("-1") and reference in subject
    # Mon 12-21 is the day to pay by: its own statement does not break the plan yet.
    _ok(cli, "import", "bank", str(_statement(tmp_path / "s2.sta", date(2026, 12, 21))))
    assert _fallbacks(_run(cli, frozen_clock, date(2026, 12, 21))) == []
    assert plans.plans_of(app.uow(), company)[0].plan.status is PlanStatus.IN_FORCE
    _ok(cli, "import", "bank", str(_statement(tmp_path / "s3.sta", date(2026, 12, 22))))
    run = _run(cli, frozen_clock, date(2026, 12, 22))
    [stored] = plans.plans_of(app.uow(), company)
    assert (stored.plan.status, stored.plan.ended_on) == (PlanStatus.BROKEN, date(2026, 12, 22))
    assert len(_reminders(app)) == 1  # reminded once
    [item] = _fallbacks(run)
    assert "1 item(s) approved" in _ok(cli, "run", "--company", "ZON", "approve",
                                       str(item["id"]))  # fmt: skip
    with app.uow() as uow:
        done = uow.session.scalar(
            select(PaymentPlanRow.fallback_done_on).where(PaymentPlanRow.id == stored.plan_id)
        )  # fmt: skip
    assert done == date(2026, 12, 22)
