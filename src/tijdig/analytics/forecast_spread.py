"""The forecast's shared error (issue 17 §3): how far a week's receipts stray from the
forecast beyond what independent customers explain, estimated from backtests.

The Monte Carlo draws (analytics/forecast.py) treat customers as independent: with many
customers a week's sum hardly varies between draws and the interval shrinks to a few
percent, while the forecast's real error is shared by all of them (the habits or the
model misjudge everyone's timing alike, the season, the month's end). Each draw
therefore multiplies each week's sum by a common factor exp(s x z - s^2 / 2), z standard
normal, drawn per draw and week (mean 1: the expected receipts do not move).

s comes from backtests: forecasts made earlier with independent draws only, each passed
week k checked against what came in. With e_k its expected receipts, a_k the actual,
l_k and h_k its 80 % interval, the independent draws' variance is read back from the
interval as that of a normal one, v_k = ((h_k - l_k) / (2 x 1.2816))^2, and
    s^2 = max(0, sum_k ((a_k - e_k)^2 - v_k) / sum_k e_k^2)
(the squared relative error beyond the independent noise, each week weighted by its
expected receipts squared, so the far weeks with little money to come, whose relative
errors are large and noisy, do not decide it). No week with money expected: s = 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

Z80 = 1.2816  # the standard normal's 90th percentile: an 80 % interval is +-Z80 sd


class Residual(NamedTuple):
    """A passed week of a backtest: expected, its interval, what came in."""

    expected: float
    low: float
    high: float
    actual: float


def common_spread(weeks: Iterable[Residual]) -> float:
    """s of the module docstring."""
    excess = weight = 0.0
    for w in weeks:
        independent = ((w.high - w.low) / (2 * Z80)) ** 2
        excess += (w.actual - w.expected) ** 2 - independent
        weight += w.expected**2
    if weight <= 0:
        return 0.0
    return math.sqrt(max(0.0, excess / weight))
