"""The workspace's customer list, below the web (moved from the web tests): its order
(the largest overdue amount first, then customers without open items by number), its
search and filters, worked out in the database, and pages that cover every customer
once. ACME's ledger is the web tests' (tests/entrypoints/web/conftest.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.entrypoints.web.conftest import (
    AS_OF,
    add_customers,
    add_invoices,
    invoice,
    seed_acme,
)
from tijdig.bootstrap import Tijdig
from tijdig.domain.hardship import HardshipKind
from tijdig.domain.parties import Company, Customer
from tijdig.services.read_models import balances as balance_model
from tijdig.services.read_models.balances import CustomerFilter, CustomerPage
from tijdig.services.records import hardship

EVERYONE = ["C002", "C001", "C003"]  # Van Dijk 2420 overdue, Jansen 1089, Peeters USD 500


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def _list(app: Tijdig, company: Company, wanted: CustomerFilter, **page: int) -> CustomerPage:
    return balance_model.list_customers(app.balances, company, wanted, as_of=AS_OF, **page)


def _numbers(found: CustomerPage) -> list[str]:
    return [line.number for line in found.lines]


def test_the_largest_overdue_amount_comes_first(app: Tijdig, acme: Company) -> None:
    found = _list(app, acme, CustomerFilter())
    assert _numbers(found) == EVERYONE
    assert (found.total, found.page, found.pages) == (3, 1, 1)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (CustomerFilter("jans"), ["C001"]),
        (CustomerFilter("JANS"), ["C001"]),  # the name, whatever its case
        (CustomerFilter("c00"), EVERYONE),  # the number, from its start
        (CustomerFilter("C003"), ["C003"]),
        (CustomerFilter("%"), []),  # a wildcard is a character like any other
        (CustomerFilter(on_hold=True), ["C002"]),
        (CustomerFilter("peeters", overdue_only=True), ["C003"]),
    ],
)
def test_the_list_is_searched_and_filtered(
    app: Tijdig, acme: Company, wanted: CustomerFilter, expected: list[str]
) -> None:
    found = _list(app, acme, wanted)
    assert _numbers(found) == expected
    assert found.total == len(expected)


def test_overdue_only_leaves_out_customers_with_nothing_overdue(app: Tijdig, acme: Company) -> None:
    add_customers(app, acme, [Customer("C004", "Zeeman Vooruit")])
    add_invoices(app, acme, [invoice("F-100", "C004", date(2026, 3, 1), date(2026, 4, 30), "50")])
    assert "C004" in _numbers(_list(app, acme, CustomerFilter()))
    assert _numbers(_list(app, acme, CustomerFilter(overdue_only=True))) == EVERYONE


def test_pages_cover_every_customer_once_in_order(app: Tijdig, acme: Company) -> None:
    add_customers(app, acme, [Customer(f"Q{n:03d}", f"Stil {n:03d}") for n in range(60)])
    pages = [_list(app, acme, CustomerFilter(), page=page, size=25) for page in (1, 2, 3)]
    seen = [number for found in pages for number in _numbers(found)]
    assert [found.total for found in pages] == [63] * 3
    assert [found.pages for found in pages] == [3] * 3
    assert seen[:3] == EVERYONE
    assert seen[3:] == [f"Q{n:03d}" for n in range(60)]  # no open items: by number
    assert _numbers(_list(app, acme, CustomerFilter(), page=9, size=25)) == []


def test_customers_in_hardship_on_the_day_are_left_out_when_asked(
    app: Tijdig, acme: Company
) -> None:
    """The dashboard's list of who to act on: a customer in hardship on the day is on the
    aging's insolvency line instead (the same subquery); before its status began, and in
    the customer list, it is there as any other."""
    hardship.set_hardship(app.uow(), acme, "C002", HardshipKind.WSNP, since=date(2026, 3, 2),
                          evidence=hardship.Evidence("vonnis"), as_of=AS_OF, actor="test",
                          at=datetime.now(UTC))  # fmt: skip
    apart = CustomerFilter(overdue_only=True, hardship_apart=True)
    assert _numbers(_list(app, acme, apart)) == ["C001", "C003"]
    assert _list(app, acme, apart).total == 2
    assert _numbers(_list(app, acme, CustomerFilter(overdue_only=True))) == EVERYONE
    before = balance_model.list_customers(app.balances, acme, apart, as_of=date(2026, 3, 1))
    assert "C002" in _numbers(before)
    assert _numbers(_list(app, acme, CustomerFilter(hardship_apart=True))) == ["C001", "C003"]
