"""Announcing direct debits, on the fakes: one collection per mandate and date, its
pre-notification in the outbox, the notice period, and nothing announced twice. The
notice as it arrives over real SMTP is in test_end_to_end.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.fakes_direct_debit import FakeDirectDebitDatabase
from tests.services.direct_debit.sepa_data import (
    AMSTERDAM,
    NEW_YEARS_EVE,
    notify,
)
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.debit_collections import CollectionStatus
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.mandates import Scheme
from tijdig.domain.parties import Company
from tijdig.services.direct_debit import direct_debit
from tijdig.services.outbox import OutboxStatus
from tijdig.services.records import disputes

TODAY = date(2026, 12, 6)  # a Sunday: announcing needs no TARGET2 day, collecting does


def _collections(
    db: FakeDirectDebitDatabase, company: Company
) -> dict[str, tuple[str, Decimal, tuple[str, ...]]]:
    found = direct_debit.list_collections(db.uow(), company, zone=AMSTERDAM)
    return {c.mandate.reference: (c.status.value, c.amount, c.invoice_numbers) for c in found}


def test_one_collection_per_mandate_holds_every_invoice_due_by_the_date(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    result = notify(db, company, NEW_YEARS_EVE, TODAY)
    assert _collections(db, company) == {
        # F1 is nine months old, F2 due mid-December, F3 on the date itself; F4 later.
        "MND-1001": ("planned", Decimal("201.00"), ("F1", "F2", "F3")),
        "MND-2001": ("planned", Decimal("75.50"), ("F6",)),  # F5 is in USD
        "MND-3001": ("planned", Decimal("80.00"), ("F7",)),
    }
    assert [r.code for r in result.skipped] == ["no_email"]
    assert dict(result.skipped[0].params) == {"mandate": "MND-5001", "customer": "5001"}
    assert result.left_out == {"not_in_euro": 1}
    assert company.id is not None
    with db.uow() as uow:
        queued = uow.outbox.with_status(OutboxStatus.PENDING, company_id=company.id)
    assert sorted(e.recipient for e in queued) == [
        "ap@goudenkorst.nl", "boekhouding@peeters.be", "marieke@example.nl",
    ]  # fmt: skip
    assert {e.key for e in queued} >= {f"sepa-pre-notification-{company.id}-1-20261231-1"}


def test_announcing_the_same_date_again_announces_nothing_twice(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    again = notify(db, company, NEW_YEARS_EVE, date(2026, 12, 7))
    assert again.planned == () and again.skipped[-1].code == "no_email"
    assert again.left_out == {"not_in_euro": 1, "in_another_collection": 5}
    assert company.id is not None
    with db.uow() as uow:
        counts = uow.outbox.counts(company_id=company.id)
    assert counts[OutboxStatus.PENDING] == sum(counts.values()) == 3


def test_an_invoice_due_since_the_notice_waits_for_another_date(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    assert company.id is not None
    with db.uow() as uow:
        ids = uow.customers.ids_by_number(company.id)
        late = Invoice("F10", "1001", date(2026, 12, 7), date(2026, 12, 21), Decimal("9.99"))
        uow.invoices.add(late, company_id=company.id, customer_id=ids["1001"],
                         fingerprint="F10", source="test")  # fmt: skip
        uow.commit()
    again = notify(db, company, NEW_YEARS_EVE, date(2026, 12, 8))
    [taken] = [r for r in again.skipped if r.code == "already_planned"]
    assert dict(taken.params) == {"mandate": "MND-1001", "customer": "1001",
                                  "date": "2026-12-31", "invoices": "F10"}  # fmt: skip
    later = notify(db, company, date(2027, 1, 4), date(2026, 12, 8))
    assert [(c.mandate.reference, c.invoice_numbers) for c in later.planned] == [
        ("MND-1001", ("F10",))
    ]


@pytest.mark.parametrize(
    ("on", "as_of", "earliest"),
    [
        (date(2026, 12, 18), TODAY, "2026-12-21"),  # 12 days; the 20th is a Sunday
        (date(2026, 12, 31), date(2026, 12, 18), "2027-01-04"),  # 13 days, over New Year
        (date(2028, 2, 28), date(2028, 2, 15), "2028-02-29"),  # 13 days, to the leap day
    ],
)
def test_a_date_within_the_notice_period_announces_nothing(
    db: FakeDirectDebitDatabase, company: Company, on: date, as_of: date, earliest: str
) -> None:
    result = notify(db, company, on, as_of)
    assert result.planned == ()
    periods = [r for r in result.skipped if r.code == "within_notice_period"]
    assert {"MND-1001", "MND-3001", "MND-5001"} <= {r.params["mandate"] for r in periods}
    assert {r.params["earliest"] for r in periods} == {earliest}


def test_a_shorter_period_agreed_on_the_mandate_allows_an_earlier_date(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    direct_debit.set_mandate(
        db.uow(), company, "MND-3001", pre_notification_days=5, actor="test", at=datetime.now(UTC)
    )
    result = notify(db, company, date(2026, 12, 11), TODAY)
    assert [c.mandate.reference for c in result.planned] == ["MND-3001"]
    assert result.planned[0].deadline == TODAY


def test_a_disputed_invoice_is_not_announced(db: FakeDirectDebitDatabase, company: Company) -> None:
    disputes.open_dispute(db.uow(), company, "F2", ReasonCode.DISSATISFIED, as_of=TODAY,
                          actor="test", at=datetime(2026, 12, 6, 9, tzinfo=UTC))  # fmt: skip
    result = notify(db, company, NEW_YEARS_EVE, TODAY)
    [mine] = [c for c in result.planned if c.mandate.reference == "MND-1001"]
    assert mine.invoice_numbers == ("F1", "F3") and result.left_out["disputed"] == 1


def test_a_revoked_mandate_is_named(db: FakeDirectDebitDatabase, company: Company) -> None:
    direct_debit.revoke_mandate(
        db.uow(), company, "MND-3001", on=date(2026, 12, 31), actor="test", at=datetime.now(UTC)
    )
    result = notify(db, company, NEW_YEARS_EVE, TODAY)
    [revoked] = [r for r in result.skipped if r.code == "mandate_revoked"]
    assert dict(revoked.params) == {"mandate": "MND-3001", "customer": "3001",
                                    "revoked_on": "2026-12-31"}  # fmt: skip


def test_a_b2b_date_announces_b2b_mandates_only(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    direct_debit.add_mandate(db.uow(), company, "4001", "B2B-4001", date(2026, 1, 4), Scheme.B2B,
                             "NL91ABNA0417164300", actor="test", at=datetime.now(UTC))  # fmt: skip
    result = notify(db, company, NEW_YEARS_EVE, TODAY, scheme=Scheme.B2B)
    assert [(c.mandate.reference, c.amount) for c in result.planned] == [
        ("B2B-4001", Decimal("99.00"))
    ]


def test_a_collection_date_the_banks_refuse_announces_nothing(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    with pytest.raises(RuleViolation, match="TARGET2 closing day"):
        notify(db, company, date(2027, 1, 1), TODAY)
    assert company.id is not None
    with db.uow() as uow:
        assert sum(uow.outbox.counts(company_id=company.id).values()) == 0
    assert _collections(db, company) == {}


def test_a_collection_no_file_took_by_its_date_expires_and_frees_its_invoices(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    later = notify(db, company, date(2027, 1, 29), date(2027, 1, 4))
    assert {c.mandate.reference for c in later.expired} == {"MND-1001", "MND-2001", "MND-3001"}
    [again] = [c for c in later.planned if c.mandate.reference == "MND-1001"]
    assert again.invoice_numbers == ("F1", "F2", "F3", "F4")
    found = direct_debit.list_collections(
        db.uow(), company, zone=AMSTERDAM, statuses=(CollectionStatus.CANCELLED,)
    )
    assert {c.reason.code for c in found if c.reason} == {"expired"}
