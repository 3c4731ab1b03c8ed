"""The one clock: the real moment (UTC) and the business day (Europe/Amsterdam).

Only the entry points and the composition root read it (an import-linter contract keeps
the services, adapters and the pure core away); everything below them takes time as an
argument. Callers use `clock.now()` / `clock.today()` through the module, so a test can
set the moment once (`monkeypatch.setattr(clock, "now", ...)`) for every command and page.

`TIJDIG_AS_OF=2026-03-03` makes `today()` that day, so a day can be replayed or a
calendar simulated; `now()` stays the real moment, and `real_today()` the real day
(records keep both: the business day a thing is about, the moment it was written).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tijdig.domain.errors import InvalidValue

# Business days in the Netherlands and Belgium start and end at the same time.
BUSINESS_TIMEZONE = ZoneInfo("Europe/Amsterdam")
AS_OF_VARIABLE = "TIJDIG_AS_OF"


def now() -> datetime:
    """The real moment, timezone-aware (UTC)."""
    return datetime.now(UTC)


def real_today() -> date:
    """The business day it really is now in Amsterdam, whatever TIJDIG_AS_OF says."""
    return now().astimezone(BUSINESS_TIMEZONE).date()


def today() -> date:
    """The business day: TIJDIG_AS_OF when set, else the real one."""
    fixed = os.environ.get(AS_OF_VARIABLE, "").strip()
    if not fixed:
        return real_today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise InvalidValue(AS_OF_VARIABLE, f"{fixed!r} is not a date (use YYYY-MM-DD)") from None


def moment_on(day: date | None) -> datetime:
    """When something recorded for `day` happened: now when `day` is today (or None),
    else that day at the current time of day in Amsterdam (a back-dated record)."""
    current = now()
    if day is None or day == today():
        return current
    local = current.astimezone(BUSINESS_TIMEZONE)
    return datetime.combine(day, local.timetz()).astimezone(UTC)
