"""A pause of dunning a credit controller sets by hand (S4-3): "we agreed to wait until
the 15th", "the director is away until after the holidays". Unlike a hardship status it
has an end date set in advance and needs no evidence, only the reason a person gives.

It holds the whole customer from the day it is set (`since`) up to the day before
`until`: on `until` collection resumes by itself, with nobody having to remember to
lift it. A pause lifted early keeps its record (`lifted_on`, from that day it holds
nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

MAX_PAUSE_REASON = 500


@dataclass(frozen=True, slots=True)
class DunningPause:
    """Dunning of one customer paused from `since` until `until` (resumes that day)."""

    customer_number: str
    since: date
    until: date
    reason: str
    lifted_on: date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise InvalidValue("reason", Refusal.PAUSE_NEEDS_REASON)
        if len(self.reason) > MAX_PAUSE_REASON:
            raise InvalidValue("reason", Refusal.AT_MOST_CHARACTERS, length=MAX_PAUSE_REASON)
        if self.until <= self.since:
            raise InvalidValue("resume_on", Refusal.PAUSE_UNTIL_NOT_AFTER, until=self.until,
                               since=self.since)  # fmt: skip

    def holds_on(self, day: date) -> bool:
        """Set by `day`, not lifted by then, and `until` not reached."""
        if self.lifted_on is not None and self.lifted_on <= day:
            return False
        return self.since <= day < self.until
