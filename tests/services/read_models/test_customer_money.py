"""Money from one customer on a real database (issue 15): its payments with how each was
applied (costs, interest, principal), and the lines waiting in the bank review from its
known accounts only; never another customer's, never another company's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.services.bank.bank_data import PAYER
from tests.services.read_models.money_data import book_money
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.bank.review import review_page
from tijdig.services.read_models.customer_money import (
    CustomerMoney,
    UnmatchedLine,
    customer_money,
)


@pytest.fixture
def money(app: Tijdig) -> tuple[Company, Company]:
    return book_money(app)


def _money(app: Tijdig, company: Company, number: str = "C1", **paging: int) -> CustomerMoney:
    assert company.id is not None
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id)[number]
    return customer_money(app.api_queries, app.customer_money, company, customer_id, **paging)


def test_each_payment_shows_what_went_to_costs_interest_and_principal(
    app: Tijdig, money: tuple[Company, Company]
) -> None:
    shown = _money(app, money[0])
    assert shown.payments.total == 2
    latest, first = shown.payments.items
    assert (latest.paid_on, latest.amount, first.amount) == (
        date(2026, 11, 20), Decimal("50.00"), Decimal("60.50"))  # fmt: skip
    [part] = latest.parts
    assert (part.invoice_number, part.to_costs, part.to_interest, part.to_principal) == (
        "2026001", Decimal("40.00"), Decimal("5.00"), Decimal("5.00"))  # fmt: skip
    [paid] = first.parts
    assert (paid.invoice_number, paid.to_costs, paid.to_interest, paid.to_principal) == (
        "2026002", Decimal("0.00"), Decimal("0.00"), Decimal("60.50"))  # fmt: skip


def test_payments_come_a_page_at_a_time_with_the_count_of_all(
    app: Tijdig, money: tuple[Company, Company]
) -> None:
    second = _money(app, money[0], page=2, per_page=1)
    assert [p.amount for p in second.payments.items] == [Decimal("60.50")]
    assert (second.payments.total, second.pages) == (2, 2)
    assert _money(app, money[0], page=3, per_page=1).payments.items == ()


def test_only_lines_from_the_customer_s_known_accounts_are_shown(
    app: Tijdig, money: tuple[Company, Company]
) -> None:
    unmatched = _money(app, money[0]).unmatched
    assert [(line.amount, line.account) for line in unmatched.items] == [
        (Decimal("7.00"), PAYER), (Decimal("25.00"), PAYER)]  # fmt: skip
    assert unmatched.total == 2  # not the stranger bearing its name, nor C2's nor BETA's


def test_another_customer_and_another_company_see_only_their_own(
    app: Tijdig, money: tuple[Company, Company]
) -> None:
    acme, beta = money
    assert [line.amount for line in _money(app, acme, "C2").unmatched.items] == [Decimal("11.00")]
    assert [p.amount for p in _money(app, acme, "C2").payments.items] == [Decimal("30.00")]
    other = _money(app, beta)
    assert [line.amount for line in other.unmatched.items] == [Decimal("13.00")]
    assert [p.amount for p in other.payments.items] == [Decimal("80.00")]


def test_each_line_links_to_its_place_in_the_bank_review(
    app: Tijdig, money: tuple[Company, Company]
) -> None:
    acme = money[0]
    queue = [line.id for line in review_page(app.uow(), acme, per_page=100).lines]
    for line in _money(app, acme).unmatched.items:
        assert queue.index(line.id) + 1 == line.position and line.review_page == 1


@pytest.mark.parametrize(("position", "page"), [(1, 1), (20, 1), (21, 2), (41, 3)])
def test_the_review_page_follows_from_the_position(position: int, page: int) -> None:
    line = UnmatchedLine(1, date(2026, 2, 28), Decimal(1), "EUR", None, PAYER, "", position)
    assert line.review_page == page
