"""The customer page's money and long lists through TestClient (issue 15): payments with
their costs, interest and principal; the lines waiting in the bank review from the
customer's known accounts, each linked to its place in the review; 97 open items a page
at a time with the totals of them all, page and sort kept in the URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from tests.entrypoints.web.app_pool import web_app
from tests.services.read_models.money_data import book_money
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.parties import Company
from tijdig.domain.users import Role

from .conftest import (
    AS_OF,
    TestClient,
    add_invoices,
    add_user,
    csrf_of,
    invoice,
    seed_acme,
    sign_in,
)

PARAMS = {"as_of": AS_OF.isoformat()}
# 94 more invoices of Jansen (C001), all open: due from 1 Dec 2025 on, 10.00 to 103.00.
MANY = [
    invoice(f"M-{n:03d}", "C001", date(2025, 11, 1), date(2025, 12, 1) + timedelta(days=n),
            f"{10 + n}.00")
    for n in range(94)
]  # fmt: skip


@pytest.fixture
def web(database_url: str) -> Iterator[TestClient]:
    with web_app(Settings(database_url=database_url)) as warm, TestClient(warm) as client:
        yield client


def _controller(web: TestClient, app: Tijdig, company: Company) -> TestClient:
    assert company.id is not None
    add_user(app, "controller", Role.CREDIT_CONTROLLER, (company.id,))
    sign_in(web, "controller")
    return web


@pytest.fixture
def many(web: TestClient, app: Tijdig) -> TestClient:
    acme = seed_acme(app)
    add_invoices(app, acme, MANY)
    return _controller(web, app, acme)


def _rows(html: str) -> list[str]:
    table = html.split('class="data open-invoices"')[1].split("</table>", maxsplit=1)[0]
    return re.findall(r'<tr data-invoice="([^"]+)"', table)


def _total(html: str, kind: str) -> str:
    found = re.search(rf'class="total-{kind}">([^<]+)<', html)
    assert found is not None
    return found.group(1).replace("\xa0", " ")


def test_97_open_items_come_25_to_a_page_with_the_totals_of_all(many: TestClient) -> None:
    # open: 1210 + 605 - 121 (credit note) + the 94 (10 + ... + 103 = 5,311) = 7,005.00
    pages = [many.get("/customers/C001", params=PARAMS | {"page": n}).text for n in (1, 2, 4)]
    assert [len(_rows(html)) for html in pages] == [25, 25, 22]
    for html in pages:
        assert "(97)" in html and _total(html, "open") == "€7,005.00"
    assert _rows(pages[0])[:2] == ["M-000", "M-001"]  # the oldest due first
    assert "Page 4 / 4" in pages[2] and 'rel="next"' not in pages[2]
    seen = [n for html in (many.get("/customers/C001", params=PARAMS | {"page": p}).text
                           for p in (1, 2, 3, 4)) for n in _rows(html)]  # fmt: skip
    assert len(seen) == len(set(seen)) == 97  # no item twice, none left out


def test_the_sort_is_in_the_url_and_the_pager_keeps_it(many: TestClient) -> None:
    html = many.get("/customers/C001", params=PARAMS | {"sort": "-open"}).text
    assert _rows(html)[:2] == ["F-001", "F-002"]  # 1,210.00 and 605.00 first
    assert "page=2&amp;sort=-open" in html and f"as_of={AS_OF.isoformat()}" in html
    assert 'aria-sort="descending"' in html
    reversed_due = _rows(many.get("/customers/C001", params=PARAMS | {"sort": "-due"}).text)
    assert reversed_due[:2] == ["F-002", "M-093"]  # due 31 March, then 4 March
    # a header sorted now by its key links to the reverse, back on page 1
    links = many.get("/customers/C001", params=PARAMS | {"sort": "number", "page": 2}).text
    assert "sort=-number" in links and "page=2&amp;sort=-number" not in links


@pytest.mark.parametrize("params", [{"sort": "amount"}, {"page": "0"}, {"payments": "x"}])
def test_an_unknown_sort_or_page_is_refused(many: TestClient, params: dict[str, str]) -> None:
    assert many.get("/customers/C001", params=PARAMS | params).status_code == 422


def test_payments_show_how_each_was_applied(web: TestClient, app: Tijdig) -> None:
    acme, _ = book_money(app)
    html = _controller(web, app, acme).get("/customers/C1").text
    payments = html.split('id="payments-title"', 1)[1]
    payment = payments.split('data-invoice="2026001"', 1)[1].split("</tr>")[0]
    costs, interest, principal = (
        re.search(rf'class="num to-{k}">([^<]*)<', payment).group(1)  # type: ignore[union-attr]
        for k in ("costs", "interest", "principal")
    )
    assert (costs, interest, principal) == ("€40.00", "€5.00", "€5.00")
    assert "Payments received" in html and "(2)" in html


def test_waiting_lines_from_known_accounts_link_to_the_bank_review(
    web: TestClient, app: Tijdig
) -> None:
    acme, _ = book_money(app)
    client = _controller(web, app, acme)
    html = client.get("/customers/C1").text
    lines = re.findall(r'<tr data-line="(\d+)">', html)
    links = re.findall(r'href="([^"]+)" class="review-link"', html)
    assert len(lines) == 2 and len(links) == 2
    assert "9.00" not in html.split("unmatched-title")[1]  # the stranger bearing its name
    for line, link in zip(lines, links, strict=True):
        assert link.endswith(f"/bank?page=1#line-{line}")
        review = client.get(link.split("#")[0].replace("http://testserver", "")).text
        assert f'id="line-{line}"' in review


def test_the_page_in_dutch_has_no_english_left(web: TestClient, app: Tijdig) -> None:
    acme, _ = book_money(app)
    client = _controller(web, app, acme)
    client.post(
        "/me/language", data={"language": "nl", "csrf_token": csrf_of(client.get("/").text)}
    )
    html = client.get("/customers/C1").text
    assert "Ontvangen betalingen" in html and "Afhandelen bij Bank controleren" in html
    assert "Hoofdsom" in html and "Payments received" not in html


def test_a_sales_colleague_reads_the_money_too(web: TestClient, app: Tijdig) -> None:
    acme, _ = book_money(app)
    assert acme.id is not None
    add_user(app, "sales", Role.SALES, (acme.id,))
    sign_in(web, "sales")
    html = web.get("/customers/C1").text
    assert "Handle in the bank review" in html and "€40.00" in html
