"""What plan B reads and writes through: the company's ladder and the broken agreements."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.ladder import (
    AgreementKind,
    BrokenAgreement,
    BrokenSoFar,
    Ladder,
    Rung,
)


class Agreements(Protocol):
    def ladder(self, company_id: int) -> Ladder:
        """The company's ladder; the default one when it set none."""
        ...

    def save_ladder(self, company_id: int, ladder: Ladder, *, at: datetime) -> None: ...
    def broken(
        self, company_id: int, *, as_of: date, customer_id: int | None = None
    ) -> dict[int, list[BrokenAgreement]]:
        """The agreements broken on or before `as_of`, by customer id: promises and new
        terms not kept (broken the day after their date), plans broken (on their end day)."""
        ...

    def broken_so_far(self, company_id: int, *, as_of: date) -> dict[int, BrokenSoFar]:
        """What the daily run needs of `broken` (`BrokenSoFar.of` each customer's list),
        for the customers with any: their count, and the full agreements only of those
        whose fallback is not yet carried out."""
        ...

    def set_fallback(
        self, company_id: int, kind: AgreementKind, agreement_id: int, rung: Rung
    ) -> bool:
        """Record an agreement's fallback, unless it was carried out; whether it was."""
        ...

    def mark_done(
        self, company_id: int, kind: AgreementKind, agreement_id: int, *, on: date
    ) -> bool:
        """Compare-and-set: only a fallback not yet carried out is marked; whether it was."""
        ...
