"""The bank review queue and a person's decisions: each decision books or sets aside the
line and writes its audit entry, with the actor, in the same transaction; a decision
that fails leaves neither."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.entrypoints.web.conftest import seed_acme
from tests.entrypoints.web.test_bank_page import add_lines
from tijdig.adapters.db.repositories.users import SqlAudit
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import Conflict, NotFound
from tijdig.domain.parties import Company
from tijdig.domain.users import AuditEntry
from tijdig.services.bank import review
from tijdig.services.companies.companies import add_company

ACTOR = "anne (web)"
AT = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def _audit(app: Tijdig) -> list[tuple[str, str, int | None, str]]:
    with app.uow() as uow:
        setup = AuditRow.action != "company.add"  # the data set up's own entry
        rows = uow.session.scalars(select(AuditRow).where(setup).order_by(AuditRow.id))
        return [(r.action, r.actor, r.customer_id, r.subject) for r in rows]


def _status(app: Tijdig, line_id: int) -> str:
    with app.uow() as uow:
        row = uow.session.get(BankTransactionRow, line_id)
        assert row is not None
        return row.status


def _open_minor(app: Tijdig, number: str) -> int:
    with app.uow() as uow:
        found = uow.session.scalar(select(InvoiceRow.open_minor).where(InvoiceRow.number == number))
    assert found is not None
    return found


def _customer_id(app: Tijdig, company: Company, number: str) -> int | None:
    with app.uow() as uow:
        customer = uow.customers.get(company.id or 0, number)
    return None if customer is None else customer.id


def test_the_queue_reads_a_page_and_the_count_and_a_page_past_the_end_gives_the_last(
    app: Tijdig, acme: Company
) -> None:
    ids = add_lines(app, acme, ["1210.00"] * 5)
    first = review.review_page(app.uow(), acme, page=1, per_page=2)
    assert [line.id for line in first.lines] == ids[:2]
    assert (first.total, first.page, first.pages) == (5, 1, 3)
    past = review.review_page(app.uow(), acme, page=9, per_page=2)
    assert [line.id for line in past.lines] == ids[4:] and past.page == 3 and past.total == 5
    other = add_company(app.uow(), Company("OTHER", "Other B.V."), validate=False, actor="test",
                        at=datetime.now(UTC))  # fmt: skip
    empty = review.review_page(app.uow(), other, page=2)
    assert (empty.lines, empty.total, empty.page, empty.pages) == ([], 0, 1, 1)


def test_booking_the_suggestion_writes_the_entry_with_the_actor(app: Tijdig, acme: Company) -> None:
    (line,) = add_lines(app, acme, ["1210.00"])
    booked = review.book_suggestion(app.uow(), acme, line, 0, actor=ACTOR, at=AT)
    assert booked.invoices == ("F-001",) and _open_minor(app, "F-001") == 0
    assert _status(app, line) == "matched"
    customer = _customer_id(app, acme, "C001")
    assert _audit(app) == [("bank.book", ACTOR, customer, f"bank line {line}")]
    with app.uow() as uow:
        (entry,) = uow.audit.for_customer(acme.id or 0, customer or 0)
    assert entry.at == AT and "suggestion 1: 1210.00 to F-001" in entry.details


def test_a_failed_booking_writes_no_entry(app: Tijdig, acme: Company) -> None:
    first, second = add_lines(app, acme, ["1210.00", "1210.00"])
    review.book_suggestion(app.uow(), acme, first, 0, actor=ACTOR, at=AT)
    with pytest.raises(Conflict):  # F-001 is paid by the first line now
        review.book_suggestion(app.uow(), acme, second, 0, actor=ACTOR, at=AT)
    with pytest.raises(NotFound):  # decided already
        review.dismiss(app.uow(), acme, first, actor=ACTOR, at=AT)
    assert [action for action, *_ in _audit(app)] == ["bank.book"]
    assert _status(app, second) == "review"


def test_booking_and_its_entry_commit_together(
    app: Tijdig, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    (line,) = add_lines(app, acme, ["700.00"], suggest=False)

    def refuse(self: SqlAudit, entries: Sequence[AuditEntry]) -> None:
        raise RuntimeError("the audit log is full")

    monkeypatch.setattr(SqlAudit, "add_many", refuse)
    with pytest.raises(RuntimeError):
        review.book_invoices(app.uow(), acme, line, ["F-002"], actor=ACTOR, at=AT)
    monkeypatch.undo()
    assert _status(app, line) == "review" and _open_minor(app, "F-002") == 60500
    assert _audit(app) == []


def test_booking_to_invoices_or_a_customer_names_the_customer(app: Tijdig, acme: Company) -> None:
    picked, customer = add_lines(app, acme, ["700.00", "1000.00"], suggest=False)
    review.book_invoices(app.uow(), acme, picked, ["F-002"], actor=ACTOR, at=AT)
    review.book_customer(app.uow(), acme, customer, "C002", actor="cli:carla", at=AT)
    c001, c002 = _customer_id(app, acme, "C001"), _customer_id(app, acme, "C002")
    assert _audit(app) == [("bank.book", ACTOR, c001, f"bank line {picked}"),
                           ("bank.book", "cli:carla", c002, f"bank line {customer}")]  # fmt: skip


def test_dismissing_writes_an_entry_for_the_company(app: Tijdig, acme: Company) -> None:
    (line,) = add_lines(app, acme, ["99.00"])
    review.dismiss(app.uow(), acme, line, actor=ACTOR, at=AT, note="refund supplier")
    assert _status(app, line) == "ignored"
    assert _audit(app) == [("bank.dismiss", ACTOR, None, f"bank line {line}")]
    with app.uow() as uow:
        details = uow.session.scalar(
            select(AuditRow.details).where(AuditRow.action == "bank.dismiss")
        )
    assert details is not None and details.endswith("not a customer payment: refund supplier")


def test_find_payments_reads_the_lines_in_the_customers_name(app: Tijdig, acme: Company) -> None:
    ids = add_lines(app, acme, ["10.00", "20.00"])  # from "Bakkerij Jansen", C001's name
    assert sorted(line.id for line in review.find_payments(app.uow(), acme, "C001")) == ids
    assert review.find_payments(app.uow(), acme, "C003") == []
    with pytest.raises(NotFound):
        review.find_payments(app.uow(), acme, "NOPE")
