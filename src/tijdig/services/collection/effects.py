"""The effect of each measure (issue 18, S1-5): the response table of the messages sent,
read over the steps taken and counted by what the table looks at in the database
(adapters/db/views/effects.py), then tallied by analytics/effects.py. A read: it writes nothing.

A message's stage is its step's position in its policy (the company's policies now; a
step no policy holds any more has stage 0 and its key as template). Its variant is the
one its customer was assigned in an experiment on its template, from the day assigned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Protocol

from tijdig.analytics.effects import (
    DIMENSIONS,
    EffectTable,
    SentCount,
    SentMessage,
    counted_table,
)
from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.collection.run import CollectionUnitOfWork, policies_for

StepInfo = Callable[[str | None, str], tuple[int, str]]
VariantOf = Callable[[int, str, date], str]
Assignments = dict[tuple[int, str], list[tuple[date, str]]]


class SentMessages(Protocol):
    def sent(
        self, company_id: int, *, as_of: date, steps: StepInfo, variant_of: VariantOf
    ) -> Iterable[SentMessage]: ...

    def counted(
        self, company_id: int, *, as_of: date, steps: StepInfo, variant_of: VariantOf,
        by: Sequence[str] = DIMENSIONS,
    ) -> Iterable[SentCount]: ...  # fmt: skip


class AssignmentStore(Protocol):
    def assignments(self, company_id: int) -> Assignments: ...


class EffectsUnitOfWork(CollectionUnitOfWork, Protocol):
    @property
    def experiments(self) -> AssignmentStore: ...


def step_info(policies: PolicySet) -> StepInfo:
    """(policy code, step key) -> (stage, template), from the policies in force."""
    known = {(p.code, s.key): (n, s.template) for p in policies.policies
             for n, s in enumerate(p.steps, start=1)}  # fmt: skip
    by_key: dict[str, tuple[int, str]] = {}
    for (_, key), found in known.items():
        by_key.setdefault(key, found)

    def info(policy: str | None, key: str) -> tuple[int, str]:
        return known.get((policy or "", key)) or by_key.get(key) or (0, key)

    return info


def variant_lookup(assigned: Assignments) -> VariantOf:
    def variant_of(customer_id: int, template: str, on: date) -> str:
        found = [v for day, v in assigned.get((customer_id, template), ()) if day <= on]
        return found[-1] if found else ""

    return variant_of


def parse_by(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """The dimensions to group by, from "step,channel" (refused when one is unknown)."""
    if text is None:
        return ("step", "channel", "weekday")
    parts = text.split(",") if isinstance(text, str) else list(text)
    wanted = tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))
    for part in wanted:
        if part not in DIMENSIONS:
            raise RuleViolation(Refusal.ONE_OF, value=part, allowed=", ".join(DIMENSIONS))
    return wanted


def effects(
    uow: EffectsUnitOfWork, messages: SentMessages, company: Company, *, as_of: date,
    by: Sequence[str] = ("step", "channel", "weekday"),
) -> EffectTable:  # fmt: skip
    """The response table on `as_of`, grouped by `by` and always by the strata."""
    assert company.id is not None
    wanted = parse_by(by)
    with uow:
        policies = policies_for(uow, company)[1]
        assigned = uow.experiments.assignments(company.id)
    sent = messages.counted(company.id, as_of=as_of, steps=step_info(policies),
                            variant_of=variant_lookup(assigned), by=wanted)  # fmt: skip
    return counted_table(sent, as_of=as_of, by=wanted)
