"""SEPA mandates, on the fakes: recorded, refused, marked last, the agreed
pre-notification period, revoked, audited; and the company as creditor."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.fakes_direct_debit import FakeDirectDebitDatabase
from tests.services.direct_debit.sepa_data import CREDITOR_ID, seed
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.mandates import Mandate, Scheme, SequenceType
from tijdig.domain.parties import BankAccount, Company
from tijdig.services.companies.companies import add_company
from tijdig.services.direct_debit import direct_debit
from tijdig.services.direct_debit.direct_debit import creditor_of


def _mandate(db: FakeDirectDebitDatabase, company: Company, reference: str) -> Mandate:
    return {m.reference: m for m in direct_debit.list_mandates(db.uow(), company)}[reference]


def test_a_mandate_keeps_its_kind_and_agreed_period(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    direct_debit.add_mandate(db.uow(), company, "4001", "ONCE-4001", date(2028, 2, 29),
                             Scheme.CORE, "NL91ABNA0417164300", one_off=True,
                             pre_notification_days=3,
                             actor="test", at=datetime.now(UTC))  # fmt: skip
    stored = _mandate(db, company, "ONCE-4001")
    assert (stored.one_off, stored.pre_notification_days, stored.sequence) == (
        True, 3, SequenceType.ONE_OFF,
    )  # fmt: skip
    assert _mandate(db, company, "MND-1001").pre_notification_days == 14


def test_a_mandate_is_marked_last_and_given_an_agreed_period(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    changed = direct_debit.set_mandate(
        db.uow(), company, "MND-1001", final=True, actor="test", at=datetime.now(UTC)
    )
    assert changed.final and changed.pre_notification_days == 14
    direct_debit.set_mandate(
        db.uow(), company, "MND-1001", pre_notification_days=5, actor="test", at=datetime.now(UTC)
    )
    stored = _mandate(db, company, "MND-1001")
    assert (stored.final, stored.pre_notification_days) == (True, 5)
    direct_debit.set_mandate(
        db.uow(), company, "MND-1001", final=False, actor="test", at=datetime.now(UTC)
    )
    assert not _mandate(db, company, "MND-1001").final


@pytest.mark.parametrize(
    ("reference", "changes", "error", "message"),
    [
        ("MND-9999", {"final": True}, NotFound, "no mandate MND-9999"),
        ("MND-1001", {"pre_notification_days": 0}, InvalidValue, "pre_notification_days"),
        ("MND-1001", {"pre_notification_days": 61}, InvalidValue, "pre_notification_days"),
    ],
)
def test_a_change_to_a_mandate_is_refused_when(
    db: FakeDirectDebitDatabase,
    company: Company,
    reference: str,
    changes: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        direct_debit.set_mandate(
            db.uow(),
            company,
            reference,
            **changes,  # type: ignore[arg-type]
            actor="test",
            at=datetime.now(UTC),
        )


def test_a_one_off_mandate_cannot_be_marked_last(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    direct_debit.add_mandate(db.uow(), company, "4001", "ONCE-4001", date(2026, 12, 31),
                             Scheme.CORE, "NL91ABNA0417164300", one_off=True,
                             actor="test", at=datetime.now(UTC))  # fmt: skip
    with pytest.raises(InvalidValue, match="final"):
        direct_debit.set_mandate(
            db.uow(), company, "ONCE-4001", final=True, actor="test", at=datetime.now(UTC)
        )


def test_a_consumer_cannot_sign_a_b2b_mandate(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    with pytest.raises(RuleViolation, match="consumer"):
        direct_debit.add_mandate(db.uow(), company, "3001", "B2B-3001", date(2026, 1, 4),
                                 Scheme.B2B, "NL91ABNA0417164300",
                                 actor="test", at=datetime.now(UTC))  # fmt: skip


@pytest.mark.parametrize(
    ("customer", "reference", "iban", "days", "error", "message"),
    [
        ("1001", "MND-1001", "NL91ABNA0417164300", 14, Conflict, "exists already"),
        ("9999", "MND-9999", "NL91ABNA0417164300", 14, NotFound, "no customer"),
        ("1001", "MND 1001", "NL91ABNA0417164300", 14, InvalidValue, "reference"),
        ("1001", "MND-1001-2", "NL00ABNA0417164300", 14, InvalidValue, "iban"),
        ("1001", "MND-1001-2", "NL91ABNA0417164300", 0, InvalidValue, "pre_notification_days"),
    ],
)
def test_a_mandate_is_refused_when(
    db: FakeDirectDebitDatabase,
    company: Company,
    customer: str,
    reference: str,
    iban: str,
    days: int,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        direct_debit.add_mandate(db.uow(), company, customer, reference, date(2026, 1, 9),
                                 Scheme.CORE, iban, pre_notification_days=days,
                                 actor="test", at=datetime.now(UTC))  # fmt: skip


def test_a_mandate_is_revoked_from_a_day_after_its_signature(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    with pytest.raises(RuleViolation, match="signed on 2026-01-02"):
        direct_debit.revoke_mandate(
            db.uow(),
            company,
            "MND-1001",
            on=date(2025, 12, 31),
            actor="test",
            at=datetime.now(UTC),
        )
    direct_debit.revoke_mandate(
        db.uow(), company, "MND-1001", on=date(2026, 12, 31), actor="test", at=datetime.now(UTC)
    )
    assert company.id is not None
    with db.uow() as uow:
        assert uow.mandates.active_for(company.id, "1001", date(2026, 12, 31)) == []
        assert len(uow.mandates.active_for(company.id, "1001", date(2026, 12, 30))) == 1


def test_the_creditor_needs_an_account_and_a_valid_identifier(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    with pytest.raises(InvalidValue, match="creditor_id"):
        creditor_of(company, "NL98ZZZ999999999999")
    bare = add_company(
        db.uow(), Company(code="BARE", name="Bare B.V."), actor="test", at=datetime.now(UTC)
    )
    with pytest.raises(RuleViolation, match="has no bank account"):
        creditor_of(bare, CREDITOR_ID)


def test_the_companys_own_creditor_id_is_used_when_none_is_given(
    db: FakeDirectDebitDatabase,
) -> None:
    own = add_company(db.uow(), Company(code="CRED", name="Cred B.V.",
                                         bank_accounts=(BankAccount("NL91ABNA0417164300",
                                                                    "ABNANL2A"),),
                                         creditor_id=CREDITOR_ID),
                      actor="test", at=datetime.now(UTC))  # fmt: skip
    assert own.creditor_id == CREDITOR_ID
    assert creditor_of(own, None).creditor_id == CREDITOR_ID
    bare = add_company(db.uow(), Company(code="BARE", name="Bare B.V.",
                                          bank_accounts=(BankAccount("NL91ABNA0417164300"),)),
                       validate=False, actor="test", at=datetime.now(UTC))  # fmt: skip
    with pytest.raises(RuleViolation, match="no SEPA creditor identifier"):
        creditor_of(bare, None)
    with pytest.raises(InvalidValue):
        add_company(
            db.uow(),
            Company(code="BAD", name="Bad", creditor_id="NL00ZZZ1"),
            actor="test",
            at=datetime.now(UTC),
        )


def _mandate_audit(
    db: FakeDirectDebitDatabase, company: Company
) -> list[tuple[str, str, int | None, str]]:
    with db.uow() as uow:
        entries = uow.audit.for_company(company.id or 0, limit=1000)
    return sorted((e.action, e.actor, e.customer_id, e.subject) for e in entries
                  if e.action.startswith("mandate."))  # fmt: skip


def test_mandate_changes_are_audited_on_the_customers_timeline(db: FakeDirectDebitDatabase) -> None:
    company = seed(db, mandates=False)
    at = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    with db.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id or 0)["1001"]
    direct_debit.add_mandate(db.uow(), company, "1001", "MND-9001", date(2026, 1, 3),
                             Scheme.CORE, "NL91ABNA0417164300", actor="cli:anne",
                             at=at)  # fmt: skip
    direct_debit.set_mandate(db.uow(), company, "MND-9001", final=True, actor="cli:bob",
                             at=at)  # fmt: skip
    direct_debit.revoke_mandate(db.uow(), company, "MND-9001", on=date(2026, 12, 31),
                                actor="cli:carla", at=at)  # fmt: skip
    assert _mandate_audit(db, company) == [
        ("mandate.add", "cli:anne", customer_id, "MND-9001"),
        ("mandate.revoke", "cli:carla", customer_id, "MND-9001"),
        ("mandate.set", "cli:bob", customer_id, "MND-9001"),
    ]


def test_a_refused_mandate_change_writes_no_audit_entry(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    before = _mandate_audit(db, company)
    at = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    with pytest.raises(Conflict):
        direct_debit.add_mandate(db.uow(), company, "1001", "MND-1001", date(2026, 1, 3),
                                 Scheme.CORE, "NL91ABNA0417164300", actor="cli:anne",
                                 at=at)  # fmt: skip
    with pytest.raises(NotFound):
        direct_debit.set_mandate(db.uow(), company, "NOPE", final=True, actor="cli:anne", at=at)
    with pytest.raises(RuleViolation):
        direct_debit.revoke_mandate(db.uow(), company, "MND-1001", on=date(2025, 1, 1),
                                    actor="cli:anne", at=at)  # fmt: skip
    assert _mandate_audit(db, company) == before
