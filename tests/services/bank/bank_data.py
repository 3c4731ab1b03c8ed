"""Shared data of the bank matching tests: a company with a customer and two invoices,
on the fake (tests/fakes_bank.py) or a real database, and a statement of transactions
booked both ways a statement can be (`book`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from tests.fakes_bank import FakeBankDatabase
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.services.bank.matching import MatchResult, import_and_match, match_new
from tijdig.services.bank.statements import import_statements
from tijdig.services.companies.companies import add_company
from tijdig.services.read_models.ledger import list_invoices
from tijdig.services.receivables.imports import with_reference

IBAN = "NL91ABNA0417164300"
PAYER = "NL02ABNA0123456789"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ACTOR = "cli:tester"

Store = Tijdig | FakeBankDatabase
Book = Callable[..., MatchResult]


def seed(store: Store) -> Company:
    """ACME owning IBAN, with customer C1 and its invoices 2026001 (121.00) and 2026002
    (60.50), each with its payment reference."""
    acme = Company(code="ACME", name="Acme B.V.", bank_accounts=(BankAccount(IBAN),))
    stored = add_company(store.uow(), acme, validate=False, actor="test", at=NOW)
    assert stored.id is not None
    with store.uow() as uow:
        uow.customers.save_many(stored.id, [Customer("C1", "Bakkerij Jansen")])
        cid = uow.customers.ids_by_number(stored.id)["C1"]
        for number, amount in (("2026001", "121.00"), ("2026002", "60.50")):
            invoice = Invoice(number, "C1", date(2026, 10, 1), date(2026, 10, 31), Decimal(amount))
            uow.invoices.add(with_reference(invoice, stored), company_id=stored.id,
                             customer_id=cid, fingerprint=number, source="test")  # fmt: skip
        uow.commit()
    return stored


def reference(store: Store, company: Company, number: str) -> str:
    found = [i for i in list_invoices(store.uow(), company) if i.number == number]
    assert found[0].payment_reference
    return found[0].payment_reference


def open_amounts(store: Store, company: Company) -> dict[str, Decimal]:
    return {i.number: i.outstanding for i in list_invoices(store.uow(), company)}


def reader(*txs: BankTransaction) -> Callable[[Path], ImportResult[BankStatement]]:
    statement = BankStatement(IBAN, "EUR", "S1", None, None, None, date(2026, 11, 20), txs)
    return lambda _path: ImportResult(items=(statement,))


def booking(one_go: bool) -> Book:
    """Books a statement of the transactions: `import_and_match` (what the command does),
    or `import_statements` followed by `match_new`."""

    def run(store: Store, company: Company, *txs: BankTransaction) -> MatchResult:
        assert company.id is not None
        path = Path(f"s{len(txs)}.xml")
        if one_go:
            summary, results = import_and_match(store.uow(), [path], read=reader(*txs),
                                                company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
            assert summary.companies == {company.id}
            [result] = results
            return result
        import_statements(
            store.uow(), [path], read=reader(*txs), company_hint=None, actor=ACTOR, at=NOW
        )
        return match_new(store.uow(), company.id, actor=ACTOR, at=NOW)

    return run
