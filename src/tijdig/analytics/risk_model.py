"""The late-payment risk model (issue 17 section 2): the probability that an invoice is paid
more than N days late, its expected payment day with an 80 % interval, and the top reasons.

- Snapshots. Each invoice is scored once for training, on a day it was still open: its
  issue day, its due day or 15 days after (by its position, so every stage of an
  invoice's life is in the data; the later ones only while it was still open, else the
  issue day). Open invoices are scored on the day asked.
- Target: paid more than N days late. Its outcome is known on the day after the payment,
  or on due + N + 1 when it was not paid by then.
- Time split: train on snapshots whose outcome was known by the cut-off, test on those
  scored in the 3 months after it whose outcome is known by the last day of the data;
  the others are left out and counted.
- The classifier is scikit-learn's HistGradientBoostingClassifier fitted on the earlier
  80 % of the training rows (by day), calibrated (isotonic) on the later 20 %. Beside it:
  a logistic regression on standardised features, and the naive "late last time" (the
  training rate of late invoices after a late one, and after a punctual one).
- Payment day: quantile regressions (HistGradientBoostingRegressor, loss="quantile") of
  the days from the scoring day to the payment at 0.1, 0.5 and 0.9, on paid training rows.
- Reasons: for the boosted model, the change of the probability when one feature is
  replaced by its training median; for the logistic baseline, coefficient times the
  standardised value. Computed only for the rows asked.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.frozen import FrozenEstimator
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from tijdig.analytics.risk_features import (
    FEATURES,
    NEVER,
    Days,
    Floats,
    History,
    Ints,
    day_number,
    features,
)
from tijdig.domain.errors import RuleViolation
from tijdig.domain.refusals import Refusal
from tijdig.domain.risk import RiskClass

DEFAULT_LATE_DAYS = 30
TEST_MONTHS = 3
SNAPSHOT_OFFSETS = (None, 0, 15)  # issue day, due day, due + 15
QUANTILES = (0.1, 0.5, 0.9)
MEDIUM_FROM = 0.15  # probability from which the risk is medium
HIGH_FROM = 0.40  # and high
CALIBRATION_BINS = 10
MAX_REGRESSION_ROWS = 200_000  # the quantile fits need far fewer rows than the classifier
SEED = 17
MIN_ROWS = 50  # training rows with a known outcome, at least


def risk_class(probability: float) -> RiskClass:
    if probability >= HIGH_FROM:
        return RiskClass.HIGH
    return RiskClass.MEDIUM if probability >= MEDIUM_FROM else RiskClass.LOW


@dataclass(frozen=True)
class Snapshots:
    """Training rows: an invoice on a day, its features, and what became of it."""

    invoice: Ints
    day: Days
    x: Floats
    late: Floats  # 1 paid more than N days late, 0 not; NaN never known
    known_on: Days  # the first day the outcome was known
    days_to_pay: Floats  # payment day - scoring day; NaN while not paid


def snapshots(history: History, *, late_days: int) -> Snapshots:
    """At most one training row per invoice (see the module's note on the day chosen):
    an invoice whose later day came after its payment gives none."""
    h = history
    every = np.arange(h.size, dtype=np.int64)
    stage = every % len(SNAPSHOT_OFFSETS)
    day = h.issue.copy()
    usable = stage == 0
    for which, offset in enumerate(SNAPSHOT_OFFSETS):
        if offset is None:
            continue
        later = h.due + offset
        here = (stage == which) & (later >= h.issue) & (h.paid_on >= later)
        day = np.where(here, later, day)
        usable |= here
    invoice, day = every[usable], day[usable]
    paid_on, due = h.paid_on[invoice], h.due[invoice]
    paid = paid_on < NEVER
    over = due + late_days + 1
    return Snapshots(
        invoice=invoice, day=day, x=features(h, invoice, day, late_days=late_days),
        late=np.where(paid_on - due > late_days, 1.0, 0.0),
        known_on=np.where(paid, np.minimum(paid_on + 1, over), over),
        days_to_pay=np.where(paid, (paid_on - day).astype(np.float64), np.nan),
    )  # fmt: skip


@dataclass(frozen=True)
class Split:
    train: Ints  # row positions
    test: Ints
    left_out: int  # scored in the test months, outcome not known by the last day
    cutoff: date
    test_until: date  # exclusive


def default_cutoff(as_of: date, *, late_days: int) -> date:
    """The test months end where most outcomes are known: N days and a month's term back."""
    end = as_of - timedelta(days=late_days + 31)
    return _months_back(end, TEST_MONTHS)


def _months_back(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(day.day, 28))


def _months_on(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def time_split(rows: Snapshots, *, cutoff: date, as_of: date) -> Split:
    """Train: outcome known by the cut-off. Test: scored in the TEST_MONTHS after it, with
    the outcome known by `as_of`; the test months' unknown ones are counted as left out."""
    c, end = day_number(cutoff), day_number(_months_on(cutoff, TEST_MONTHS))
    train = np.flatnonzero(rows.known_on <= c)
    window = (rows.day >= c) & (rows.day < end)
    known = rows.known_on <= day_number(as_of)
    test = np.flatnonzero(window & known)
    return Split(train, test, int(np.sum(window & ~known)), cutoff, _months_on(cutoff, 3))


@dataclass(frozen=True)
class Quality:
    auc: float
    brier: float
    calibration: tuple[tuple[int, float, float], ...]  # per bin: count, predicted, observed


def quality(late: Floats, probability: Floats) -> Quality:
    """AUC, Brier score and a calibration table in CALIBRATION_BINS equal bins."""
    auc = float(roc_auc_score(late, probability)) if len(set(late.tolist())) == 2 else 0.5
    brier = float(brier_score_loss(late, probability))
    bins = np.minimum((probability * CALIBRATION_BINS).astype(int), CALIBRATION_BINS - 1)
    table = tuple(
        (int(np.sum(bins == b)), float(np.mean(probability[bins == b])),
         float(np.mean(late[bins == b])))
        for b in range(CALIBRATION_BINS) if np.any(bins == b)
    )  # fmt: skip
    return Quality(round(auc, 4), round(brier, 4), table)


@dataclass
class RiskModel:
    """What `train` makes and the database keeps (as joblib bytes)."""

    late_days: int
    features: tuple[str, ...]
    trained_through: date
    boosted: Any  # calibrated classifier
    logistic: Any  # pipeline: impute, standardise, logistic regression
    naive: tuple[float, float, float]  # P(late) after punctual, after late, with no history
    quantiles: tuple[Any, Any, Any]
    medians: Floats

    def probability(self, x: Floats) -> Floats:
        with threadpool_limits(limits=1):  # see `train`
            return np.asarray(self.boosted.predict_proba(x)[:, 1], dtype=np.float64)

    def days_to_pay(self, x: Floats) -> Floats:
        """Per row: the 0.1, 0.5 and 0.9 quantiles of the days until payment (sorted)."""
        with threadpool_limits(limits=1):
            raw = np.column_stack([np.asarray(q.predict(x)) for q in self.quantiles])
        return np.sort(np.maximum(np.rint(raw), 0.0), axis=1)


def naive_probability(naive: tuple[float, float, float], x: Floats) -> Floats:
    last = x[:, FEATURES.index("late_last_time")]
    return np.where(np.isnan(last), naive[2], np.where(last > 0, naive[1], naive[0]))


def _naive_rates(x: Floats, late: Floats) -> tuple[float, float, float]:
    last = x[:, FEATURES.index("late_last_time")]
    overall = float(np.mean(late)) if len(late) else 0.0

    def rate(mask: Any) -> float:
        return float(np.mean(late[mask])) if np.any(mask) else overall

    return rate(last == 0), rate(last == 1), rate(np.isnan(last))


@dataclass(frozen=True)
class Trained:
    model: RiskModel
    figures: dict[str, Any]  # the quality JSON: per model AUC, Brier, calibration; counts


def train(
    history: History, *, as_of: date, late_days: int = DEFAULT_LATE_DAYS,
    cutoff: date | None = None, threads: int = 1,
) -> Trained:  # fmt: skip
    """Fit on the rows known by the cut-off, measure on the test months. `threads`: the
    OpenMP threads scikit-learn may use. One by default: on a machine whose cores are
    busy with other work, more threads than free cores make the gradient boosting more
    than ten times slower (measured: 2.5 s with one thread, 38 s with two, load 8)."""
    with threadpool_limits(limits=threads):
        return _train(history, as_of=as_of, late_days=late_days, cutoff=cutoff)


def _train(history: History, *, as_of: date, late_days: int, cutoff: date | None) -> Trained:
    rows = snapshots(history, late_days=late_days)
    split = time_split(rows, cutoff=cutoff or default_cutoff(as_of, late_days=late_days),
                       as_of=as_of)  # fmt: skip
    train_rows = split.train[np.argsort(rows.day[split.train], kind="stable")]
    y = rows.late[train_rows]
    if len(train_rows) < MIN_ROWS or len(set(y.tolist())) < 2:
        raise RuleViolation(Refusal.RISK_TOO_LITTLE_HISTORY, rows=len(train_rows),
                            cutoff=split.cutoff, late=int(np.sum(y)))  # fmt: skip
    model = _fit(rows, train_rows, late_days=late_days, through=split.cutoff)
    xt, yt = rows.x[split.test], rows.late[split.test]
    figures: dict[str, Any] = {
        "late_days": late_days, "cutoff": split.cutoff.isoformat(),
        "test_until": split.test_until.isoformat(),
        "counts": {"train": len(train_rows), "test": len(split.test),
                   "left_out_unknown": split.left_out, "train_late": int(np.sum(y)),
                   "test_late": int(np.sum(yt))},
    }  # fmt: skip
    at_issue = rows.day[split.test] == history.issue[rows.invoice[split.test]]
    for name, chosen in (("at_issue", at_issue), ("all_stages", np.ones_like(at_issue))):
        figures[name] = _compared(model, xt[chosen], yt[chosen])
    paid = ~np.isnan(rows.days_to_pay[split.test])
    if np.any(paid):
        q = model.days_to_pay(xt[paid])
        actual = rows.days_to_pay[split.test][paid]
        inside = (actual >= q[:, 0]) & (actual <= q[:, 2])
        figures["payment_interval_coverage"] = round(float(np.mean(inside)), 4)
    return Trained(model, figures)


def _compared(model: RiskModel, x: Floats, late: Floats) -> dict[str, Any]:
    """The boosted model, the logistic baseline and "late last time" on the same rows."""
    if len(set(late.tolist())) < 2:
        return {"rows": len(late)}
    return {
        "rows": len(late), "late": int(np.sum(late)),
        "boosted": _figures(quality(late, model.probability(x))),
        "logistic": _figures(quality(late, model.logistic.predict_proba(x)[:, 1])),
        "late_last_time": _figures(quality(late, naive_probability(model.naive, x))),
    }  # fmt: skip


def _figures(q: Quality) -> dict[str, Any]:
    return {
        "auc": q.auc, "brier": q.brier,
        "calibration": [{"count": n, "predicted": round(p, 4), "observed": round(o, 4)}
                        for n, p, o in q.calibration],
    }  # fmt: skip


def _fit(rows: Snapshots, ordered: Ints, *, late_days: int, through: date) -> RiskModel:
    x, y = rows.x[ordered], rows.late[ordered]
    split = int(len(ordered) * 0.8)
    if len(set(y[:split].tolist())) < 2 or len(set(y[split:].tolist())) < 2:
        split = len(ordered)  # too few of one kind to hold some back: sigmoid on all
    boosted = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.1,
                                             early_stopping=False, random_state=SEED)  # fmt: skip
    boosted.fit(x[:split], y[:split])
    if split < len(ordered):
        calibrated = CalibratedClassifierCV(FrozenEstimator(boosted), method="isotonic")
        calibrated.fit(x[split:], y[split:])
    else:
        calibrated = CalibratedClassifierCV(FrozenEstimator(boosted), method="sigmoid")
        calibrated.fit(x, y)
    logistic = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                             LogisticRegression(max_iter=300))  # fmt: skip
    logistic.fit(x, y)
    paid = np.flatnonzero(~np.isnan(rows.days_to_pay[ordered]))
    if len(paid) > MAX_REGRESSION_ROWS:
        paid = np.random.default_rng(SEED).choice(paid, MAX_REGRESSION_ROWS, replace=False)
    quantiles = tuple(
        HistGradientBoostingRegressor(loss="quantile", quantile=q, max_iter=80,
                                      random_state=SEED).fit(x[paid],
                                                             rows.days_to_pay[ordered][paid])
        for q in QUANTILES
    )  # fmt: skip
    medians = np.nanmedian(np.where(np.isnan(x), np.nan, x), axis=0)
    return RiskModel(
        late_days,
        FEATURES,
        through,
        calibrated,
        logistic,
        _naive_rates(x, y),
        (quantiles[0], quantiles[1], quantiles[2]),
        np.nan_to_num(medians),
    )


# Reasons ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """A feature that moved the score, which way, and its value for the invoice."""

    feature: str
    raises: bool
    value: float | None
    weight: float  # the change of the probability (boosted) or the logit (baseline)


def _top(effects: Floats, x: Floats, top: int) -> list[list[Reason]]:
    result = []
    for row, effect in enumerate(effects):
        order = np.argsort(-np.abs(effect), kind="stable")[:top]
        result.append([
            Reason(FEATURES[f], bool(effect[f] > 0),
                   None if np.isnan(x[row, f]) else float(x[row, f]), float(effect[f]))
            for f in order if effect[f] != 0
        ])  # fmt: skip
    return result


def boosted_reasons(model: RiskModel, x: Floats, *, top: int = 3) -> list[list[Reason]]:
    """Per row: the features whose replacement by the training median changes the
    probability most; `raises` when the row's own value makes it higher."""
    n, k = x.shape
    if n == 0:
        return []
    base = model.probability(x)
    variants = np.repeat(x[:, None, :], k, axis=1)  # row, replaced feature, column
    for f in range(k):
        variants[:, f, f] = model.medians[f]
    replaced = model.probability(variants.reshape(n * k, k)).reshape(n, k)
    return _top(base[:, None] - replaced, x, top)


def logistic_reasons(model: RiskModel, x: Floats, *, top: int = 3) -> list[list[Reason]]:
    """Per row: coefficient x standardised value, the largest in size."""
    imputer, scaler, regression = (step for _, step in model.logistic.steps)
    standard = scaler.transform(imputer.transform(x))
    return _top(standard * regression.coef_[0], x, top)


# Rules, when no model is stored -------------------------------------------------------


def rule_class(x: Floats, *, late_days: int) -> tuple[list[RiskClass], list[list[Reason]]]:
    """Without a model: high after a very late payment, a broken promise or two other
    overdue invoices; medium when a fifth or more was paid late or the invoice is
    overdue by more than half of N; else low. The reasons are the rules that held."""
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    high = {
        "late_last_time": col["late_last_time"] == 1,
        "broken_promises": col["broken_promises"] > 0,
        "overdue_open": col["overdue_open"] >= 2,
    }
    medium = {
        "share_late": np.nan_to_num(col["share_late"]) >= 0.2,
        "days_past_due": col["days_past_due"] > late_days / 2,
    }
    classes, reasons = [], []
    for row in range(x.shape[0]):
        fired_high = [f for f, held in high.items() if held[row]]
        fired_medium = [f for f, held in medium.items() if held[row]]
        klass = RiskClass.HIGH if fired_high else (
            RiskClass.MEDIUM if fired_medium else RiskClass.LOW)  # fmt: skip
        classes.append(klass)
        idx = [FEATURES.index(f) for f in (fired_high + fired_medium)[:3]]
        reasons.append([Reason(FEATURES[i], True, float(x[row, i]), 1.0) for i in idx])
    return classes, reasons


# Storing ------------------------------------------------------------------------------


def sklearn_version() -> str:
    return str(sklearn.__version__)


def dump(model: RiskModel) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return buffer.getvalue()


def load(blob: bytes) -> RiskModel:
    """The model back from its bytes; check the scikit-learn version first (the caller)."""
    loaded = joblib.load(io.BytesIO(blob))
    if not isinstance(loaded, RiskModel) or loaded.features != FEATURES:
        raise TypeError("not a risk model of this feature list")
    return loaded
