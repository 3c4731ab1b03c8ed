"""Plan B (S0-6): the escalation ladder, and the fallback of every agreement.

A company configures its ladder: the rungs a customer climbs as agreements are broken,
weakest first, for example new term → payment plan → hand-over to the agency. Every
agreement (a promise to pay, a new term, a payment plan) records its fallback when it is
made: the rung `fallback_of` gives, or one a person chose. Once the agreement is broken,
every run proposes its fallback until a person's approval carries it out.

`fallback_of(agreement, ladder, broken_so_far)`, where `broken_so_far` counts the
customer's agreements broken before this one:
- the first agreement a customer breaks gets one more chance on its own rung, where the
  ladder has that rung (a first broken plan: a new plan);
- otherwise the rung after the agreement's own, and at least the rung the count of broken
  agreements reached (the customer climbs one rung per broken agreement); past the top,
  the top rung.
A promise has no rung of its own: its fallback is the ladder's first rung, or higher by
the count.

Whether a friendly message names the agency (`names_agency`): once the customer broke
`name_agency_after` agreements, and only when the ladder ends with the agency. Legal
notices state what the law asks whatever the count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal


class Rung(StrEnum):
    """A rung of the ladder, in escalation order (the strongest last)."""

    NEW_TERM = "new_term"  # a new due date for the overdue invoices, agreed in writing
    PAYMENT_PLAN = "payment_plan"
    AGENCY = "agency"  # hand the case over to the collection agency

    @property
    def strength(self) -> int:
        return list(Rung).index(self)


class AgreementKind(StrEnum):
    """What was agreed with the customer: each kind stands on the rung it is made on."""

    PROMISE = "promise"  # a promise to pay by a date: not on the ladder
    NEW_TERM = "new_term"
    PLAN = "plan"

    @property
    def rung(self) -> Rung | None:
        return {AgreementKind.NEW_TERM: Rung.NEW_TERM, AgreementKind.PLAN: Rung.PAYMENT_PLAN}.get(
            self
        )


@dataclass(frozen=True, slots=True)
class Ladder:
    """A company's ladder: its rungs, weakest first, each once; the agency, if there,
    last. `name_agency_after`: the broken agreements after which a friendly message
    names the agency (0: always); `new_term_days`: how long a new term runs."""

    rungs: tuple[Rung, ...] = (Rung.NEW_TERM, Rung.PAYMENT_PLAN, Rung.AGENCY)
    name_agency_after: int = 2
    new_term_days: int = 14

    def __post_init__(self) -> None:
        if not self.rungs:
            raise InvalidValue("ladder", Refusal.LADDER_NO_RUNG)
        if len(set(self.rungs)) != len(self.rungs):
            raise InvalidValue("ladder", Refusal.LADDER_RUNG_TWICE)
        if [r.strength for r in self.rungs] != sorted(r.strength for r in self.rungs):
            raise InvalidValue("ladder", Refusal.LADDER_ORDER)
        if self.name_agency_after < 0:
            raise InvalidValue("name_agency_after", Refusal.NEGATIVE)
        if not 1 <= self.new_term_days <= 90:
            raise InvalidValue("new_term_days", Refusal.DAYS_BETWEEN, value=self.new_term_days,
                               low=1, high=90)  # fmt: skip

    @property
    def ends_with_agency(self) -> bool:
        return self.rungs[-1] is Rung.AGENCY

    def said(self) -> str:
        """The rungs as `tijdig ladder set` takes them: "new_term,payment_plan,agency"."""
        return ",".join(self.rungs)


def parse_rungs(text: str) -> tuple[Rung, ...]:
    """ "new_term, payment_plan, agency" (or with "→" / ">") as rungs; an unknown name is
    refused, naming the known ones."""
    names = [n.strip() for n in text.replace("→", ",").replace(">", ",").split(",")]
    known = ", ".join(Rung)
    try:
        return tuple(Rung(n) for n in names if n)
    except ValueError:
        raise InvalidValue("ladder", Refusal.ONE_OF, value=text, allowed=known) from None


def fallback_of(agreement: AgreementKind, ladder: Ladder, broken_so_far: int) -> Rung:
    """The fallback of `agreement` by this module's rule."""
    if broken_so_far < 0:
        raise InvalidValue("broken_so_far", Refusal.NEGATIVE)
    own = agreement.rung
    if broken_so_far == 0 and own in ladder.rungs:
        return own  # a first broken agreement: one more chance on its rung
    after = 0 if own is None else _index_after(ladder, own)
    index = max(after, broken_so_far)
    return ladder.rungs[min(index, len(ladder.rungs) - 1)]


def _index_after(ladder: Ladder, own: Rung) -> int:
    """The index of the first rung stronger than `own` (past the end: none is)."""
    return next(
        (k for k, rung in enumerate(ladder.rungs) if rung.strength > own.strength),
        len(ladder.rungs),
    )


def names_agency(ladder: Ladder, broken: int) -> bool:
    """Whether a friendly message to a customer who broke `broken` agreements names the
    agency as what follows (the rule in this module's docstring)."""
    return ladder.ends_with_agency and broken >= ladder.name_agency_after


@dataclass(frozen=True, slots=True)
class BrokenAgreement:
    """An agreement the customer broke on `broken_on`, with its fallback as recorded
    (None: not yet), and the day that fallback was carried out (None: not yet, so every
    run proposes it). `label` names it: a plan's reference, "#id" for a promise."""

    kind: AgreementKind
    agreement_id: int
    customer_number: str
    broken_on: date
    label: str
    fallback: Rung | None = None
    done_on: date | None = None


def oldest_first(broken: Sequence[BrokenAgreement]) -> list[BrokenAgreement]:
    """Broken agreements in the order the ladder counts them: by the day broken, a plan
    before a promise broken the same day, then as made."""
    return sorted(broken, key=lambda a: (a.broken_on, a.kind != AgreementKind.PLAN,
                                         a.agreement_id))  # fmt: skip


def with_fallbacks(
    broken: Sequence[BrokenAgreement], ladder: Ladder
) -> tuple[BrokenAgreement, ...]:
    """One customer's broken agreements, oldest first, each with its fallback: the one
    recorded, else `fallback_of` with the count of those broken before it."""
    return tuple(
        a if a.fallback is not None else replace(a, fallback=fallback_of(a.kind, ladder, k))
        for k, a in enumerate(oldest_first(broken))
    )


@dataclass(frozen=True, slots=True)
class BrokenSoFar:
    """One customer's agreements broken by a day, as the daily run needs them: how many
    in all (the ladder's count, `names_agency`), and, oldest first, those whose fallback
    is not yet carried out (the only ones a run still records or proposes). The ones
    carried out count and no more, so a run does not read a customer's whole history."""

    count: int
    pending: tuple[BrokenAgreement, ...] = ()

    @classmethod
    def of(cls, broken: Sequence[BrokenAgreement]) -> BrokenSoFar:
        return cls(len(broken), tuple(a for a in oldest_first(broken) if a.done_on is None))

    @property
    def unrecorded(self) -> bool:
        """Whether a pending one has no fallback recorded yet: its rung needs the count
        of those broken before it (`with_fallbacks` on the whole list)."""
        return any(a.fallback is None for a in self.pending)
