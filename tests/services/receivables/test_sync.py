"""Keeping in step with the books (issue 16, part 3) on SQLite and PostgreSQL: what an
export says against the previous one, booked all or nothing, once; gone items closed as
paid outside Tijdig unless a bank payment closed them already."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.services.bank.bank_data import PAYER, booking, open_amounts, reference, seed
from tests.services.receivables.conftest import ACTOR, AT, snapshot
from tijdig.adapters.db.schema.collection import ContactEventRow
from tijdig.adapters.db.schema.syncs import InvoiceClosureRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankTransaction
from tijdig.domain.errors import ImportRefused, RuleViolation
from tijdig.domain.export_diff import FieldChange, SyncField
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company
from tijdig.services.receivables.sync import apply_sync, diff_export, export_day, source_key
from tijdig.services.receivables.sync_ports import SyncResult

SOURCE = source_key("csv")


def _invoice(number: str, total: str, *, open_: str | None = None, due: date | None = None,
             customer: str = "C1") -> Invoice:  # fmt: skip
    return Invoice(number, customer, date(2026, 10, 1), due or date(2026, 10, 31), Decimal(total),
                   open_amount=Decimal(open_ if open_ is not None else total))  # fmt: skip


FIRST = (_invoice("2026001", "121.00"), _invoice("2026002", "60.50"), _invoice("2026003", "200.00"))


def _sync(app: Tijdig, company: Company, invoices: tuple[Invoice, ...], on: date) -> SyncResult:
    return apply_sync(app.uow(), company, invoices, source=SOURCE, exported_on=on,
                      filename="debiteuren.csv", actor=ACTOR, at=AT)  # fmt: skip


def _closures(app: Tijdig) -> list[tuple[str, date, int]]:
    c = InvoiceClosureRow
    with app.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(  # type: ignore[misc]
            select(c.reason, c.closed_on, c.amount_minor).order_by(c.id))]  # fmt: skip


@pytest.fixture
def company(app: Tijdig) -> Company:
    """ACME with customer C1, its invoices 2026001 and 2026002 in Tijdig, and a first
    export synced (2026001, 2026002 and a new 2026003)."""
    acme = seed(app)
    first = _sync(app, acme, FIRST, date(2026, 11, 2))
    assert [i.number for i in first.diff.new] == ["2026001", "2026002", "2026003"]
    assert [i.number for i in first.plan.additions] == ["2026003"]  # the others are held
    assert not first.plan.updates and not first.plan.closures
    return acme


@pytest.mark.parametrize("on", [date(2026, 11, 30), date(2027, 1, 4)])
def test_one_item_gone_and_one_changed_show_exactly_those_two(
    app: Tijdig, company: Company, on: date
) -> None:
    later = (replace(FIRST[1], due_date=date(2026, 11, 15)), FIRST[2])
    seen = diff_export(app.uow(), company, later, source=SOURCE, exported_on=on)
    assert seen.previous_on == date(2026, 11, 2) and not seen.diff.new
    assert [i.number for i in seen.diff.gone] == ["2026001"]
    [changed] = seen.diff.changed
    assert changed.new.number == "2026002"
    assert changed.changes == (
        FieldChange(SyncField.DUE_DATE, date(2026, 10, 31), date(2026, 11, 15)),
    )
    done = _sync(app, company, later, on)
    assert done.applied and done.diff == seen.diff and done.plan == seen.plan
    assert open_amounts(app, company) == {
        "2026001": Decimal("0.00"), "2026002": Decimal("60.50"), "2026003": Decimal("200.00"),
    }  # fmt: skip
    assert _closures(app) == [("paid_outside", on, 12100)]
    with app.engine.connect() as connection:
        notes = connection.scalars(select(ContactEventRow.summary)).all()
        entries = connection.execute(
            select(AuditRow.details).where(AuditRow.action == "invoices.sync")
        ).scalars().all()  # fmt: skip
    assert len(notes) == 1 and "paid_outside" in notes[0] and on.isoformat() in notes[0]
    assert entries[-1] == ("2026002 changed (due_date); 2026001 paid outside Tijdig, EUR 121.00")


def test_a_lower_open_amount_in_the_books_is_the_part_paid_outside(
    app: Tijdig, company: Company
) -> None:
    later = (FIRST[0], FIRST[1], replace(FIRST[2], open_amount=Decimal("80.00")))
    done = _sync(app, company, later, date(2026, 12, 1))
    [changed] = done.diff.changed
    assert changed.changes == (FieldChange(SyncField.OPEN_AMOUNT, Decimal("200.00"),
                                           Decimal("80.00")),)  # fmt: skip
    assert open_amounts(app, company)["2026003"] == Decimal("80.00")
    assert _closures(app) == [("paid_outside", date(2026, 12, 1), 12000)]


def test_a_dry_run_changes_nothing(app: Tijdig, company: Company) -> None:
    before = snapshot(app)
    seen = diff_export(app.uow(), company, FIRST[1:], source=SOURCE, exported_on=date(2026, 12, 1))
    assert [i.number for i in seen.diff.gone] == ["2026001"] and len(seen.plan.closures) == 1
    assert not seen.applied
    assert snapshot(app) == before


def test_the_same_export_again_shows_no_difference_and_books_nothing(
    app: Tijdig, company: Company
) -> None:
    later = (replace(FIRST[1], total=Decimal("70.50"), open_amount=Decimal("70.50")), FIRST[2])
    assert _sync(app, company, later, date(2026, 12, 1)).applied
    assert open_amounts(app, company)["2026002"] == Decimal("70.50")  # invoiced 10.00 more
    before = snapshot(app)
    again = _sync(app, company, later, date(2026, 12, 1))
    assert again.diff.is_empty and not again.applied and again.diff.unchanged == 2
    assert snapshot(app) == before


def test_gone_but_paid_through_the_bank_is_noted_not_closed_twice(
    app: Tijdig, company: Company
) -> None:
    paid = BankTransaction(date(2026, 11, 20), Decimal("200.00"), "EUR", counterparty_iban=PAYER,
                           structured_reference=reference(app, company, "2026003"),
                           bank_reference="B-1")  # fmt: skip
    assert booking(True)(app, company, paid).matched == 1
    assert open_amounts(app, company)["2026003"] == Decimal("0.00")
    done = _sync(app, company, FIRST[:2], date(2026, 12, 1))
    assert [i.number for i in done.diff.gone] == ["2026003"]
    assert [i.number for i in done.plan.explained] == ["2026003"] and not done.plan.closures
    assert _closures(app) == []
    assert open_amounts(app, company)["2026003"] == Decimal("0.00")
    with app.engine.connect() as connection:
        details = connection.scalars(
            select(AuditRow.details).where(AuditRow.action == "invoices.sync")
        ).all()
    assert details[-1] == "2026003 gone, closed already by a payment"


def test_an_unknown_customer_refuses_the_whole_export(app: Tijdig, company: Company) -> None:
    before = snapshot(app)
    stranger = _invoice("2026009", "10.00", customer="C9")
    with pytest.raises(ImportRefused) as refused:
        _sync(app, company, (*FIRST[1:], stranger), date(2026, 12, 1))
    assert [i.field for i in refused.value.issues] == ["customer"]
    assert snapshot(app) == before  # 2026001 was not closed either


def test_sources_are_kept_apart(app: Tijdig, company: Company) -> None:
    shop = source_key("csv", "webshop")
    seen = diff_export(app.uow(), company, FIRST[:1], source=shop, exported_on=date(2026, 12, 1))
    assert shop == "csv:webshop" and seen.previous_on is None
    assert [i.number for i in seen.diff.new] == ["2026001"] and not seen.diff.gone


def test_an_export_older_than_the_last_synced_is_refused(app: Tijdig, company: Company) -> None:
    """Its "gone" would be what was invoiced after it: closed as paid by mistake."""
    before = snapshot(app)
    with pytest.raises(RuleViolation) as refused:
        _sync(app, company, FIRST[:1], date(2026, 11, 1))
    assert str(refused.value).startswith("the export of 2026-11-01 is older than the one of "
                                         "2026-11-02 synced from csv")  # fmt: skip
    assert snapshot(app) == before
    assert _sync(app, company, FIRST, date(2026, 11, 2)).diff.is_empty  # the same day: fine


@pytest.mark.parametrize(
    ("given", "in_content", "expected"),
    [
        (date(2026, 11, 3), date(2026, 11, 1), date(2026, 11, 3)),  # the user's day first
        (None, date(2026, 11, 1), date(2026, 11, 1)),  # then the file's own
        (None, None, date(2026, 12, 7)),  # then the day of the sync
    ],
)
def test_the_export_day_is_given_else_read_else_today(
    given: date | None, in_content: date | None, expected: date
) -> None:
    assert export_day(given, in_content, date(2026, 12, 7)) == expected
