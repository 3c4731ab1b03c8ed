"""The edge's one clock: the real moment (UTC) and the business day (Europe/Amsterdam).

Everything below the entry points takes time as an argument. Callers use
`clock.now()` / `clock.today()` through the module, so a test can set the moment once
(`monkeypatch.setattr(clock, "now", ...)`) for every command and page it drives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Business days in the Netherlands and Belgium start and end at the same time.
BUSINESS_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """The real moment, timezone-aware (UTC)."""
    return datetime.now(UTC)


def today() -> date:
    """The business day it is now in Amsterdam, whatever the server's own timezone."""
    return now().astimezone(BUSINESS_TIMEZONE).date()
