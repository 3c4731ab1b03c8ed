"""The dashboard's one query layer (services/read_models/dashboard.py `DashboardQueries`):
what is open per currency, the sales and payments per day (day_totals.py), the disputes
waiting by the day opened and the promises due in a week, each in one statement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.schema.collection import DisputeRow, PromiseRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow
from tijdig.adapters.db.views.day_totals import DayTotals, Sums, net_sale, paid_principal
from tijdig.analytics.dso import Period
from tijdig.domain.money import minor_units
from tijdig.services.read_models.dashboard import History, PromisesDue


def _per_currency(sums: Sums, *, since: date, until: date) -> dict[str, dict[date, Decimal]]:
    """Minor units to amounts, the currency's scale taken once (hundreds of days)."""
    found: dict[str, dict[date, Decimal]] = {}
    scales: dict[str, Decimal] = {}
    for (currency, day), minor in sums.items():
        if since <= day <= until and minor:
            scale = scales.setdefault(currency, Decimal(1).scaleb(-minor_units(currency)))
            found.setdefault(currency, {})[day] = Decimal(minor) * scale
    return found


def _less(sums: Sums, rows: Iterable[Any]) -> None:
    for day, currency, minor in rows:
        sums[(currency, day)] = sums.get((currency, day), 0) - int(minor)


class SqlKpis:
    """Read-only; one connection per call."""

    def __init__(self, engine: Engine, day_totals: DayTotals) -> None:
        self.engine, self.day_totals = engine, day_totals

    def history(self, company_id: int, *, since: date, as_of: date) -> History:
        """Sales and payments per day from `since` to `as_of`, those of the customers in
        hardship on `as_of` left out, as from the DSO (a handful: read apart)."""
        i, a = InvoiceRow, AllocationRow
        apart = i.customer_id.in_(p.in_hardship(company_id, as_of))
        with self.engine.connect() as conn:
            sales, paid = self.day_totals.read(conn, company_id)
            _less(sales, conn.execute(
                select(i.issue_date, i.currency, func.sum(net_sale()))
                .where(i.company_id == company_id, apart).group_by(i.issue_date, i.currency)
            ))  # fmt: skip
            _less(paid, conn.execute(
                select(a.allocated_on, i.currency, func.sum(paid_principal()))
                .join(i, i.id == a.invoice_id)
                .where(i.company_id == company_id, apart, a.payment_id.is_not(None))
                .group_by(a.allocated_on, i.currency)
            ))  # fmt: skip
        return History(_per_currency(sales, since=since, until=as_of),
                       _per_currency(paid, since=since, until=as_of))  # fmt: skip

    def disputes_opened(self, company_id: int, *, as_of: date) -> list[tuple[date, int]]:
        """The disputes open on `as_of`, counted per day opened."""
        d = DisputeRow
        query = (
            select(d.opened_on, func.count())
            .where(d.company_id == company_id, p.dispute_open_on(as_of))
            .group_by(d.opened_on)
        )
        with self.engine.connect() as conn:
            return [(day, int(n)) for day, n in conn.execute(query)]

    def promises_due(self, company_id: int, week: Period) -> list[PromisesDue]:
        """Promises not yet judged kept or broken, due in `week`, per currency."""
        pr = PromiseRow
        query = (
            select(pr.currency, func.count(), func.sum(func.coalesce(pr.amount_minor, 0)))
            .where(pr.company_id == company_id, p.promise_unjudged(),
                   pr.promised_date >= week.start, pr.promised_date <= week.end)
            .group_by(pr.currency)
            .order_by(pr.currency)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [PromisesDue(cur, int(n), from_minor(int(minor or 0), cur))
                    for cur, n, minor in conn.execute(query)]  # fmt: skip
