"""What was known about an invoice on the day it is scored: the features of the late-payment
risk model (issue 17 section 2). Pure and vectorised: numpy arrays in, a matrix out.

Days are integers (`date.toordinal()`). Everything a feature uses happened strictly before
the scoring day D: an invoice counts as paid once its last money came before D, a step, a
dispute or a broken promise once it happened before D. A test proves it: the features of
day D are the same whether or not the input holds what happened from D on.

The feature list is fixed (FEATURES); the model stores it beside itself, and scoring
refuses a matrix of another shape.

The customer's "usual" amount is the geometric mean of the amounts of their invoices
issued before D (a running median cannot be vectorised with cumulative sums; the
geometric mean, like the median, is not pulled far by one large invoice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

Days = npt.NDArray[np.int64]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

NEVER = 10**7  # a day after every real day: not paid (yet), not resolved
RECENT_DAYS = 180  # "recent" history: the last half year before the scoring day
_KEY = 2 * NEVER  # customer (or invoice) * _KEY + day: one sortable key for both

FEATURES: tuple[str, ...] = (
    "days_past_due",  # D - due date: negative while not yet due
    "term_days",  # due date - issue date
    "log_amount",  # log10 of the invoice's amount
    "amount_ratio",  # amount / the customer's usual amount: their other invoices issued before D
    "due_month",  # the season: month (1-12) of the due date
    "history_count",  # the customer's invoices paid before D
    "share_late",  # of those, the share paid after the due date (NaN: none)
    "average_days_late",  # their average days late (0 when paid on time)
    "share_late_recent",  # share late among those paid in the last RECENT_DAYS before D
    "share_late_season",  # share late among those due in the same calendar quarter
    "late_last_time",  # the last invoice paid before D: more than N days late (0/1; NaN)
    "overdue_open",  # the customer's other invoices overdue and still open on D
    "broken_promises",  # the customer's promises to pay whose day passed unkept before D
    "disputes",  # disputes the customer opened before D (on any invoice)
    "invoice_disputed",  # this invoice has a dispute open on D (0/1)
    "steps_so_far",  # collection steps taken on this invoice before D
    "customer_age_days",  # D - the customer's first invoice's issue date
)


@dataclass(frozen=True)
class History:
    """A company's ledger as arrays, one entry per invoice (customer codes 0..k-1) and per
    event. `paid_on` is the day the invoice's last money came, NEVER while open."""

    customer: Ints
    issue: Days
    due: Days
    amount: Floats
    paid_on: Days
    step_invoice: Ints  # index into the invoice arrays
    step_day: Days
    dispute_invoice: Ints
    dispute_opened: Days
    dispute_resolved: Days  # NEVER while open
    promise_customer: Ints
    promise_day: Days  # the promised day
    promise_broken: Flags  # its day passed and it was not kept

    @property
    def size(self) -> int:
        return int(self.customer.shape[0])

    def before(self, day: int) -> History:
        """What was known at the start of `day`: invoices issued before or on it, payments,
        steps, disputes and broken promises before it. (The leakage test's input.)"""
        keep = self.issue <= day
        index = np.cumsum(keep) - 1  # old invoice index -> new
        steps = keep[self.step_invoice] & (self.step_day < day)
        disputes = keep[self.dispute_invoice] & (self.dispute_opened < day)
        promises = self.promise_day < day
        return History(
            customer=self.customer[keep], issue=self.issue[keep], due=self.due[keep],
            amount=self.amount[keep],
            paid_on=np.where(self.paid_on[keep] < day, self.paid_on[keep], NEVER),
            step_invoice=index[self.step_invoice[steps]], step_day=self.step_day[steps],
            dispute_invoice=index[self.dispute_invoice[disputes]],
            dispute_opened=self.dispute_opened[disputes],
            dispute_resolved=np.where(self.dispute_resolved[disputes] < day,
                                      self.dispute_resolved[disputes], NEVER),
            promise_customer=self.promise_customer[promises],
            promise_day=self.promise_day[promises],
            promise_broken=self.promise_broken[promises],
        )  # fmt: skip


def empty_history() -> History:
    none = np.zeros(0, dtype=np.int64)
    return History(none, none, none, np.zeros(0), none, none, none, none, none, none, none,
                   none, np.zeros(0, dtype=np.bool_))  # fmt: skip


def day_number(day: date) -> int:
    return day.toordinal()


class _Running:
    """Events keyed by (group, day), sorted, with running sums: "how many (and what sum)
    of group g's events happened before day D" for many (g, D) at once."""

    def __init__(self, group: Ints, day: Days, *values: Floats) -> None:
        keys = group * _KEY + day
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.sums = [np.concatenate(([0.0], np.cumsum(v[order]))) for v in values]
        self.order = order

    def span(self, group: Ints, start: Days, end: Days) -> tuple[Ints, Ints]:
        """Positions of the events with start <= day < end, per query."""
        lo = np.searchsorted(self.keys, group * _KEY + start, side="left")
        hi = np.searchsorted(self.keys, group * _KEY + end, side="left")
        return lo, hi

    def count(self, group: Ints, end: Days, start: Days | None = None) -> Ints:
        lo, hi = self.span(group, np.zeros_like(end) if start is None else start, end)
        return (hi - lo).astype(np.int64)

    def total(self, which: int, lo: Ints, hi: Ints) -> Floats:
        sums = self.sums[which]
        return sums[hi] - sums[lo]


def _share(part: Floats, whole: Ints) -> Floats:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole > 0, part / np.maximum(whole, 1), np.nan)


def features(history: History, invoice: Ints, day: Days, *, late_days: int) -> Floats:
    """The FEATURES of each invoice (an index into `history`) on its scoring day: one row
    per (invoice, day) pair, columns in FEATURES' order. `late_days` is the company's N:
    "late last time" means paid more than N days late."""
    h = history
    customer = h.customer[invoice]
    due = h.due[invoice]
    amount = np.maximum(h.amount[invoice], 0.01)
    paid = h.paid_on < NEVER
    late = (h.paid_on - h.due).astype(np.float64)
    days_late = np.where(paid, np.maximum(late, 0.0), 0.0)
    is_late = (paid & (late > 0)).astype(np.float64)
    very_late = (paid & (late > late_days)).astype(np.float64)

    settled = _Running(h.customer, h.paid_on, is_late, days_late, very_late)
    lo, hi = settled.span(customer, np.zeros_like(day), day)
    count = hi - lo
    share_late = _share(settled.total(0, lo, hi), count)
    average_late = np.where(count > 0, settled.total(1, lo, hi) / np.maximum(count, 1), 0.0)
    rlo, rhi = settled.span(customer, day - RECENT_DAYS, day)
    share_recent = _share(settled.total(0, rlo, rhi), rhi - rlo)
    last = np.where(count > 0, hi - 1, 0)
    last_very_late = very_late[settled.order][last] if h.size else np.zeros(len(invoice))
    late_last_time = np.where(count > 0, last_very_late, np.nan)

    quarter = (_month(h.due) - 1) // 3
    seasonal = _Running(h.customer * 4 + quarter, h.paid_on, is_late)
    slo, shi = seasonal.span(customer * 4 + quarter[invoice], np.zeros_like(day), day)
    share_season = _share(seasonal.total(0, slo, shi), shi - slo)

    # Logarithms in millionths, whole numbers: running sums of whole numbers are exact, so
    # the features of day D do not move by a rounding when later invoices are added.
    micro_log = np.rint(np.log(np.maximum(h.amount, 0.01)) * 1e6)
    issued = _Running(h.customer, h.issue, micro_log)
    ilo, ihi = issued.span(customer, np.zeros_like(day), day)
    # The invoice itself is not part of its customer's usual, whichever day it is scored.
    itself = h.issue[invoice] < day
    others = ihi - ilo - itself
    others_sum = issued.total(0, ilo, ihi) - np.where(itself, micro_log[invoice], 0.0)
    usual = np.where(others > 0, others_sum / np.maximum(others, 1) / 1e6, np.nan)
    amount_ratio = amount / np.exp(usual)
    first_issue = np.where(ihi > ilo, issued.keys[np.minimum(ilo, len(issued.keys) - 1)]
                           - customer * _KEY, day) if h.size else day  # fmt: skip

    # Overdue on D and still open: due before D (due + 1 <= D) and not paid before D
    # (max(paid, due) + 1 > D). The invoice itself does not count.
    overdue_due = _Running(h.customer, h.due + 1)
    cleared = _Running(h.customer, np.maximum(h.paid_on, h.due) + 1)
    overdue = overdue_due.count(customer, day + 1) - cleared.count(customer, day + 1)
    overdue = overdue - ((due < day) & (h.paid_on[invoice] >= day)).astype(np.int64)

    broken = h.promise_broken
    promises = _Running(h.promise_customer[broken], h.promise_day[broken])
    disputes = _Running(h.customer[h.dispute_invoice], h.dispute_opened)
    opened = _Running(h.dispute_invoice, h.dispute_opened)
    resolved = _Running(h.dispute_invoice, np.minimum(h.dispute_resolved, NEVER - 1))
    steps = _Running(h.step_invoice, h.step_day)
    disputed = opened.count(invoice, day) - resolved.count(invoice, day)

    columns = (
        day - due, due - h.issue[invoice], np.log10(amount), amount_ratio, _month(due),
        count, share_late, average_late, share_recent, share_season, late_last_time,
        overdue, promises.count(customer, day), disputes.count(customer, day),
        (disputed > 0), steps.count(invoice, day), day - first_issue,
    )  # fmt: skip
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])


def _month(days: Days) -> Ints:
    """The month (1-12) of each day number, vectorised through numpy's datetime64."""
    epoch = date(1970, 1, 1).toordinal()
    months = (days - epoch).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months % 12 + 1
