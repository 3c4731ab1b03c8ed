"""A second ledger generator, used only by the risk model's tests (issue 17 section 2).

The demo generator's habits are known, so a model that only recovers them proves
little. This one has rules the demo lacks:

- lateness rises with the invoice's amount relative to the customer's usual amount;
- one sector (of four) has cash trouble in the summer months (June to August);
- a third of the customers change behaviour halfway: the punctual turn late and the
  late turn punctual;
- and `random_lateness=True`: whether an invoice is paid very late is a coin flip with
  the same rate for every invoice (the leakage test: nothing can be learned).

It writes the arrays the model reads (`History`), not database rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from tijdig.analytics.risk_features import NEVER, History

START = date(2024, 1, 1)


@dataclass(frozen=True)
class Generated:
    history: History
    as_of: date
    late_days: int


def _logit(p: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-p))


def generate(
    *, customers: int = 400, months: int = 30, per_month: float = 2.0, seed: int = 7,
    late_days: int = 30, random_lateness: bool = False,
) -> Generated:  # fmt: skip
    rng = np.random.default_rng(seed)
    start = START.toordinal()
    span = months * 30
    as_of = start + span
    counts = rng.poisson(per_month * months, customers)
    customer = np.repeat(np.arange(customers), counts)
    n = len(customer)
    issue = start + rng.integers(0, span, n)
    order = np.lexsort((issue, customer))
    customer, issue = customer[order], issue[order]
    term = rng.choice([14, 30, 30, 60], customers)[customer]
    due = issue + term
    usual = rng.lognormal(7, 1, customers)
    ratio = rng.lognormal(0, 0.7, n)
    amount = np.round(usual[customer] * ratio, 2)

    base = rng.normal(-1.6, 1.2, customers)
    changes = rng.random(customers) < 1 / 3
    halfway = start + span // 2
    flipped = np.where(changes[customer] & (issue >= halfway), -base[customer] - 1.6,
                       base[customer])  # fmt: skip
    sector = rng.integers(0, 4, customers)[customer]
    month = (issue - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    month = month.astype("datetime64[M]").astype(np.int64) % 12 + 1
    summer = (sector == 0) & np.isin(month, (6, 7, 8))
    logit = flipped + 1.4 * np.log(ratio) + 2.2 * summer
    p_late = _logit(logit)
    if random_lateness:
        p_late = np.full(n, 0.3)
    very_late = rng.random(n) < p_late
    delay = np.where(very_late, late_days + 1 + rng.integers(0, 90, n),
                     rng.integers(-10, late_days + 1, n))  # fmt: skip
    paid_on = due + delay
    paid_on = np.maximum(paid_on, issue)
    paid_on = np.where(paid_on < as_of, paid_on, NEVER)

    # Reminders 7 and 21 days after the due day while unpaid; a promise made on the second
    # is broken when the payment came more than a week after it; a dispute now and then.
    steps_inv, steps_day = [], []
    for after in (7, 21):
        on = due + after
        open_then = (paid_on > on) & (on < as_of)
        steps_inv.append(np.flatnonzero(open_then))
        steps_day.append(on[open_then])
    promised = due + 28
    promise = (paid_on > due + 21) & (promised < as_of)
    disputed = rng.random(n) < 0.02
    disputed_on = issue + 5
    disputed &= disputed_on < as_of
    resolved = np.where(disputed_on + 20 < as_of, disputed_on + 20, NEVER)
    history = History(
        customer=customer.astype(np.int64), issue=issue.astype(np.int64),
        due=due.astype(np.int64), amount=amount.astype(np.float64),
        paid_on=paid_on.astype(np.int64),
        step_invoice=np.concatenate(steps_inv).astype(np.int64),
        step_day=np.concatenate(steps_day).astype(np.int64),
        dispute_invoice=np.flatnonzero(disputed).astype(np.int64),
        dispute_opened=disputed_on[disputed].astype(np.int64),
        dispute_resolved=resolved[disputed].astype(np.int64),
        promise_customer=customer[promise].astype(np.int64),
        promise_day=promised[promise].astype(np.int64),
        promise_broken=(paid_on[promise] > promised[promise] + 7),
    )  # fmt: skip
    return Generated(history, date.fromordinal(int(as_of)), late_days)
