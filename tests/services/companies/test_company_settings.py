"""A company's settings: details, bank accounts and the debtor portal, each change
audited with the actor in its own transaction; a refused value changes and audits
nothing. The portal's settings have one repository (`uow.portal`). On the fake unit of
work (tests/fakes.py); the repositories' own contract is tests/adapters/db/test_contract_*."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes import FakeDatabase
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.parties import Company
from tijdig.domain.portal import PortalSettings
from tijdig.services.companies import company_settings
from tijdig.services.companies.companies import add_company
from tijdig.services.companies.company_settings import CompanyDetails

AT = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


@pytest.fixture
def app() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def acme(app: FakeDatabase) -> Company:
    return add_company(app.uow(), Company("ACME", "Acme B.V."), validate=False, actor="test",
                       at=AT)  # fmt: skip


def _audit(app: FakeDatabase, company: Company) -> list[tuple[str, str, str]]:
    with app.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
    return [(e.action, e.actor, e.details) for e in reversed(entries) if e.actor != "test"]


def test_details_and_accounts_are_audited(app: FakeDatabase, acme: Company) -> None:
    company_settings.update_company(app.uow(), acme, CompanyDetails("Acme Groothandel B.V."),
                                    actor="anne (web)", at=AT)  # fmt: skip
    company_settings.add_bank_account(app.uow(), acme, "NL91 ABNA 0417 1643 00",
                                      actor="anne (web)", at=AT)  # fmt: skip
    company_settings.remove_bank_account(app.uow(), acme, "NL91ABNA0417164300",
                                         actor="bert (web)", at=AT)  # fmt: skip
    with pytest.raises(NotFound):
        company_settings.remove_bank_account(app.uow(), acme, "NL91ABNA0417164300",
                                             actor="bert (web)", at=AT)  # fmt: skip
    assert [(a, who) for a, who, _d in _audit(app, acme)] == [
        ("company.update", "anne (web)"), ("company.account_add", "anne (web)"),
        ("company.account_remove", "bert (web)")]  # fmt: skip


def test_portal_settings_change_what_is_given_and_are_audited(
    app: FakeDatabase, acme: Company
) -> None:
    found = company_settings.save_portal(app.uow(), acme, max_promise_days=21, enabled=False,
                                         actor="cli:anne", at=AT)  # fmt: skip
    assert found == PortalSettings(enabled=False, max_promise_days=21)
    link = "https://pay.example/{reference}"
    found = company_settings.save_portal(app.uow(), acme, payment_link=link, actor="cli:anne",
                                         at=AT)  # fmt: skip
    assert found == PortalSettings(False, 21, link)
    with app.uow() as uow:
        assert uow.portal.get(acme.id or 0) == found
    for wrong in ({"max_promise_days": 91}, {"payment_link": "javascript:x"}):
        with pytest.raises(InvalidValue):
            company_settings.save_portal(
                app.uow(),
                acme,
                **wrong,  # type: ignore[arg-type]
                actor="cli:anne",
                at=AT,
            )
    company_settings.save_portal(app.uow(), acme, enabled=False, actor="cli:anne", at=AT)
    said = "enabled False; promise up to 21 days; payment link"
    assert _audit(app, acme) == [
        ("portal.settings", "cli:anne", f"{said} -"),
        ("portal.settings", "cli:anne", f"{said} {link}"),
    ]
