"""What waits for a person: bank lines matching was not sure of, with its suggestions,
and "the customer says they paid yesterday": the unmatched lines from that customer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tijdig.domain.banking import AccountBalance, BankTransaction
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company
from tijdig.services.ports import UnitOfWork


class ReviewData(Protocol):
    def review_lines(
        self, company_id: int
    ) -> list[tuple[int, BankTransaction, str, list[Any]]]: ...
    def ibans(self, company_id: int) -> list[tuple[str, str]]: ...
    def unmatched_from(
        self, company_id: int, ibans: Sequence[str], name: str
    ) -> list[tuple[int, BankTransaction, str]]: ...


class ReviewUnitOfWork(UnitOfWork, Protocol):
    @property
    def matching(self) -> ReviewData: ...


@dataclass(frozen=True, slots=True)
class ReviewLine:
    id: int
    transaction: BankTransaction
    reasons: str
    suggestions: tuple[dict[str, Any], ...]


def review_lines(uow: ReviewUnitOfWork, company: Company) -> list[ReviewLine]:
    assert company.id is not None
    with uow:
        rows = uow.matching.review_lines(company.id)
    return [ReviewLine(i, tx, reasons, tuple(s)) for i, tx, reasons, s in rows]


def find_payments(
    uow: ReviewUnitOfWork, company: Company, customer_number: str
) -> list[ReviewLine]:
    """Unmatched lines from the customer's known accounts or bearing its name."""
    assert company.id is not None
    with uow:
        customer = uow.customers.get(company.id, customer_number)
        if customer is None:
            raise NotFound(f"no customer {customer_number!r} at {company.code}")
        ibans = [iban for iban, number in uow.matching.ibans(company.id)
                 if number == customer_number]  # fmt: skip
        rows = uow.matching.unmatched_from(company.id, ibans, customer.name)
    return [ReviewLine(i, tx, status, ()) for i, tx, status in rows]


class AccountData(Protocol):
    def accounts(self, company_id: int) -> list[AccountBalance]: ...


class AccountsUnitOfWork(UnitOfWork, Protocol):
    @property
    def bank(self) -> AccountData: ...


def bank_accounts(uow: AccountsUnitOfWork, company: Company) -> list[AccountBalance]:
    """Per account: the date of its last booked statement, its balance (derived, when that
    statement gave none) and currency (the daily run's bank-first rule reads the date)."""
    assert company.id is not None
    with uow:
        return uow.bank.accounts(company.id)
