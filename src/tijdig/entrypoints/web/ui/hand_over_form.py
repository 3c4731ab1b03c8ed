"""What the hand-over section of the customer page shows (its routes are in
`hand_over.py`): the customer's cases with their status history, the statuses that may
follow, and whether the customer may be handed over now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tijdig.domain.hand_over import NEXT, CaseStatus, HandOverCase, Source
from tijdig.entrypoints.web.ui.workspace import N_, Workspace
from tijdig.services.hand_over import cases

STATUS_LABELS = {
    CaseStatus.HANDED_OVER.value: N_("handed over"),
    CaseStatus.ACCEPTED.value: N_("accepted"),
    CaseStatus.IN_PROGRESS.value: N_("in progress"),
    CaseStatus.PAID.value: N_("paid"),
    CaseStatus.CLOSED.value: N_("closed"),
    CaseStatus.RETURNED.value: N_("returned"),
}
SOURCE_LABELS = {
    Source.POLICY.value: N_("the policy's step"),
    Source.CLI.value: N_("command line"),
    Source.API.value: N_("API"),
    Source.WORKSPACE.value: N_("workspace"),
    Source.AGENCY_FILE.value: N_("the agency's file"),
}
DONE = {
    "opened": N_("Handed over: the case is open, dunning stopped and the credit hold set."),
    "status": N_("The case's status is changed."),
}


@dataclass(frozen=True, slots=True)
class HandOverSection:
    cases: tuple[HandOverCase, ...]
    current: HandOverCase | None  # the latest case
    can_change: bool
    reason: str = ""  # what was typed
    error: str = ""  # in the reader's words
    done: str = ""  # msgid
    statuses: Mapping[str, str] = field(default_factory=lambda: STATUS_LABELS)
    sources: Mapping[str, str] = field(default_factory=lambda: SOURCE_LABELS)

    @property
    def next_statuses(self) -> tuple[str, ...]:
        if self.current is None:
            return ()
        return tuple(s.value for s in CaseStatus if s in NEXT[self.current.status])

    @property
    def may_open(self) -> bool:
        return self.can_change and (self.current is None or not self.current.is_open)


def hand_over_section(ws: Workspace, number: str) -> HandOverSection:
    found = tuple(cases.cases_of(ws.tijdig.uow(), ws.company, number))
    return HandOverSection(
        cases=found, current=found[0] if found else None, can_change=ws.user.role.can_change,
        done=DONE.get(ws.request.query_params.get("hand_over", ""), ""),
    )  # fmt: skip
