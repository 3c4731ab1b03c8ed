"""The customer page's long lists (issue 15): its open invoices a page at a time, sorted
as the URL says, with the totals of them all; its payments with how each was applied, a
page at a time; and the lines waiting in the bank review from its known accounts, each
linked to the page of the review that lists it. Page and sort stay in the URL
(`?page=2&sort=-open&payments=3`), so a link or a reload shows the same page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tijdig.entrypoints.web.ui.collection import Pager, kept
from tijdig.entrypoints.web.ui.workspace import Workspace
from tijdig.services.read_models.common import InvoiceOrder, Window
from tijdig.services.read_models.customer_file import OpenTotals, open_totals
from tijdig.services.read_models.customer_money import UnmatchedLine, customer_money

INVOICES_PER_PAGE = 25
MAX_PAGE = 100_000


@dataclass(frozen=True, slots=True)
class Shown:
    """Which page of each list the URL asks for."""

    page: int = 1
    sort: InvoiceOrder = InvoiceOrder.DUE
    payments: int = 1

    @property
    def window(self) -> Window:
        return Window(INVOICES_PER_PAGE, (self.page - 1) * INVOICES_PER_PAGE)

    def query(self, **changes: Any) -> dict[str, Any]:
        """The URL's query for these pages with `changes`, defaults left out."""
        chosen = {"page": self.page, "sort": self.sort.value, "payments": self.payments}
        chosen |= changes
        defaults = {"page": 1, "sort": InvoiceOrder.DUE.value, "payments": 1}
        return {k: v for k, v in chosen.items() if v != defaults[k]}


def invoice_section(ws: Workspace, number: str, customer_id: int, shown: Shown) -> dict[str, Any]:
    """The pager and sort links of the open invoices, and the totals over all of them."""
    tijdig = ws.tijdig
    totals: OpenTotals = open_totals(tijdig.api_queries, tijdig.balances, ws.company,
                                     customer_id, as_of=ws.as_of)  # fmt: skip

    def page_url(n: int) -> str:
        return _url(ws, number, shown.query(page=n))

    def sort_url(key: str) -> str:
        """Sorted by `key`; the same key again reverses it. Back to page 1."""
        wanted = f"-{key}" if shown.sort.value == key else key
        return _url(ws, number, shown.query(sort=wanted, page=1))

    return {
        "totals": totals, "shown": shown, "page_url": page_url, "sort_url": sort_url,
        "pager": Pager(shown.page, INVOICES_PER_PAGE, totals.count),
    }  # fmt: skip


def money_section(ws: Workspace, number: str, customer_id: int, shown: Shown) -> dict[str, Any]:
    tijdig = ws.tijdig
    money = customer_money(tijdig.api_queries, tijdig.customer_money, ws.company, customer_id,
                           page=shown.payments)  # fmt: skip

    def payments_url(n: int) -> str:
        return _url(ws, number, shown.query(payments=n)) + "#payments-title"

    def review_url(line: UnmatchedLine) -> str:
        return f"{ws.url('bank_review', query={'page': line.review_page})}#line-{line.id}"

    return {
        "money": money, "payments_url": payments_url, "review_url": review_url,
        "payments_pager": Pager(shown.payments, money.per_page, money.payments.total),
    }  # fmt: skip


def _url(ws: Workspace, number: str, query: dict[str, Any]) -> str:
    return str(ws.url("customer", number=number, query=kept(ws) | query))
