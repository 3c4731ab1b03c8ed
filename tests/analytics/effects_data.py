"""A small seeded generator of sent messages with a known effect built in: the customers
of each arm (a channel, or a template variant) pay within 7 days with a chosen chance,
else 8-13 days after (paid within 14), else not at all. The tests of the effect table
and the A/B test use it, with a fixed seed."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from tijdig.analytics.effects import SentMessage

FIRST = date(2026, 1, 5)  # a Monday


def messages(
    chance_7: Mapping[str, float], *, n: int, seed: int, arm: str = "channel",
    chance_14: float = 0.5,
) -> list[SentMessage]:  # fmt: skip
    """`n` messages per arm; arm names are channels (arm="channel") or variants."""
    rng = random.Random(seed)
    out = []
    for name, p7 in chance_7.items():
        for k in range(n):
            sent = FIRST + timedelta(days=7 * (k % 20))  # Mondays over 20 weeks
            draw = rng.random()
            late = draw < p7 + (1 - p7) * chance_14
            settled = (sent + timedelta(rng.randint(0, 7)) if draw < p7
                       else sent + timedelta(rng.randint(8, 13)) if late else None)  # fmt: skip
            channel, variant = (name, "") if arm == "channel" else ("email", name)
            out.append(SentMessage("reminder_1", 1, "reminder", channel, sent, 9, "business",
                                   "NL", Decimal(250), settled, variant))  # fmt: skip
    return out
