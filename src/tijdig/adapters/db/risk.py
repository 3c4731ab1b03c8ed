"""The risk model's database side (issue 17 section 2): the company's ledger read as arrays
in a few bulk queries (days as day numbers computed by the database, no row objects), the
stored models and the suggestions, and a unit of work that holds them beside the others.

Reading 1,000,000 invoices this way is a handful of seconds, most of it the database's."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from sqlalchemy import Engine, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc, from_minor
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.adapters.db.schema.risk import (
    RiskModelRow,
    RiskScoreRow,
    RiskSuggestionRow,
    StoredForecastRow,
)
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.analytics.forecast import Apart, Aside, Basis, Fallback, Forecast, Week
from tijdig.analytics.forecast_check import Check, WeekCheck
from tijdig.analytics.risk_features import NEVER, History, Ints
from tijdig.domain.risk import (
    AtRiskInvoice,
    AtRiskTotal,
    ModelInfo,
    RiskClass,
    RiskFigure,
    Source,
    StoredScore,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)
from tijdig.services.risk.ports import InvoiceLabel, RiskLedger, StoredForecast

CHUNK = 500
BULK_LABELS = 2_000  # more ids than this: the open invoices' labels in one query
Ints2 = npt.NDArray[np.int64]  # rows x columns


def _day(engine: Engine, column: str) -> str:
    """SQL for the day number (`date.toordinal()`) of a date column."""
    if engine.dialect.name == "postgresql":
        return f"({column} - DATE '0001-01-01' + 1)"
    return f"CAST(julianday({column}) - 1721424.5 AS INTEGER)"


def _ints(rows: Sequence[Any], columns: int) -> Ints2:
    """Rows of whole numbers as a matrix: through one flat iterator, since numpy asking
    each SQLAlchemy row for its array interface costs far more than the query."""
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * columns)
    return flat.reshape(len(rows), columns)


class SqlRiskReads:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _fetch(self, sql: str, params: dict[str, int], columns: int) -> Ints2:
        return _ints(self._raw(sql, params), columns)

    def _raw(self, sql: str, params: dict[str, int]) -> list[Any]:
        """The rows through the driver's own cursor: plain tuples, without SQLAlchemy
        wrapping each of a million rows (a third of the read's CPU)."""
        used = {k: v for k, v in params.items() if f":{k}" in sql}
        statement = text(sql).bindparams(**used).compile(dialect=self.engine.dialect)
        with self.engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                values = statement.params
                if statement.positional:  # SQLite's "?": the values in their order
                    values = [values[name] for name in statement.positiontup or ()]
                cursor.execute(str(statement), values)
                rows = cursor.fetchall()
            finally:
                cursor.close()
        return list(rows)

    def ledger(
        self, company_id: int, *, customer_id: int | None = None, open_only: bool = False
    ) -> RiskLedger:
        """With `customer_id`, that customer's part only; with `open_only`, the part of the
        customers with an open invoice (scoring: at 1,000,000 invoices, 38,000 of 100,000
        customers with 712,000 invoices). Every feature of an invoice comes from its own
        customer's history, so their scores are the same."""

        def d(column: str) -> str:
            return _day(self.engine, column)

        params = {"company": company_id, "customer": customer_id or 0}
        one, theirs = "", ""
        if customer_id is not None:
            one = " AND customer_id = :customer"
        elif open_only:  # through the partial index of open invoices by customer
            one = (" AND customer_id IN (SELECT customer_id FROM invoices WHERE company_id"
                   " = :company AND kind = 'invoice' AND open_minor <> 0)")  # fmt: skip
        if customer_id is not None:
            # With open_only, the events of the other customers' invoices are dropped
            # below by their invoice ids: an IN over 700,000 ids costs more than that.
            theirs = (" AND invoice_id IN (SELECT id FROM invoices WHERE company_id = :company"
                      f"{one})")  # fmt: skip
        invoices = self._fetch(
            f"SELECT id, customer_id, {d('issue_date')}, {d('due_date')}, total_minor, "
            "CASE WHEN open_minor = 0 THEN 0 ELSE 1 END FROM invoices "
            f"WHERE company_id = :company AND kind = 'invoice'{one} ORDER BY id",
            params,
            6,
        )
        paid = self._fetch(
            f"SELECT invoice_id, {d('MAX(allocated_on)')} FROM allocations "
            f"WHERE company_id = :company{theirs} GROUP BY invoice_id",
            params,
            2,
        )
        ids = invoices[:, 0]
        paid_on = np.full(len(ids), NEVER, dtype=np.int64)
        where = np.searchsorted(ids, paid[:, 0])
        known = (where < len(ids)) & (ids[np.minimum(where, max(len(ids) - 1, 0))] == paid[:, 0])
        paid_on[where[known]] = paid[known, 1]
        is_open = invoices[:, 5] == 1
        paid_on[is_open] = NEVER
        # Closed without any allocation (written off, replaced): no payment day to learn from.
        keep = is_open | (paid_on < NEVER)
        invoices, paid_on, is_open = invoices[keep], paid_on[keep], is_open[keep]
        ids = invoices[:, 0]
        customer_ids, customer = np.unique(invoices[:, 1], return_inverse=True)

        def index_of(invoice_ids: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
            at = np.searchsorted(ids, invoice_ids)
            ok = (at < len(ids)) & (ids[np.minimum(at, max(len(ids) - 1, 0))] == invoice_ids)
            return at, ok

        steps = self._fetch(f"SELECT invoice_id, {d('taken_on')} FROM steps_taken "
                            f"WHERE company_id = :company{theirs}", params, 2)  # fmt: skip
        step_at, step_ok = index_of(steps[:, 0])
        disputes = self._fetch(
            f"SELECT invoice_id, {d('opened_on')}, COALESCE({d('resolved_on')}, -1) "
            f"FROM disputes WHERE company_id = :company{theirs}",
            params,
            3,
        )
        dispute_at, dispute_ok = index_of(disputes[:, 0])
        promises = self._fetch(
            f"SELECT customer_id, {d('promised_date')}, CASE WHEN kept IS NULL THEN 1 "
            "WHEN kept THEN 2 ELSE 0 END FROM promises "
            f"WHERE company_id = :company AND kind = 'promise'{one}",
            params,
            3,
        )
        promise_code = np.searchsorted(customer_ids, promises[:, 0])
        promise_ok = (promise_code < len(customer_ids)) & (
            customer_ids[np.minimum(promise_code, max(len(customer_ids) - 1, 0))]
            == promises[:, 0])  # fmt: skip
        resolved = disputes[dispute_ok, 2]
        history = History(
            customer=customer.astype(np.int64), issue=invoices[:, 2], due=invoices[:, 3],
            amount=invoices[:, 4].astype(np.float64) / 100, paid_on=paid_on,
            step_invoice=step_at[step_ok], step_day=steps[step_ok, 1],
            dispute_invoice=dispute_at[dispute_ok], dispute_opened=disputes[dispute_ok, 1],
            dispute_resolved=np.where(resolved < 0, NEVER, resolved),
            promise_customer=promise_code[promise_ok], promise_day=promises[promise_ok, 1],
            promise_broken=promises[promise_ok, 2] == 0,
        )  # fmt: skip
        open_now = is_open if customer_id is None else is_open & (invoices[:, 1] == customer_id)
        return RiskLedger(history, ids, customer_ids.astype(np.int64), np.flatnonzero(open_now))

    def labels(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, InvoiceLabel]:
        """Many ids (scoring every open invoice): the company's open invoices in one
        query through the partial index of open invoices, instead of a query per chunk
        (85,000 labels at 1,000,000 invoices: 171 queries, 0.8 s CPU -> one query). The
        ids not found that way (closed since, or a few asked), by chunks of ids."""
        found: dict[int, InvoiceLabel] = {}
        wanted = {int(x) for x in invoice_ids}
        if len(wanted) > BULK_LABELS:
            rows = self._raw("SELECT i.id, i.number, c.number, c.id FROM invoices i "
                             "JOIN customers c ON c.id = i.customer_id WHERE i.company_id "
                             "= :company AND i.kind = 'invoice' AND i.open_minor <> 0",
                             {"company": company_id})  # fmt: skip
            found = {invoice_id: InvoiceLabel(number, customer, customer_id)
                     for invoice_id, number, customer, customer_id in rows
                     if invoice_id in wanted}  # fmt: skip
        rest = [x for x in wanted if x not in found]
        with self.engine.connect() as conn:
            for start in range(0, len(rest), CHUNK):
                found.update(self._chunk(conn, company_id, rest[start : start + CHUNK]))
        return found

    @staticmethod
    def _chunk(conn: Any, company_id: int, chunk: list[int]) -> dict[int, InvoiceLabel]:
        """By the ids alone, the company checked on each row: with the company in the
        WHERE clause SQLite walks the company's index, all 1,000,000 rows of it, for
        every chunk (measured: 85,000 labels took two minutes instead of seconds)."""
        i, c = InvoiceRow, CustomerRow
        query = (select(i.id, i.number, c.number, c.id, i.company_id)
                 .join(c, c.id == i.customer_id).where(i.id.in_(chunk)))  # fmt: skip
        return {invoice_id: InvoiceLabel(number, customer, customer_id)
                for invoice_id, number, customer, customer_id, owner in conn.execute(query)
                if owner == company_id}  # fmt: skip


class SqlRiskModels:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, company_id: int, *, trained_at: datetime, trained_by: str, as_of: date,
        sklearn_version: str, late_days: int, model: bytes, quality: str,
    ) -> int:  # fmt: skip
        row = RiskModelRow(company_id=company_id, trained_at=as_utc(trained_at),
                           trained_by=trained_by, as_of=as_of,
                           sklearn_version=sklearn_version, late_days=late_days,
                           model=model, quality=quality)  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def latest(self, company_id: int) -> ModelInfo | None:
        m = RiskModelRow
        query = (select(m.id, m.trained_at, m.trained_by, m.as_of, m.sklearn_version,
                        m.late_days, m.quality)
                 .where(m.company_id == company_id).order_by(m.id.desc()).limit(1))  # fmt: skip
        row = self.session.execute(query).first()
        return None if row is None else ModelInfo(row[0], as_utc(row[1]), *row[2:])

    def blob(self, model_id: int) -> bytes:
        return bytes(self.session.scalars(
            select(RiskModelRow.model).where(RiskModelRow.id == model_id)).one())  # fmt: skip

    def set_classes(self, company_id: int, classes: Mapping[str, RiskClass]) -> list[int]:
        c = CustomerRow
        current = self.session.execute(
            select(c.id, c.number, c.risk_class).where(c.company_id == company_id)
        )
        changed = [(cid, classes[number]) for cid, number, was in current
                   if number in classes and classes[number] != was]  # fmt: skip
        for cid, klass in changed:
            self.session.execute(update(c).where(c.id == cid).values(risk_class=str(klass)))
        return [cid for cid, _ in changed]


def _suggestion(row: RiskSuggestionRow, customer: str) -> Suggestion:
    return Suggestion(
        customer,
        SuggestionKind(row.kind),
        row.made_on,
        RiskClass(row.risk_class),
        row.probability,
        SuggestionStatus(row.status),
        row.decided_by,
        None if row.decided_at is None else as_utc(row.decided_at),
        row.id,
    )


class SqlRiskSuggestions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, company_id: int, customer_id: int, suggestion: Suggestion) -> int:
        s = suggestion
        row = RiskSuggestionRow(company_id=company_id, customer_id=customer_id, kind=s.kind,
                                made_on=s.made_on, probability=s.probability,
                                risk_class=s.risk_class, status=s.status)  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def open_kinds(self, company_id: int) -> set[tuple[int, str]]:
        s = RiskSuggestionRow
        query = select(s.customer_id, s.kind).where(s.company_id == company_id,
                                                    s.status == SuggestionStatus.OPEN)  # fmt: skip
        return {(int(a), str(b)) for a, b in self.session.execute(query)}

    def get(self, company_id: int, suggestion_id: int) -> tuple[Suggestion, int] | None:
        s = RiskSuggestionRow
        query = (select(s, CustomerRow.number).join(CustomerRow, CustomerRow.id == s.customer_id)
                 .where(s.company_id == company_id, s.id == suggestion_id))  # fmt: skip
        row = self.session.execute(query).first()
        return None if row is None else (_suggestion(row[0], row[1]), row[0].customer_id)

    def decide(
        self, suggestion_id: int, status: SuggestionStatus, *, by: str, at: datetime
    ) -> None:
        s = RiskSuggestionRow
        self.session.execute(
            update(s)
            .where(s.id == suggestion_id)
            .values(status=status, decided_by=by, decided_at=as_utc(at))
        )

    def _listed(self, company_id: int, *where: Any) -> list[Suggestion]:
        s = RiskSuggestionRow
        query = (select(s, CustomerRow.number).join(CustomerRow, CustomerRow.id == s.customer_id)
                 .where(s.company_id == company_id, *where).order_by(s.id.desc()))  # fmt: skip
        return [_suggestion(row, number) for row, number in self.session.execute(query)]

    def for_customer(self, company_id: int, customer_id: int) -> list[Suggestion]:
        return self._listed(company_id, RiskSuggestionRow.customer_id == customer_id)

    def listed(self, company_id: int, *, status: SuggestionStatus | None) -> list[Suggestion]:
        return self._listed(company_id, *(() if status is None
                                          else (RiskSuggestionRow.status == status,)))  # fmt: skip


SCORE_BATCH = 10_000


class SqlRiskScores:
    """The latest stored score of each open invoice. The dashboard's figure joins the
    scores at high risk (index on company, probability) to their invoices by key, so it
    reads only those, never the whole ledger."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def replace(
        self, company_id: int, *, scored_on: date, source: Source, model_id: int | None,
        scores: Sequence[StoredScore],
    ) -> None:  # fmt: skip
        s = RiskScoreRow
        self.session.execute(delete(s).where(s.company_id == company_id))
        fixed = {"company_id": company_id, "scored_on": scored_on, "source": str(source),
                 "model_id": model_id}  # fmt: skip
        for start in range(0, len(scores), SCORE_BATCH):
            rows = [{**fixed, "invoice_id": x.invoice_id, "probability": x.probability,
                     "risk_class": str(x.risk_class), "expected": x.expected}
                    for x in scores[start : start + SCORE_BATCH]]  # fmt: skip
            self.session.execute(insert(s), rows)

    def _high(self, high_from: float, source: Source) -> Any:
        s = RiskScoreRow
        if source is Source.MODEL:
            return s.probability >= high_from
        return (s.probability.is_(None)) & (s.risk_class == str(RiskClass.HIGH))

    def _run(self, company_id: int) -> tuple[date, Source, int | None] | None:
        s = RiskScoreRow
        row = self.session.execute(select(s.scored_on, s.source, s.model_id)
                                   .where(s.company_id == company_id).limit(1)).first()  # fmt: skip
        return None if row is None else (row[0], Source(row[1]), row[2])

    def figure(self, company_id: int, *, high_from: float) -> RiskFigure | None:
        run = self._run(company_id)
        if run is None:
            return None
        s, i = RiskScoreRow, InvoiceRow
        query = (select(i.currency, func.count(), func.sum(i.open_minor))
                 .select_from(s).join(i, i.id == s.invoice_id)
                 .where(s.company_id == company_id, self._high(high_from, run[1]),
                        i.open_minor != 0)
                 .group_by(i.currency).order_by(i.currency))  # fmt: skip
        totals = tuple(AtRiskTotal(currency, int(count), from_minor(int(total or 0), currency))
                       for currency, count, total in self.session.execute(query))  # fmt: skip
        return RiskFigure(run[0], run[1], run[2], round(high_from * 100), totals)

    def at_risk(self, company_id: int, *, high_from: float, limit: int) -> list[AtRiskInvoice]:
        run = self._run(company_id)
        if run is None:
            return []
        s, i, c = RiskScoreRow, InvoiceRow, CustomerRow
        weight = i.open_minor * func.coalesce(s.probability, 1.0)
        query = (select(i.number, c.number, c.name, i.due_date, i.currency, i.open_minor,
                        s.probability, s.risk_class, s.expected)
                 .select_from(s).join(i, i.id == s.invoice_id).join(c, c.id == i.customer_id)
                 .where(s.company_id == company_id, self._high(high_from, run[1]),
                        i.open_minor != 0)
                 .order_by(weight.desc(), i.number).limit(limit))  # fmt: skip
        return [AtRiskInvoice(number, customer, name, due, currency,
                              from_minor(int(open_minor), currency), probability,
                              RiskClass(klass), expected)
                for number, customer, name, due, currency, open_minor, probability, klass,
                expected in self.session.execute(query)]  # fmt: skip


def _week_json(w: Week) -> dict[str, str | None]:
    return {"start": None if w.start is None else w.start.isoformat(),
            "expected": str(w.expected), "low": str(w.low), "high": str(w.high)}  # fmt: skip


def _week(j: dict[str, str | None]) -> Week:
    start = j["start"]
    return Week(None if start is None else date.fromisoformat(start), Decimal(str(j["expected"])),
                Decimal(str(j["low"])), Decimal(str(j["high"])))  # fmt: skip


def _parts_json(forecast: Forecast) -> dict[str, Any]:
    return {"weeks": [_week_json(w) for w in forecast.weeks],
            "later": _week_json(forecast.later),
            "apart": [{"reason": str(a.reason), "invoices": a.invoices,
                       "amount": str(a.amount)} for a in forecast.apart]}  # fmt: skip


def _forecast(
    made_on: date, currency: str, invoices: int, parts: dict[str, Any], how: dict[str, Any]
) -> Forecast:
    """A forecast from its stored parts (weeks, later, apart) and how it was made."""
    fallback = how["fallback"]
    return Forecast(
        made_on, currency, tuple(_week(w) for w in parts["weeks"]), _week(parts["later"]),
        invoices,
        tuple(Aside(Apart(a["reason"]), int(a["invoices"]), Decimal(a["amount"]))
              for a in parts["apart"]),
        Basis(how["basis"]), None if fallback is None else Fallback(fallback),
        how["model_id"], float(how["spread"]),
    )  # fmt: skip


def _checked_json(checked: Check) -> dict[str, Any]:
    """The earlier forecast whole, what came in per passed week, and the figures."""
    made = checked.forecast
    return {
        "made_on": made.as_of.isoformat(), "currency": made.currency, "invoices": made.invoices,
        "parts": _parts_json(made),
        "how": {"basis": str(made.basis), "model_id": made.model_id, "spread": made.spread,
                "fallback": None if made.fallback is None else str(made.fallback)},
        "as_of": checked.as_of.isoformat(),
        "actual": [None if w.actual is None else str(w.actual) for w in checked.weeks],
        "mape": None if checked.mape is None else str(checked.mape),
        "coverage": None if checked.coverage is None else str(checked.coverage),
        "passed": checked.passed, "without_receipts": checked.without_receipts,
    }  # fmt: skip


def _check(j: dict[str, Any]) -> Check:
    made = _forecast(date.fromisoformat(j["made_on"]), j["currency"], int(j["invoices"]),
                     j["parts"], j["how"])  # fmt: skip
    weeks = tuple(WeekCheck(w, None if a is None else Decimal(a))
                  for w, a in zip(made.weeks, j["actual"], strict=True))  # fmt: skip
    return Check(
        made, date.fromisoformat(j["as_of"]), weeks,
        None if j["mape"] is None else Decimal(j["mape"]),
        None if j["coverage"] is None else Decimal(j["coverage"]),
        int(j["passed"]), int(j["without_receipts"]),
    )  # fmt: skip


class SqlStoredForecasts:
    """The cash-flow forecasts stored, one per company and day (the unique key): a
    forecast made again on its day replaces that day's; a page reads the latest one."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, company_id: int, forecast: Forecast, *, checked: Check | None,
            made_at: datetime, made_by: str) -> None:  # fmt: skip
        f = StoredForecastRow
        self.session.execute(delete(f).where(f.company_id == company_id,
                                             f.made_on == forecast.as_of))  # fmt: skip
        self.session.add(StoredForecastRow(
            company_id=company_id, made_on=forecast.as_of, made_at=made_at, made_by=made_by,
            currency=forecast.currency, invoices=forecast.invoices, basis=str(forecast.basis),
            fallback=None if forecast.fallback is None else str(forecast.fallback),
            model_id=forecast.model_id, spread=forecast.spread,
            weeks=json.dumps(_parts_json(forecast)),
            checked=None if checked is None else json.dumps(_checked_json(checked)),
        ))  # fmt: skip
        self.session.flush()

    def latest(self, company_id: int, *, made_by_day: date) -> StoredForecast | None:
        f = StoredForecastRow
        row = self.session.scalars(
            select(f).where(f.company_id == company_id, f.made_on <= made_by_day)
            .order_by(f.made_on.desc()).limit(1)
        ).first()  # fmt: skip
        if row is None:
            return None
        made = _forecast(row.made_on, row.currency, row.invoices, json.loads(row.weeks), {
            "basis": row.basis, "fallback": row.fallback, "model_id": row.model_id,
            "spread": row.spread,
        })  # fmt: skip
        checked = None if row.checked is None else _check(json.loads(row.checked))
        return StoredForecast(made, as_utc(row.made_at), row.made_by, checked)


class SqlRiskUnitOfWork(SqlUnitOfWork):
    """The unit of work of the risk use cases: every repository, and the risk's own."""

    risk_models: SqlRiskModels
    risk_suggestions: SqlRiskSuggestions
    risk_scores: SqlRiskScores
    stored_forecasts: SqlStoredForecasts

    def __enter__(self) -> Self:
        super().__enter__()
        self.risk_models = SqlRiskModels(self.session)
        self.risk_suggestions = SqlRiskSuggestions(self.session)
        self.risk_scores = SqlRiskScores(self.session)
        self.stored_forecasts = SqlStoredForecasts(self.session)
        return self
