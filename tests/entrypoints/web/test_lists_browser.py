"""End to end in Chromium (issue 15): on the invoice list a person sorts by a column,
turns the order, filters, and exports; the URL keeps the filter and the sort, and the
CSV and Excel files downloaded hold the rows the page shows, in its order."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from .test_dashboard_browser import base_url, browser, page, pytestmark  # noqa: F401


def _numbers(tab: Page) -> list[str]:
    return [
        t.split()[0] for t in tab.locator("table.invoice-list td.invoice-number").all_inner_texts()
    ]


def _totals(tab: Page) -> list[Decimal]:
    cells = tab.locator("table.invoice-list tbody tr td:nth-child(5)").all_inner_texts()
    return [Decimal(re.sub(r"[^\d.]", "", c)) for c in cells]


def _download(tab: Page, link: str, folder: Path) -> Path:
    with tab.expect_download() as waiting:
        tab.locator(link).click()
    target = folder / waiting.value.suggested_filename
    waiting.value.save_as(target)
    return target


def test_sort_filter_and_export_the_invoice_list(page: Page, base_url: str, tmp_path: Path) -> None:  # noqa: F811
    page.goto(f"{base_url}/invoices?state=all&size=100")
    page.get_by_role("link", name="Total", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=total&dir=asc"))
    totals = _totals(page)
    assert totals == sorted(totals) and len(totals) == 100
    page.get_by_role("link", name=re.compile(r"^Total ▲")).click()  # again: largest first
    expect(page).to_have_url(re.compile(r"sort=total&dir=desc"))
    assert _totals(page) == sorted(_totals(page), reverse=True)

    page.get_by_label("Invoice or customer number").fill("K0004")
    page.get_by_label("Show").select_option("overdue")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"q=K0004"))
    assert "state=overdue" in page.url and "sort=total" in page.url and "dir=desc" in page.url
    shown = _numbers(page)
    assert "GB-0001" in shown and "GB-0002" in shown  # K0004's, both overdue by now
    assert _totals(page) == sorted(_totals(page), reverse=True)

    with_csv = _download(page, "a.export-csv", tmp_path)
    assert with_csv.suffix == ".csv"
    rows = list(csv.reader(io.StringIO(with_csv.read_text(encoding="utf-8"))))
    assert [r[0] for r in rows[1:]] == shown and {r[2] for r in rows[1:]} == {"K0004"}
    with_xlsx = _download(page, "a.export-xlsx", tmp_path)
    book = load_workbook(with_xlsx, read_only=True)  # read-only keeps the file open
    try:
        cells = list(book.active.iter_rows(min_row=2, values_only=True))
    finally:
        book.close()
    assert [c[0] for c in cells] == shown
    assert [Decimal(str(c[7])) for c in cells] == [Decimal(r[7]) for r in rows[1:]]
