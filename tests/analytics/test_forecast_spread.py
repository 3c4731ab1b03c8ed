"""The forecast's common spread (analytics/forecast_spread.py), computed by hand, and its
effect on the simulation: the interval widens, the more so the further ahead, and the
expected receipts stay."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.analytics.forecast import OpenInvoice, Predicted, forecast
from tijdig.analytics.forecast_spread import Residual, common_spread


def test_the_spread_is_the_error_beyond_the_independent_noise_by_hand() -> None:
    # intervals of +-1.2816 x 10 and +-1.2816 x 20: independent variances 100 and 400
    weeks = [
        Residual(0, 100, 100 - 12.816, 100 + 12.816, 130),  # (30^2 - 100) / 100 = 8
        Residual(1, 200, 200 - 25.632, 200 + 25.632, 170),  # (30^2 - 400) / 200 = 2.5
        Residual(5, 0, 0, 0, 40),  # no money expected: left out
    ]
    # c = (8 + 2.5) / (100 x (0 + 1) + 200 x (1 + 1)) = 10.5 / 500 = 0.021
    assert common_spread(weeks) == pytest.approx(0.021, rel=1e-9)


def test_noise_that_explains_the_error_gives_no_spread() -> None:
    assert common_spread([Residual(0, 100, 50, 150, 110)]) == 0.0  # 10^2 < (100/2.5632)^2
    assert common_spread([]) == 0.0
    assert common_spread([Residual(0, 0, 0, 0, 40)]) == 0.0


class _Spread:
    def predict(self, invoices: list[OpenInvoice], as_of: date) -> list[Predicted]:
        return [Predicted(i.id, i.amount, as_of + timedelta(days=3 + i.id % 20),
                          as_of + timedelta(days=10 + i.id % 30),
                          as_of + timedelta(days=25 + i.id % 40)) for i in invoices]  # fmt: skip


def test_the_common_factor_widens_the_interval_and_keeps_the_expected_receipts() -> None:
    day = date(2026, 5, 12)
    invoices = [OpenInvoice(n, n, day, Decimal(100)) for n in range(3000)]  # 3000 customers
    alone = forecast(invoices, _Spread(), as_of=day)
    shared = forecast(invoices, _Spread(), as_of=day, spread=0.04)  # s_0 = 0.2
    assert shared.spread == 0.04 and alone.spread == 0.0
    for a, s in zip(alone.weeks[:6], shared.weeks[:6], strict=True):
        assert abs(s.expected - a.expected) < Decimal("0.02") * a.expected
        width, wider = a.high - a.low, s.high - s.low
        # the factor's own 80 % interval is at least about +-1.28 x 0.2 = +-26 % of the
        # expected receipts
        assert wider > 2 * width and wider > Decimal("0.4") * a.expected
    first, sixth = shared.weeks[0], shared.weeks[5]  # s_5 = sqrt(0.04 x 6) = 0.49
    assert (sixth.high - sixth.low) / sixth.expected > 2 * (first.high - first.low) / first.expected
    assert shared.later == alone.later  # what falls beyond the 13 weeks is not scaled
    assert forecast(invoices, _Spread(), as_of=day, spread=0.04) == shared  # seeded
