"""The workspace's lists (issue 15): sorted by a column in SQL, filters and sort kept in
the URL (the column heads, the pages and the export links carry them), and exports in
CSV and Excel holding exactly the rows found, in the order shown, read back and compared.
ACME's ledger (conftest.py) seen on 15 March 2026."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal
from html import unescape
from typing import TYPE_CHECKING, Any

from openpyxl import load_workbook

from tijdig.domain.parties import Company

from .conftest import AS_OF, csrf_of

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

D = Decimal
DAY = {"as_of": AS_OF.isoformat()}


def _column(html: str, css: str) -> list[str]:
    return re.findall(rf'<td class="{css}">([^<]+)', html)


def _links(html: str, css: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'class="{css}" href="([^"]+)"', html)]


def _csv(client: TestClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.reader(io.StringIO(response.text)))


def _xlsx(client: TestClient, url: str) -> list[tuple[Any, ...]]:
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    try:
        return [tuple(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


def test_invoices_are_open_ones_by_due_date_unless_sorted_otherwise(
    client: TestClient, acme: Company
) -> None:
    html = client.get("/invoices", params=DAY).text
    assert _column(html, "invoice-number") == ["F-003", "F-001", "C-001 ", "F-004", "F-002"]
    by_total = client.get("/invoices", params=DAY | {"sort": "total", "dir": "desc"}).text
    assert [n.strip() for n in _column(by_total, "invoice-number")] == [
        "F-003", "F-001", "F-002", "F-004", "C-001",
    ]  # fmt: skip
    assert 'aria-sort="descending" data-sort="total"' in by_total
    every = client.get("/invoices", params=DAY | {"state": "all", "sort": "number"}).text
    assert "F-005" in _column(every, "invoice-number")  # paid, shown with every invoice


def test_by_customer_each_customer_s_invoices_stay_together_by_due_date(
    client: TestClient, acme: Company
) -> None:
    query = DAY | {"state": "all", "sort": "customer"}
    html = client.get("/invoices", params=query).text
    names = re.findall(r'class="customer-name"[^>]*>([^<]+)', html)
    dues = re.findall(r'<time datetime="([0-9-]+)"', html.split("<tbody", 1)[1])[1::2]
    assert names == sorted(names) and len(set(names)) == 3
    for name in set(names):
        own = [due for n, due in zip(names, dues, strict=True) if n == name]
        assert own == sorted(own), (name, own)
    backwards = client.get("/invoices", params=query | {"dir": "desc"}).text
    numbers = [n.strip() for n in _column(html, "invoice-number")]
    assert [n.strip() for n in _column(backwards, "invoice-number")] == numbers[::-1]


def test_the_filter_stays_in_the_url_of_heads_pages_and_exports(
    client: TestClient, acme: Company
) -> None:
    query = DAY | {"state": "overdue", "q": "F-00", "sort": "open", "dir": "desc"}
    html = client.get("/invoices", params=query).text
    assert [n.strip() for n in _column(html, "invoice-number")] == ["F-003", "F-001", "F-004"]
    for href in _links(html, "sort-link") + _links(html, "export-csv"):
        assert "state=overdue" in href and "q=F-00" in href and "as_of=2026-03-15" in href
    [csv_url] = _links(html, "export-csv")
    assert "sort=open" in csv_url and "dir=desc" in csv_url and "export=csv" in csv_url
    # the column of the sort turns the order; another column starts ascending
    heads = dict(zip(re.findall(r'data-sort="(\w+)"><a', html), _links(html, "sort-link"),
                     strict=True))  # fmt: skip
    assert "dir=asc" in heads["open"] and "sort=number" in heads["number"]


def test_the_csv_and_excel_exports_hold_the_rows_shown_in_their_order(
    client: TestClient, acme: Company
) -> None:
    query = DAY | {"state": "overdue", "sort": "open", "dir": "desc"}
    html = client.get("/invoices", params=query).text
    shown = [n.strip() for n in _column(html, "invoice-number")]
    head, *rows = _csv(client, _links(html, "export-csv")[0])
    assert head[:2] == ["Invoice", "Kind"] and head[-2:] == ["Total", "Open"]
    assert [r[0] for r in rows] == shown == ["F-003", "F-001", "F-004"]
    assert rows[0] == ["F-003", "invoice", "C002", "Van Dijk Bouw B.V.", "2025-11-01",
                       "2025-12-01", "EUR", "2420.00", "2420.00"]  # fmt: skip
    _, *cells = _xlsx(client, _links(html, "export-xlsx")[0])
    assert [r[0] for r in cells] == shown
    first = cells[0]
    # a day is a date, an amount a number, in Excel
    assert first[4] == datetime(2025, 11, 1) and first[5] == datetime(2025, 12, 1)
    assert first[7] == 2420 and isinstance(first[7], int | float)
    assert D(str(cells[2][8])) == D("500")  # USD F-004


def test_customers_sort_by_name_and_export_a_row_per_currency(
    client: TestClient, acme: Company
) -> None:
    html = client.get("/customers", params=DAY | {"sort": "name"}).text
    names = re.findall(r'class="customer-name" href="[^"]+">([^<]+)', html)
    assert names == ["Bakkerij Jansen", "Peeters NV", "Van Dijk Bouw B.V."]
    backwards = client.get("/customers", params=DAY | {"sort": "name", "dir": "desc"}).text
    assert re.findall(r'class="customer-name" href="[^"]+">([^<]+)', backwards) == names[::-1]
    _, *rows = _xlsx(client, _links(html, "export-xlsx")[0])
    assert [(r[0], r[4]) for r in rows] == [("C001", "EUR"), ("C003", "USD"), ("C002", "EUR")]
    jansen = rows[0]  # 1210 + 605 - 121 open; 1210 - 121 overdue; oldest due 31 January
    assert (D(str(jansen[5])), D(str(jansen[6])), jansen[7]) == (D("1694"), D("1089"), 1)
    assert jansen[8] == datetime(2026, 1, 31) and jansen[3] is False


def test_the_default_customer_export_is_the_default_order(
    client: TestClient, acme: Company
) -> None:
    html = client.get("/customers", params=DAY).text
    shown = re.findall(r'customers/(C\d+)[?"]', html)
    _, *rows = _csv(client, _links(html, "export-csv")[0])
    assert [r[0] for r in rows] == shown == ["C002", "C001", "C003"]


def test_disputes_sort_and_export(client: TestClient, acme: Company) -> None:
    for number in ("F-001", "F-003"):
        token = csrf_of(client.get("/disputes").text)
        form = {"invoice": number, "reason": "other", "csrf_token": token}
        assert client.post("/disputes", data=form, follow_redirects=False).status_code == 303
    html = client.get("/disputes", params={"sort": "amount", "dir": "desc"}).text
    assert html.index(">F-003<") < html.index(">F-001<")
    _, *rows = _csv(client, _links(html, "export-csv")[0])
    assert [(r[0], r[-1]) for r in rows] == [("F-003", "2420.00"), ("F-001", "1210.00")]
    up = client.get("/disputes", params={"sort": "amount"}).text
    assert up.index(">F-001<") < up.index(">F-003<")


def test_an_unknown_sort_or_export_is_refused_in_words(client: TestClient, acme: Company) -> None:
    for path in ("/invoices", "/customers", "/disputes", "/bank"):
        refused = client.get(path, params={"sort": "colour"})
        assert refused.status_code == 422 and "colour" in refused.text
        assert client.get(path, params={"export": "pdf"}).status_code == 422
    assert client.get("/invoices", params={"state": "lost"}).status_code == 422
    assert client.get("/invoices", params={"due_from": "2026-02-30"}).status_code == 422


def test_a_customer_number_finds_its_invoices(client: TestClient, acme: Company) -> None:
    html = client.get("/invoices", params=DAY | {"q": "C002", "state": "all"}).text
    assert [n.strip() for n in _column(html, "invoice-number")] == ["F-003", "F-005"]
    assert "1–2 of 2 invoices" in html


def test_due_dates_filter_across_the_year_end_and_29_february(
    client: TestClient, acme: Company
) -> None:
    between = DAY | {"state": "all", "due_from": "2025-12-01", "due_to": "2026-01-31"}
    html = client.get("/invoices", params=between).text
    assert [n.strip() for n in _column(html, "invoice-number")] == ["F-003", "F-001"]
    # 2026 has no 29 February: refused above, in words
    assert "due_from" in client.get("/invoices", params={"due_from": "2026-02-29"}).text
    leap = client.get("/invoices", params=DAY | {"due_to": "2028-02-29"})
    assert leap.status_code == 200
    # a form sends its empty date fields: no day, not a refusal
    empty = client.get("/invoices", params=DAY | {"due_from": "", "due_to": "", "currency": ""})
    assert empty.status_code == 200 and "F-003" in empty.text
