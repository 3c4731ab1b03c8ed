"""Bank statements booked end to end on a real database (SQLite, and PostgreSQL when
TIJDIG_TEST_DATABASE_URL is set): a real MT940 and a real CAMT.053 file of the corpus
through the readers, matching and the SQL repositories, once and then again (not a row
more); costs and interest claimed by a collection run, paid first; what the customer
file and the daily run read of a payment; a payment plan paid by its reference on an
MT940 statement, then missed by the next working day's statement (a call and a
reminder), and broken once the reminder's day passes unpaid. The other bank tests
run on the fakes (tests/fakes_bank.py); the repositories' contract is
tests/adapters/db/test_contract_bank.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.bank.bank_data import (
    ACTOR,
    IBAN,
    NOW,
    PAYER,
    Book,
    open_amounts,
    reference,
    seed,
)
from tests.services.receivables.conftest import snapshot
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.ledger import AllocationRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.importers import bank
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankTransaction
from tijdig.domain.collection.plan_rules import Reminded
from tijdig.domain.collection.plans import (
    AcceptanceWay,
    Frequency,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.records import TaskKind
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.services.bank.matching import import_and_match
from tijdig.services.collection.day import run_the_day
from tijdig.services.plans import plans
from tijdig.services.plans.judging import Judged
from tijdig.services.read_models.customer_file import customer_file


@pytest.fixture
def company(app: Tijdig) -> Company:
    return seed(app)


@pytest.mark.parametrize(
    ("name", "lines", "credits"),
    [
        ("mt940/oca_Voorbeeld MT-940.mt940", 21, 19),
        ("camt053/newinn_example-camt053-b.xml", 19, 13),
    ],
)
def test_a_corpus_statement_is_booked_once_through_the_database(
    app: Tijdig, company: Company, corpus: Path, name: str, lines: int, credits: int
) -> None:
    path = corpus / name
    summary, [result] = import_and_match(app.uow(), [path], read=bank.extract,
                                         company_hint=company, actor=ACTOR, at=NOW)  # fmt: skip
    assert (summary.statements, summary.new, summary.duplicates) == (1, lines, 0)
    assert (
        summary.new - summary.debits
        == result.matched + result.review + result.reopened + result.ignored
    )
    with app.uow() as uow:
        stored = list(uow.session.execute(
            select(BankTransactionRow.status, BankTransactionRow.amount_minor)
            .where(BankTransactionRow.company_id == company.id)
        ))  # fmt: skip
        entries = list(uow.session.scalars(
            select(AuditRow.action).where(AuditRow.action == "bank.import")))  # fmt: skip
    assert len(stored) == lines and sum(1 for _, minor in stored if minor > 0) == credits
    assert "new" not in {status for status, _ in stored} and entries == ["bank.import"]
    before = snapshot(app)
    again, _ = import_and_match(app.uow(), [path], read=bank.extract, company_hint=company,
                                actor=ACTOR, at=NOW)  # fmt: skip
    assert (again.new, again.duplicates) == (0, lines)
    assert snapshot(app) == before  # not a row more, nor an audit entry


def test_a_known_payers_unmatched_credit_counts_as_unallocated(
    app: Tijdig, company: Company, book: Book
) -> None:
    ref = reference(app, company, "2026001")
    first = BankTransaction(date(2026, 11, 20), Decimal("121.00"), "EUR", counterparty_iban=PAYER,
                            structured_reference=ref, bank_reference="B-1")  # fmt: skip
    book(app, company, first)
    vague = BankTransaction(date(2026, 11, 21), Decimal("25.00"), "EUR", counterparty_iban=PAYER,
                            remittance="zie mail", bank_reference="B-2")  # fmt: skip
    assert book(app, company, vague).review == 1
    with app.uow() as uow:
        [state] = uow.run_data.customer_states(company.id or 0, as_of=date(2026, 11, 24))
    assert state.unallocated == (("EUR", Decimal("25.00")),)
    shown = customer_file(app.uow(), app.reports, company, "C1", as_of=date(2026, 11, 24))
    assert shown.unallocated == (("EUR", Decimal("25.00")),)


def _claim(app: Tijdig, company: Company, number: str, costs: str, interest: str) -> None:
    with app.uow() as uow:
        uow.runs.record_claims(company.id or 0, None,  # type: ignore[arg-type]
                               [(number, Decimal(costs), Decimal(interest), "EUR")],
                               claimed_on=date(2026, 11, 10))  # fmt: skip
        uow.commit()


def test_a_payment_goes_to_claimed_costs_then_interest_then_principal(
    app: Tijdig, company: Company, book: Book
) -> None:
    _claim(app, company, "2026001", "40.00", "5.00")
    learn = BankTransaction(date(2026, 11, 19), Decimal("60.50"), "EUR", counterparty_iban=PAYER,
                            structured_reference=reference(app, company, "2026002"),
                            bank_reference="P-0")  # fmt: skip
    assert book(app, company, learn).matched == 1  # the payer's account is known now
    ref = reference(app, company, "2026001")
    part = BankTransaction(date(2026, 11, 20), Decimal("50.00"), "EUR", counterparty_iban=PAYER,
                           structured_reference=ref, bank_reference="P-1")  # fmt: skip
    assert book(app, company, part).matched == 1
    assert open_amounts(app, company)["2026001"] == Decimal("116.00")  # 50 = 40 + 5 + 5 principal
    with app.uow() as uow:
        parts = uow.session.execute(
            select(AllocationRow.costs_minor, AllocationRow.interest_minor,
                   AllocationRow.amount_minor).where(AllocationRow.costs_minor > 0)
        ).one()  # fmt: skip
    assert tuple(parts) == (4000, 500, 5000)
    shown = customer_file(app.uow(), app.reports, company, "C1", as_of=date(2026, 11, 24))
    assert shown.claims["2026001"] == (Decimal("0.00"), Decimal("0.00"))  # all met
    [applied] = [a for a in shown.applied if a.invoice_number == "2026001"]
    assert (applied.to_costs, applied.to_interest, applied.to_principal) == (
        Decimal("40.00"), Decimal("5.00"), Decimal("5.00"))  # fmt: skip
    rest = BankTransaction(date(2026, 11, 21), Decimal("116.00"), "EUR", counterparty_iban=PAYER,
                           structured_reference=ref, bank_reference="P-2")  # fmt: skip
    assert book(app, company, rest).matched == 1
    assert open_amounts(app, company)["2026001"] == Decimal("0.00")


def _mt940(path: Path, day: date, opening: str, lines: list[tuple[str, str, str]]) -> Path:
    """An MT940 statement of ACME's account for `day`: credits (amount, /IBAN/, /REMI/)."""
    yymmdd = day.strftime("%y%m%d")
    body = "".join(
        f":61:{yymmdd}{day:%m%d}C{amount.replace('.', ',')}NTRFNONREF//B{n}\n"
        f":86:/IBAN/{iban}/NAME/Bakkerij Jansen/REMI/{remi}/\n"
        for n, (amount, iban, remi) in enumerate(lines)
    )
    closing = str(Decimal(opening) + sum((Decimal(a) for a, _, _ in lines), Decimal(0)))
    head = f":20:S{yymmdd}\n:25:{IBAN}\n:28C:{day:%j}/1\n"
    path.write_text(
        f"{head}:60F:C{yymmdd}EUR{opening.replace('.', ',')}\n"
        f"{body}:62F:C{yymmdd}EUR{closing.replace('.', ',')}\n",
        encoding="utf-8",
    )
    return path


def test_a_plan_is_paid_by_its_reference_reminded_and_then_broken_past_the_reminder(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    """C1's 2026001 (121.00) in two weekly plan instalments of 60.50, Tue 12-01 and Tue
    12-08. The first comes in with the plan's reference on the MT940 statement of 12-01
    and books to the plan; the statement of Wed 12-09, the working day after the second,
    has a payment of C1's, but for 2026002 by its own reference: the second plan
    instalment is missed: the call planned for Thu 12-10 and the reminder asks payment by
    Wed 12-16. The statement of Thu 12-17 has nothing for the plan: it is broken."""
    made = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    terms = plans.PlanTerms(("2026001",), 2, date(2026, 12, 1), frequency=Frequency.WEEKLY)
    offered = plans.offer_plan(app.uow(), company, "C1", terms, on=made.date(), actor=ACTOR,
                               at=made)  # fmt: skip
    signed = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, made, filename="ok.pdf", content=b"%")
    plans.accept_plan(app.uow(), company, offered.plan_id, signed, letters=app.plan_letters(),
                      on=made.date(), actor=ACTOR,
                      at=made)  # fmt: skip
    first = _mt940(tmp_path / "s1.sta", date(2026, 12, 1), "0.00",
                   [("60.50", PAYER, f"STRD/CUR/{offered.plan.reference}")])  # fmt: skip
    _, [result] = import_and_match(app.uow(), [first], read=bank.extract, company_hint=company,
                                   actor=ACTOR, at=NOW)  # fmt: skip
    assert result.matched == 1
    assert open_amounts(app, company)["2026001"] == Decimal("60.50")
    with app.uow() as uow:
        assert uow.plans.payments(company.id or 0, offered.plan_id) == [
            (date(2026, 12, 1), Decimal("60.50"))]  # fmt: skip
    own = reference(app, company, "2026002")
    second = _mt940(tmp_path / "s2.sta", date(2026, 12, 9), "60.50",
                    [("60.50", PAYER, f"STRD/CUR/{own}")])  # fmt: skip
    _, [result] = import_and_match(app.uow(), [second], read=bank.extract, company_hint=company,
                                   actor=ACTOR, at=NOW)  # fmt: skip
    assert result.matched == 1  # to 2026002, not to the plan
    day = run_the_day(app.uow(), company, letters=app.plan_letters(), as_of=date(2026, 12, 9),
                      actor=ACTOR, at=NOW, today=date(2026, 12, 9))  # fmt: skip
    assert day.plans == Judged(reminded=1)
    stored = plans.plan_of(app.uow(), company, offered.plan_id)
    assert stored.plan.status is PlanStatus.IN_FORCE
    assert stored.reminded == Reminded(2, date(2026, 12, 16))
    with app.uow() as uow:
        cid = uow.customers.ids_by_number(company.id or 0)["C1"]
        [(_id, task)] = uow.tasks.open_for_customer(company.id or 0, cid)
    assert (task.kind, task.due_on) == (TaskKind.CALL, date(2026, 12, 10))
    assert task.title == reason(Code.TASK_PLAN_MISSED, plan=offered.plan.reference,
                                due=date(2026, 12, 8))  # fmt: skip
    third = _mt940(tmp_path / "s3.sta", date(2026, 12, 17), "121.00", [])
    import_and_match(app.uow(), [third], read=bank.extract, company_hint=company, actor=ACTOR,
                     at=NOW)  # fmt: skip
    day = run_the_day(app.uow(), company, letters=app.plan_letters(), as_of=date(2026, 12, 17),
                      actor=ACTOR, at=NOW, today=date(2026, 12, 17))  # fmt: skip
    assert day.plans == Judged(broken=1)
    ended = plans.plan_of(app.uow(), company, offered.plan_id).plan
    assert (ended.status, ended.ended_on) == (PlanStatus.BROKEN, date(2026, 12, 17))


def test_a_plan_payment_returned_by_the_bank_is_taken_off_the_plan(
    app: Tijdig, company: Company, book: Book
) -> None:
    """On the database: the return reopens the invoice and the payment pays the plan no
    more (its plan instalment unpaid again); another company's payments untouched."""
    made = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    terms = plans.PlanTerms(("2026001",), 2, date(2026, 11, 20))
    offered = plans.offer_plan(app.uow(), company, "C1", terms, on=made.date(), actor=ACTOR,
                               at=made)  # fmt: skip
    signed = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, made, filename="ok.pdf", content=b"%")
    plans.accept_plan(app.uow(), company, offered.plan_id, signed, letters=app.plan_letters(),
                      on=made.date(), actor=ACTOR, at=made)  # fmt: skip
    paid = BankTransaction(date(2026, 11, 20), Decimal("60.50"), "EUR", counterparty_iban=PAYER,
                           structured_reference=offered.plan.reference,
                           end_to_end_id="E2E-PLAN")  # fmt: skip
    assert book(app, company, paid).matched == 1
    with app.uow() as uow:
        assert uow.plans.payments(company.id or 0, offered.plan_id) == [
            (date(2026, 11, 20), Decimal("60.50"))]  # fmt: skip
    returned = BankTransaction(date(2026, 11, 23), Decimal("-60.50"), "EUR",
                               counterparty_iban=PAYER, end_to_end_id="E2E-PLAN",
                               return_reason="AM04")  # fmt: skip
    assert book(app, company, returned).reopened == 1
    assert open_amounts(app, company)["2026001"] == Decimal("121.00")
    with app.uow() as uow:
        assert uow.plans.payments(company.id or 0, offered.plan_id) == []
