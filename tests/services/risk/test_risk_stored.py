"""Scoring at scale and its stored scores (issue 17 section 2), on a real database with
the demo's ledger: scoring reads only the part of the ledger of the customers with an
open invoice, with the same features as from the whole ledger; `store_scores` stores the
latest score of each open invoice, audited, replacing the earlier set; the dashboard's
figure and the list read them with the company's threshold; training reads the company's
N when none is given."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import text

from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.analytics.risk_features import day_number, features
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.risk import RiskClass, Source, StoredScore
from tijdig.services.collection import run as dunning
from tijdig.services.companies.companies import resolve_company
from tijdig.services.risk import model, scoring

AT = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
BY = {"actor": "anne", "at": AT}


@pytest.fixture(params=[date(2026, 11, 24), date(2027, 3, 1)], ids=str)
def demo(app: Tijdig, request: pytest.FixtureRequest) -> tuple[Tijdig, Company, date]:
    as_of: date = request.param
    load_demo(app.engine, DemoSpec(as_of=as_of, customers=120, invoices=3000, seed=23))
    return app, resolve_company(app.uow(), None), as_of


def _features(app: Tijdig, company: Company, as_of: date, *, open_only: bool) -> dict[int, list]:
    ledger = app.risk_reads.ledger(company.id or 0, open_only=open_only)
    rows = ledger.open
    x = features(ledger.history, rows, np.full(len(rows), day_number(as_of)), late_days=30)
    return {int(ledger.invoice_id[i]): list(np.nan_to_num(x[n], nan=-1.0))
            for n, i in enumerate(rows)}  # fmt: skip


def test_the_open_customers_part_gives_the_same_features_as_the_whole_ledger(
    demo: tuple[Tijdig, Company, date],
) -> None:
    app, company, as_of = demo
    whole = app.risk_reads.ledger(company.id or 0)
    part = app.risk_reads.ledger(company.id or 0, open_only=True)
    assert part.history.size < whole.history.size  # some customers have nothing open
    assert len(part.open) == len(whole.open) > 50
    assert _features(app, company, as_of, open_only=True) == _features(
        app, company, as_of, open_only=False
    )


def test_stored_scores_replace_the_earlier_ones_and_feed_the_figure(
    demo: tuple[Tijdig, Company, date],
) -> None:
    app, company, as_of = demo
    assert scoring.risk_figure(app.risk_uow(), company) is None
    done = scoring.store_scores(app.risk_uow(), app.risk_reads, company, as_of=as_of, **BY)
    scores = scoring.score(app.risk_uow(), app.risk_reads, company, as_of=as_of, reasons_for=0)
    assert done.source is Source.RULES and done.scored == len(scores.invoices)
    high = [i for i in scores.invoices if i.risk_class is RiskClass.HIGH]
    assert done.by_class[RiskClass.HIGH] == len(high) > 0
    figure = scoring.risk_figure(app.risk_uow(), company)
    assert figure is not None and figure.source is Source.RULES and figure.scored_on == as_of
    assert figure.invoices == len(high)
    listed = scoring.at_risk(app.risk_uow(), company, limit=10_000)
    assert {i.invoice for i in listed} == {i.invoice for i in high}
    amounts = [i.open_amount for i in listed]
    assert amounts == sorted(amounts, reverse=True)  # by the rules: the amount alone
    assert sum(t.open_amount for t in figure.totals) == sum(amounts, Decimal(0))
    again = scoring.store_scores(app.risk_uow(), app.risk_reads, company, as_of=as_of, **BY)
    with app.engine.connect() as conn:
        stored = conn.execute(text("SELECT COUNT(*) FROM risk_scores")).scalar()
        audited = conn.execute(text("SELECT COUNT(*) FROM audit_log WHERE action = "
                                    "'risk.scores' AND actor = 'anne'")).scalar()  # fmt: skip
    assert stored == again.scored and audited == 2


def test_the_threshold_decides_what_is_at_high_risk_by_the_model(
    demo: tuple[Tijdig, Company, date],
) -> None:
    """Stored model scores (written here, as a scoring with a model would): the figure
    counts those at or above the company's threshold, the list orders them by open
    amount times probability."""
    app, company, as_of = demo
    company_id = company.id or 0
    ledger = app.risk_reads.ledger(company_id)
    ids = [int(ledger.invoice_id[i]) for i in ledger.open[:4]]
    chances = [0.9, 0.5, 0.3, 0.1]
    with app.risk_uow() as uow:
        uow.risk_scores.replace(company_id, scored_on=as_of, source=Source.MODEL, model_id=7,
                                scores=[StoredScore(i, p, RiskClass.HIGH, None)
                                        for i, p in zip(ids, chances, strict=True)])  # fmt: skip
        uow.commit()
    figure = scoring.risk_figure(app.risk_uow(), company)
    assert figure is not None and figure.model_id == 7 and figure.high_percent == 40
    assert figure.invoices == 2  # 0.9 and 0.5 reach 40 %
    dunning.update_settings(app.uow(), company, risk_high_percent=25, **BY)
    assert scoring.risk_figure(app.risk_uow(), company).invoices == 3  # type: ignore[union-attr]
    listed = scoring.at_risk(app.risk_uow(), company, limit=10)
    weights = [i.open_amount * Decimal(str(i.probability)) for i in listed]
    assert weights == sorted(weights, reverse=True) and len(listed) == 3


def test_training_reads_the_companys_n(demo: tuple[Tijdig, Company, date]) -> None:
    app, company, as_of = demo
    dunning.update_settings(app.uow(), company, risk_late_days=45, **BY)
    stored = model.train_model(app.risk_uow(), app.risk_reads, company, as_of=as_of, **BY)
    assert stored.info.late_days == 45
    given = model.train_model(app.risk_uow(), app.risk_reads, company, as_of=as_of,
                              late_days=20, **BY)  # fmt: skip
    assert given.info.late_days == 20
    assert scoring.late_days_of(app.risk_uow(), company) == 45
