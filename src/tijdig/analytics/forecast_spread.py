"""The forecast's shared error (issue 17 §3): how far a week's receipts stray from the
forecast beyond what independent customers explain, estimated from backtests.

The Monte Carlo draws (analytics/forecast.py) treat customers as independent: with many
customers a week's sum hardly varies between draws and the interval shrinks to a few
percent, while the forecast's real error is shared by all of them (the habits or the
model misjudge everyone's timing alike, the season, the month's end), and grows with the
horizon. Each draw therefore multiplies week k's sum (k = 0 for the first week) by a
common factor exp(s_k x z - s_k^2 / 2), z standard normal, drawn per draw and week
(mean 1: the expected receipts do not move), with
    s_k^2 = c x (k + 1)
(the shared relative error's variance grows by c per week ahead, as a random walk's).

c comes from backtests: forecasts made earlier with independent draws only, each passed
week checked against what came in. With e its expected receipts (> 0), a the actual,
l and h its 80 % interval, k its place, the independent draws' variance is read back
from the interval as that of a normal one, v = ((h - l) / (2 x 1.2816))^2, and
    c = max(0, sum over weeks of ((a - e)^2 - v) / e, divided by sum of e x (k + 1))
(the method of moments, E[((a - e)^2 - v) / e^2] = c x (k + 1), each week weighted by
its expected receipts: a far week with little money to come, whose relative error is
large and noisy, weighs little). No week with money expected: c = 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

Z80 = 1.2816  # the standard normal's 90th percentile: an 80 % interval is +-Z80 sd


class Residual(NamedTuple):
    """A passed week of a backtest: its place (0 = the first), expected, its interval,
    what came in."""

    week: int
    expected: float
    low: float
    high: float
    actual: float


def common_spread(weeks: Iterable[Residual]) -> float:
    """c of the module docstring."""
    excess = ahead = 0.0
    for w in weeks:
        if w.expected <= 0:
            continue
        independent = ((w.high - w.low) / (2 * Z80)) ** 2
        excess += ((w.actual - w.expected) ** 2 - independent) / w.expected
        ahead += w.expected * (w.week + 1)
    return max(0.0, excess / ahead) if ahead else 0.0
