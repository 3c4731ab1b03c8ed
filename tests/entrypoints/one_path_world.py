"""The world `test_one_path` changes (no tests here): ACME's ledger and collection records
(the API tests' seed), a bank line waiting for review, an administrator signed in to the
workspace with an API token too, the CLI on the same database, and the drivers that
make a change through each entry point: `cli`, `api`, `page` and `portal`.

A change is read back through the unit of work; `audit_since` lists the audit entries
written after a mark as (action, actor, customer number or None), in order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tijdig.adapters.db.schema.collection import RunItemRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.security.links import PortalKey
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.entrypoints.cli.app import app as cli_app
from tijdig.entrypoints.cli.common import cli_actor

from .web.collection_data import web_client
from .web.conftest import seed_acme, sign_in
from .web.test_api_data import RUN_DAY, Seeded, bearer, seed_acme_records, token_for
from .web.test_bank_page import add_lines

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

USERNAME = "anne"
API = "/api/v1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# The moment every entry point reads: a Tuesday within contact hours, the seeded run's day.
NOW = datetime(2026, 3, 17, 10, 0)
SETUP = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)

Entry = tuple[str, str, str | None]  # (action, actor, customer number or None)


def actors() -> dict[str, str]:
    """How the audit log names the change per entry point."""
    return {"cli": cli_actor(), "api": f"{USERNAME} (api)", "page": f"{USERNAME} (web)",
            "portal": "portal"}  # fmt: skip


@dataclass
class World:
    app: Tijdig
    seeded: Seeded
    token: str
    database_url: str
    folder: Path
    runner: CliRunner
    _stack: ExitStack
    _client: TestClient | None = None
    _csrf: str = ""

    @property
    def client(self) -> TestClient:
        """The web app, started when a case first needs it (CLI cases never do)."""
        if self._client is None:
            self._client = self._stack.enter_context(web_client(self.database_url, self.folder))
        return self._client

    @property
    def company(self) -> Company:
        return self.seeded.company

    @property
    def company_id(self) -> int:
        assert self.company.id is not None
        return self.company.id

    # --- drivers --------------------------------------------------------------------

    def cli(self, *args: str) -> str:
        result = self.runner.invoke(cli_app, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.client.request(method, API + path, json=body, headers=bearer(self.token))
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def csrf(self) -> str:
        """The session's CSRF token, `anne` signed in on first use."""
        if not self._csrf:
            sign_in(self.client, USERNAME)
            page = self.client.get("/settings")
            found = CSRF.search(page.text)
            assert found, f"no CSRF token on the settings page ({page.status_code})"
            self._csrf = found.group(1)
        return self._csrf

    def page(self, path: str, data: dict[str, Any] | None = None) -> Any:
        """A workspace form posted as the signed-in administrator; a change redirects
        (POST-redirect-GET) or, for a download, answers 200."""
        response = self.client.post(
            path, data={"csrf_token": self.csrf(), **(data or {})}, follow_redirects=False
        )
        assert response.status_code in (200, 303), response.text[:2000]
        return response

    def page_job(self, path: str, data: dict[str, Any] | None = None) -> Any:
        """A workspace form that queues a background job, and the job done by the
        worker's own function with the web app's installation."""
        from tijdig.entrypoints.background import do_job

        response = self.page(path, data)
        found = re.search(r"/jobs/(\d+)", response.headers["location"])
        assert found, response.headers["location"]
        done = do_job(self.client.app.state.tijdig, int(found.group(1)))
        assert done is not None and done.state.value == "done", done
        return response

    def portal_url(self, customer: str) -> str:
        token = self.app.portal_links().token(
            PortalKey(self.company_id, self.customer_id(customer))
        )
        return f"/portal/{token}"

    def portal(self, customer: str, form: str, data: dict[str, Any]) -> Any:
        """A portal form sent by the customer (in the signed-in client: its forms then
        carry the session's CSRF token; the actor is the portal all the same)."""
        url = self.portal_url(customer)
        response = self.client.post(
            f"{url}/{form}", data={"csrf_token": self.csrf(), **data}, follow_redirects=False
        )
        assert response.status_code == 303, response.text[:2000]
        return response

    # --- reading back ---------------------------------------------------------------

    def customer_id(self, number: str) -> int:
        with self.app.uow() as uow:
            return uow.customers.ids_by_number(self.company_id)[number]

    def audit_mark(self) -> int:
        with self.app.uow() as uow:
            return int(uow.session.scalar(select(AuditRow.id).order_by(AuditRow.id.desc())) or 0)

    def audit_since(self, mark: int) -> list[Entry]:
        with self.app.uow() as uow:
            numbers = {i: n for n, i in uow.customers.ids_by_number(self.company_id).items()}
            rows = uow.session.execute(
                select(AuditRow.action, AuditRow.actor, AuditRow.customer_id, AuditRow.company_id)
                .where(AuditRow.id > mark)
                .order_by(AuditRow.id)
            ).all()
        return [(a, who, None if c is None else numbers.get(c, f"#{c}")) for a, who, c, _ in rows]

    def items(self, kind: str) -> list[tuple[int, str]]:
        """The seeded run's items of a kind: (id, status)."""
        with self.app.uow() as uow:
            rows = uow.session.execute(
                select(RunItemRow.id, RunItemRow.status)
                .where(RunItemRow.run_id == self.seeded.run_id, RunItemRow.kind == kind)
                .order_by(RunItemRow.id)
            ).all()
        return [(int(i), str(s)) for i, s in rows]

    def item_customer(self, item_id: int) -> str:
        with self.app.uow() as uow:
            customer_id = uow.session.scalar(
                select(RunItemRow.customer_id).where(RunItemRow.id == item_id)
            )
            numbers = {i: n for n, i in uow.customers.ids_by_number(self.company_id).items()}
        assert customer_id is not None
        return numbers[customer_id]


@contextmanager
def world(
    app: Tijdig, database_url: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    """ACME seeded, a waiting bank line, `anne` (administrator) with an API token (signed
    in to the workspace when a page is first posted), and the CLI pointed at the same
    database, with mail, letters and SMS in `folder`."""
    seeded = seed_acme_records(app, seed_acme(app))
    add_lines(app, seeded.company, ["1210.00"])
    token = token_for(app, USERNAME, Role.ADMIN)
    for name, value in {"DATABASE_URL": database_url, "MAIL_DIR": str(folder / "mail"),
                        "LETTERS_DIR": str(folder / "letters"),
                        "SMS_LOG": str(folder / "sms.log"),
                        "MAIL_FROM": "debiteuren@acme.example"}.items():  # fmt: skip
        monkeypatch.setenv(f"TIJDIG_{name}", value)
    monkeypatch.delenv("TIJDIG_AS_OF", raising=False)
    with ExitStack() as stack:
        yield World(app, seeded, token, database_url, folder, CliRunner(), stack)


__all__ = ["NOW", "RUN_DAY", "SETUP", "World", "actors", "date", "world"]
