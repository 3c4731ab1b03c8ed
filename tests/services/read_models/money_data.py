"""Money from customers, booked through the bank matching on a real database (issue 15):
ACME's C1 pays with claimed costs and interest split off, credits wait in the bank review
from known and unknown accounts, and a second company, BETA, has a C1 of its own paying
from the same account. Shared by the read-model and the customer-page tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.services.bank.bank_data import ACTOR, IBAN, NOW, PAYER, reference, seed
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.services.bank.matching import import_and_match
from tijdig.services.companies.companies import add_company
from tijdig.services.receivables.imports import with_reference

OTHER_IBAN = "BE71096123456769"  # the second company's own account
STRANGER = "NL39RABO0300065264"  # nobody's known account
NEIGHBOUR = "NL44RABO0123456789"  # C2's account at ACME

Reader = Callable[[Path], ImportResult[BankStatement]]


def _statement(
    account: str, *txs: BankTransaction
) -> Callable[[Path], ImportResult[BankStatement]]:
    statement = BankStatement(account, "EUR", f"S-{account}-{len(txs)}", None, None, None,
                              date(2026, 11, 23), txs)  # fmt: skip
    return lambda _path: ImportResult(items=(statement,))


def _book(app: Tijdig, account: str, *txs: BankTransaction) -> None:
    import_and_match(app.uow(), [Path("s.xml")], read=_statement(account, *txs),
                     company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip


def _credit(day: int, amount: str, iban: str, key: str, *, ref: str | None = None,
            name: str | None = None) -> BankTransaction:  # fmt: skip
    return BankTransaction(date(2026, 11, day), Decimal(amount), "EUR", counterparty_iban=iban,
                           counterparty_name=name, structured_reference=ref,
                           remittance="" if ref else "zie mail", bank_reference=key)  # fmt: skip


def _claim(app: Tijdig, company: Company, number: str, costs: str, interest: str) -> None:
    with app.uow() as uow:
        uow.runs.record_claims(company.id or 0, None,  # type: ignore[arg-type]
                               [(number, Decimal(costs), Decimal(interest), "EUR")],
                               claimed_on=date(2026, 11, 10))  # fmt: skip
        uow.commit()


def _second_company(app: Tijdig) -> Company:
    """BETA, with a customer numbered C1 too, that pays from the same account PAYER."""
    beta = Company(code="BETA", name="Beta B.V.", bank_accounts=(BankAccount(OTHER_IBAN),))
    stored = add_company(app.uow(), beta, validate=False, actor="test", at=NOW)
    assert stored.id is not None
    with app.uow() as uow:
        uow.customers.save_many(stored.id, [Customer("C1", "Bakkerij Jansen")])
        cid = uow.customers.ids_by_number(stored.id)["C1"]
        invoice = Invoice("B-1", "C1", date(2026, 10, 1), date(2026, 10, 31), Decimal("80.00"))
        uow.invoices.add(with_reference(invoice, stored), company_id=stored.id,
                         customer_id=cid, fingerprint="B-1", source="test")  # fmt: skip
        uow.commit()
    _book(app, OTHER_IBAN, _credit(19, "80.00", PAYER, "B-P1",
                                   ref=reference(app, stored, "B-1")))  # fmt: skip
    return stored


def _neighbour(app: Tijdig, company: Company) -> None:
    """C2 at ACME, whose account NEIGHBOUR is known from a payment of its own."""
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, [Customer("C2", "Slagerij Pieters")])
        cid = uow.customers.ids_by_number(company.id)["C2"]
        invoice = Invoice("2026009", "C2", date(2026, 10, 1), date(2026, 10, 31), Decimal("30.00"))
        uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                         customer_id=cid, fingerprint="2026009", source="test")  # fmt: skip
        uow.commit()
    _book(app, IBAN, _credit(19, "30.00", NEIGHBOUR, "N-1", ref=reference(app, company, "2026009")))


def book_money(app: Tijdig) -> tuple[Company, Company]:
    """ACME's C1 paid 2026002 in full and 2026001 in part (claimed costs and interest
    first); four credits then wait for review: from C1's account (twice), from a stranger
    bearing C1's name, and from C2's account; BETA's C1 has one from the same account."""
    acme = seed(app)
    beta = _second_company(app)
    _neighbour(app, acme)
    _claim(app, acme, "2026001", "40.00", "5.00")
    _book(app, IBAN, _credit(19, "60.50", PAYER, "P-0", ref=reference(app, acme, "2026002")))
    _book(app, IBAN, _credit(20, "50.00", PAYER, "P-1", ref=reference(app, acme, "2026001")))
    _book(app, IBAN, _credit(21, "25.00", PAYER, "R-1"), _credit(22, "7.00", PAYER, "R-2"),
          _credit(22, "9.00", STRANGER, "R-3", name="Bakkerij Jansen"),
          _credit(22, "11.00", NEIGHBOUR, "R-4"))  # fmt: skip
    _book(app, OTHER_IBAN, _credit(22, "13.00", PAYER, "RB-1"))
    return acme, beta
