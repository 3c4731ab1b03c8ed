"""The bank review queue and a person's decisions: each decision books or sets aside the
line and writes its audit entry, with the actor, in the same transaction; a decision
that fails leaves neither. On the fake database (tests/fakes_bank.py); the web tests
(tests/entrypoints/web/test_bank_page.py) book through the SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.entrypoints.web.conftest import ACME_CUSTOMERS, ACME_INVOICES
from tests.fakes import FakeAudit
from tests.fakes_bank import BankTables, FakeBankDatabase
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.errors import Conflict, NotFound
from tijdig.domain.parties import Company
from tijdig.domain.users import AuditEntry
from tijdig.matching.model import Allocation, Suggestion
from tijdig.services.bank import review
from tijdig.services.bank.drafts import BankLineStatus, LineOutcome, NewLine
from tijdig.services.companies.companies import add_company

ACTOR = "anne (web)"
AT = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
ACCOUNT = "NL02ABNA0123456789"
PAYER_IBAN = "NL91ABNA0417164300"
DAY = date(2026, 3, 14)
SUGGESTION = Suggestion("C001", (Allocation("F-001", Decimal("1210.00"),
                                            to_principal=Decimal("1210.00")),),
                        Decimal("0.6"), ())  # fmt: skip


@pytest.fixture
def acme(db: FakeBankDatabase) -> Company:
    """ACME with three customers and the web tests' invoices (F-001 of 1,210.00 and F-002
    of 605.00 open for C001)."""
    company = add_company(db.uow(), Company("ACME", "Acme Groothandel B.V."), validate=False,
                          actor="test", at=AT)  # fmt: skip
    assert company.id is not None
    with db.uow() as uow:
        uow.customers.save_many(company.id, list(ACME_CUSTOMERS))
        ids = uow.customers.ids_by_number(company.id)
        for invoice in ACME_INVOICES:
            uow.invoices.add(invoice, company_id=company.id,
                             customer_id=ids[invoice.customer_number], fingerprint="x",
                             source="test")  # fmt: skip
        uow.commit()
    return company


def add_lines(
    db: FakeBankDatabase, company: Company, amounts: list[str], *, suggest: bool = True
) -> list[int]:
    """Credits from "Bakkerij Jansen" waiting for review on one statement; their ids."""
    assert company.id is not None
    with db.uow() as uow:
        statement = BankStatement(ACCOUNT, "EUR", None, None, Decimal("12345.67"), None, DAY)
        statement_id = uow.bank.add_statement(company.id, statement, filename="a.xml",
                                              imported_at=AT)  # fmt: skip
        ids = uow.bank.reserve_ids(len(amounts))
        lines = [
            NewLine(company.id, statement_id, ACCOUNT, f"{company.code}-{n}", BankTransaction(
                DAY, Decimal(amount), "EUR", counterparty_name="Bakkerij Jansen",
                counterparty_iban=PAYER_IBAN, remittance=f"payment {n}"))
            for n, amount in enumerate(amounts)
        ]  # fmt: skip
        suggestions = (SUGGESTION,) if suggest else ()
        outcomes = {i: LineOutcome(i, BankLineStatus.REVIEW, None, 60, "two customers fit",
                                   suggestions) for i in ids}  # fmt: skip
        uow.bank.add_lines(lines, ids=ids, outcomes=outcomes)
        uow.commit()
    return ids


def _tables(db: FakeBankDatabase) -> BankTables:
    assert isinstance(db.tables, BankTables)
    return db.tables


def _audit(db: FakeBankDatabase) -> list[tuple[str, str, int | None, str]]:
    return [(e.action, e.actor, e.customer_id, e.subject)
            for e in db.audit_entries if e.action != "company.add"]  # fmt: skip


def _status(db: FakeBankDatabase, line_id: int) -> str:
    return _tables(db).lines[line_id].status.value


def _open(db: FakeBankDatabase, number: str) -> Decimal:
    [found] = [s.invoice.outstanding for s in db.tables.invoices.values()
               if s.invoice.number == number]  # fmt: skip
    return found


def _customer_id(db: FakeBankDatabase, company: Company, number: str) -> int | None:
    with db.uow() as uow:
        customer = uow.customers.get(company.id or 0, number)
    return None if customer is None else customer.id


def test_the_queue_reads_a_page_and_the_count_and_a_page_past_the_end_gives_the_last(
    db: FakeBankDatabase, acme: Company
) -> None:
    ids = add_lines(db, acme, ["1210.00"] * 5)
    first = review.review_page(db.uow(), acme, page=1, per_page=2)
    assert [line.id for line in first.lines] == ids[:2]
    assert (first.total, first.page, first.pages) == (5, 1, 3)
    past = review.review_page(db.uow(), acme, page=9, per_page=2)
    assert [line.id for line in past.lines] == ids[4:] and past.page == 3 and past.total == 5
    other = add_company(db.uow(), Company("OTHER", "Other B.V."), validate=False, actor="test",
                        at=AT)  # fmt: skip
    empty = review.review_page(db.uow(), other, page=2)
    assert (empty.lines, empty.total, empty.page, empty.pages) == ([], 0, 1, 1)


def test_booking_the_suggestion_writes_the_entry_with_the_actor(
    db: FakeBankDatabase, acme: Company
) -> None:
    (line,) = add_lines(db, acme, ["1210.00"])
    booked = review.book_suggestion(db.uow(), acme, line, 0, actor=ACTOR, at=AT)
    assert booked.invoices == ("F-001",) and _open(db, "F-001") == 0
    assert _status(db, line) == "matched"
    customer = _customer_id(db, acme, "C001")
    assert _audit(db) == [("bank.book", ACTOR, customer, f"bank line {line}")]
    with db.uow() as uow:
        (entry,) = uow.audit.for_customer(acme.id or 0, customer or 0)
        [(payment_id, payment)] = uow.bank.payments(acme.id or 0).items()
        assert uow.matching.seen(acme.id or 0) == {(PAYER_IBAN, "C001"): (1, DAY)}
    assert entry.at == AT and "suggestion 1: 1210.00 to F-001" in entry.details
    f001 = next(i for i, s in db.tables.invoices.items() if s.invoice.number == "F-001")
    assert (payment.customer_id, payment.line_id, payment.amount, payment.allocations) == (
        customer, line, Decimal("1210.00"), ((f001, Decimal("1210.00"), 0, 0),))  # fmt: skip
    stored = _tables(db).lines[line]
    assert (stored.customer_id, stored.payment_id, stored.confidence) == (customer, payment_id, 100)
    assert stored.reasons == f"two customers fit; booked by {ACTOR} as suggested: "


def test_a_failed_booking_writes_no_entry(db: FakeBankDatabase, acme: Company) -> None:
    first, second = add_lines(db, acme, ["1210.00", "1210.00"])
    review.book_suggestion(db.uow(), acme, first, 0, actor=ACTOR, at=AT)
    before = db.snapshot()[0]
    with pytest.raises(Conflict):  # F-001 is paid by the first line now
        review.book_suggestion(db.uow(), acme, second, 0, actor=ACTOR, at=AT)
    with pytest.raises(NotFound):  # decided already
        review.dismiss(db.uow(), acme, first, actor=ACTOR, at=AT)
    assert [action for action, *_ in _audit(db)] == ["bank.book"]
    assert _status(db, second) == "review"
    assert db.snapshot()[0] == before  # the claim on the line is gone with the rest


def test_booking_and_its_entry_commit_together(
    db: FakeBankDatabase, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    (line,) = add_lines(db, acme, ["700.00"], suggest=False)
    before = db.snapshot()[0]

    def refuse(self: FakeAudit, entries: Sequence[AuditEntry]) -> None:
        raise RuntimeError("the audit log is full")

    monkeypatch.setattr(FakeAudit, "add_many", refuse)
    with pytest.raises(RuntimeError):
        review.book_invoices(db.uow(), acme, line, ["F-002"], actor=ACTOR, at=AT)
    monkeypatch.undo()
    assert _status(db, line) == "review" and _open(db, "F-002") == Decimal("605.00")
    assert _audit(db) == []
    assert db.snapshot()[0] == before  # no payment, no open amount changed


def test_booking_to_invoices_or_a_customer_names_the_customer(
    db: FakeBankDatabase, acme: Company
) -> None:
    picked, customer = add_lines(db, acme, ["700.00", "1000.00"], suggest=False)
    review.book_invoices(db.uow(), acme, picked, ["F-002"], actor=ACTOR, at=AT)
    review.book_customer(db.uow(), acme, customer, "C002", actor="cli:carla", at=AT)
    c001, c002 = _customer_id(db, acme, "C001"), _customer_id(db, acme, "C002")
    assert _audit(db) == [("bank.book", ACTOR, c001, f"bank line {picked}"),
                          ("bank.book", "cli:carla", c002, f"bank line {customer}")]  # fmt: skip
    # 700 on F-002 (605 open): 95 left as credit; 1,000 on C002's F-003 (2,420 open)
    assert (_open(db, "F-002"), _open(db, "F-003")) == (Decimal(0), Decimal("1420.00"))
    details = [e.details for e in db.audit_entries if e.action == "bank.book"]
    assert details[0].endswith("700.00 to F-002; 95.00 left as credit")


def test_dismissing_writes_an_entry_for_the_company(db: FakeBankDatabase, acme: Company) -> None:
    (line,) = add_lines(db, acme, ["99.00"])
    review.dismiss(db.uow(), acme, line, actor=ACTOR, at=AT, note="refund supplier")
    assert _status(db, line) == "ignored"
    assert _audit(db) == [("bank.dismiss", ACTOR, None, f"bank line {line}")]
    [details] = [e.details for e in db.audit_entries if e.action == "bank.dismiss"]
    assert details.endswith("not a customer payment: refund supplier")


def test_find_payments_reads_the_lines_in_the_customers_name(
    db: FakeBankDatabase, acme: Company
) -> None:
    ids = add_lines(db, acme, ["10.00", "20.00"])  # from "Bakkerij Jansen", C001's name
    assert sorted(line.id for line in review.find_payments(db.uow(), acme, "C001")) == ids
    assert review.find_payments(db.uow(), acme, "C003") == []
    with pytest.raises(NotFound):
        review.find_payments(db.uow(), acme, "NOPE")


def test_a_search_for_a_line_is_for_a_line_waiting_in_the_companys_own_queue(
    db: FakeBankDatabase, acme: Company
) -> None:
    beta = add_company(db.uow(), Company("BETA", "Beta B.V."), validate=False, actor="test",
                       at=AT)  # fmt: skip
    (ours,) = add_lines(db, acme, ["10.00"])
    (theirs,) = add_lines(db, beta, ["10.00"])
    found = review.search_for_line(db.uow(), acme, ours, "F-00")
    assert {f.invoice_number for f in found} >= {"F-001", "F-002"}
    with pytest.raises(NotFound):
        review.search_for_line(db.uow(), acme, theirs, "F-00")
    review.dismiss(db.uow(), acme, ours, actor=ACTOR, at=AT)
    with pytest.raises(NotFound):  # decided meanwhile: no longer waiting
        review.search_for_line(db.uow(), acme, ours, "F-00")
