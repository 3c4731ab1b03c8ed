"""The debtor portal for a customer with 96 open invoices (issue 15): ten to a page, the
oldest due first, the page in the URL, and the total to pay that of all of them, costs
and interest still open included, on every page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company

from .conftest import add_invoices, invoice
from .test_portal import link, seed

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# 94 more of K1's (beside F-001 1,210.00 and F-002 605.00): 10.00 to 103.00, all due
# before F-002 (31 March), F-001 (31 January) the oldest.
MANY = [
    invoice(f"M-{n:03d}", "K1", date(2026, 1, 1), date(2026, 2, 1) + timedelta(days=n // 2),
            f"{10 + n}.00")
    for n in range(94)
]  # fmt: skip
# 1,210 + 605 + (10 + ... + 103 = 5,311) + claimed on F-001: 40 costs and 5 interest
TOTAL = "€ 7.171,00"


@pytest.fixture
def many(app: Tijdig) -> tuple[Company, str]:
    zon = seed(app)
    add_invoices(app, zon, MANY)
    with app.uow() as uow:
        uow.runs.record_claims(zon.id or 0, None,  # type: ignore[arg-type]
                               [("F-001", Decimal("40.00"), Decimal("5.00"), "EUR")],
                               claimed_on=date(2026, 2, 10))  # fmt: skip
        uow.commit()
    return zon, link(app, zon)


def _numbers(html: str) -> list[str]:
    return re.findall(r'class="card invoice[^"]*" data-invoice="([^"]+)"', html)


def _total(html: str) -> str:
    found = re.search(r'<p class="total" data-currency="EUR">([^<]+)</p>', html)
    assert found is not None
    return found.group(1).replace("\xa0", " ")


def test_ten_invoices_to_a_page_with_the_total_of_all(
    anonymous: TestClient, many: tuple[Company, str]
) -> None:
    _, url = many
    pages = [anonymous.get(url, params={"page": n}).text for n in range(1, 11)]
    numbers = [_numbers(html) for html in pages]
    assert [len(n) for n in numbers] == [10] * 9 + [6]
    assert numbers[0][:2] == ["F-001", "M-000"] and numbers[9][-1] == "F-002"
    assert len({n for page in numbers for n in page}) == 96  # each once, none left out
    assert {_total(html) for html in pages} == {TOTAL}
    assert "Facturen 11 tot en met 20 van 96" in pages[1]
    assert '?page=1#invoices" rel="prev"' not in pages[1]  # the href comes after rel
    assert re.search(r'rel="prev" href="[^"]+\?page=1#invoices"', pages[1])
    assert re.search(r'rel="next" href="[^"]+\?page=3#invoices"', pages[1])
    assert 'rel="next"' not in pages[9] and 'rel="prev"' not in pages[0]


@pytest.mark.parametrize(("page", "first"), [("abc", "F-001"), ("0", "F-001"), ("999", "M-089")])
def test_a_page_that_is_not_one_shows_the_first_or_the_last(
    anonymous: TestClient, many: tuple[Company, str], page: str, first: str
) -> None:
    response = anonymous.get(many[1], params={"page": page})
    assert response.status_code == 200 and _numbers(response.text)[0] == first
    assert _total(response.text) == TOTAL


def test_paying_everything_names_the_customer_not_one_page_of_invoices(
    anonymous: TestClient, many: tuple[Company, str]
) -> None:
    html = anonymous.get(many[1]).text
    text = re.search(
        r'class="pay-total".*?<dt>Omschrijving</dt><dd class="copyable">([^<]+)</dd>', html, re.S
    )
    assert text is not None and text.group(1) == "Klantnummer K1"


def test_a_form_s_invoice_on_a_later_page_is_still_found(
    anonymous: TestClient, many: tuple[Company, str]
) -> None:
    """The pay and problem pages of an invoice listed on page 10 open: looked up among
    them all, not among the first page's."""
    html = anonymous.get(many[1], params={"page": 10}).text
    for kind in ("pay", "problem"):
        found = re.findall(rf'href="http://testserver([^"]+/invoices/\d+/{kind})"', html)
        assert len(found) == 6
        page = anonymous.get(found[-1])
        assert page.status_code == 200 and "F-002" in page.text
