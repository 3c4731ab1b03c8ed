"""Debtors in hardship: a status that pauses all collection of a customer.

A customer in debt counselling (schuldhulpverlening), in the WSNP, in Belgian
schuldbemiddeling or collectieve schuldenregeling, bankrupt or deceased is not dunned:
while the status is active the run proposes nothing for the customer and no costs or
interest are claimed; the credit controller gets a task (for example, to register the
claim with the administrator). Tijdig writes nothing off: the open invoices stay open,
and the reports show them on an insolvency line of their own.

A status has a kind, the day it applies from, its evidence (a text, and optionally the
reference of a stored file: a letter of the administrator, a court ruling), and the day
it ended. Ended statuses are kept: the customer's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

MAX_EVIDENCE = 2000
MAX_FILE_REFERENCE = 300
MAX_TASK_TEXT = 300  # a task's title


class HardshipKind(StrEnum):
    """What the customer's hardship is (docs/glossary.md names each in Dutch)."""

    DEBT_COUNSELLING = "debt_counselling"  # NL schuldhulpverlening (minnelijk traject)
    WSNP = "wsnp"  # NL Wet schuldsanering natuurlijke personen
    DEBT_MEDIATION = "debt_mediation"  # BE schuldbemiddeling (minnelijk)
    COLLECTIVE_SETTLEMENT = "collective_settlement"  # BE collectieve schuldenregeling
    BANKRUPTCY = "bankruptcy"  # faillissement (NL), faillissement/faillite (BE)
    DECEASED = "deceased"  # overlijden: the estate is dealt with by the heirs


def parse_kind(text: str) -> HardshipKind:
    try:
        return HardshipKind(text.strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in HardshipKind)
        raise InvalidValue("kind", Refusal.ONE_OF, value=text, allowed=kinds) from None


@dataclass(frozen=True, slots=True)
class HardshipStatus:
    """One status of one customer, from `since` until the day it `ended_on` (None: not
    ended). Active on a day from `since` up to the day before `ended_on`."""

    customer_number: str
    kind: HardshipKind
    since: date
    evidence: str
    evidence_file: str | None = None  # the reference of a stored file, if any
    ended_on: date | None = None

    def __post_init__(self) -> None:
        if not self.evidence.strip():
            raise InvalidValue("evidence", Refusal.HARDSHIP_EVIDENCE)
        if len(self.evidence) > MAX_EVIDENCE:
            raise InvalidValue("evidence", Refusal.AT_MOST_CHARACTERS, length=MAX_EVIDENCE)
        if self.evidence_file is not None and not (
            0 < len(self.evidence_file.strip()) <= MAX_FILE_REFERENCE
        ):
            raise InvalidValue("evidence_file", Refusal.FROM_ONE_TO_CHARACTERS,
                               length=MAX_FILE_REFERENCE)  # fmt: skip
        if self.ended_on is not None and self.ended_on < self.since:
            raise InvalidValue("ended_on", Refusal.HARDSHIP_BEGAN_AFTER, since=self.since)

    def is_active(self, as_of: date) -> bool:
        return self.since <= as_of and (self.ended_on is None or self.ended_on > as_of)


def active_on(statuses: Iterable[HardshipStatus], as_of: date) -> HardshipStatus | None:
    """The status active on `as_of` (the latest begun, should two overlap), or None."""
    active = [s for s in statuses if s.is_active(as_of)]
    return max(active, key=lambda s: s.since) if active else None


def task_text(text: str) -> str:
    """A company's own task text, checked: one line of at most `MAX_TASK_TEXT`."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidValue("text", Refusal.IS_EMPTY)
    if len(cleaned) > MAX_TASK_TEXT:
        raise InvalidValue("text", Refusal.AT_MOST_CHARACTERS, length=MAX_TASK_TEXT)
    return cleaned
