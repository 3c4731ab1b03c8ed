"""The life of a run item: its kind, its status, and the moves between statuses.

A run stores one item per proposal (a message), call, plan B (a broken agreement's
fallback), hold and warning. Messages, calls and fallbacks wait for a person; holds
and warnings only inform, and stay `info` for good.

    message  proposed ─┬─ approved ─┬─ queued ─┬─ sent
                       │  (or made  │          └─ approved (expired unsent: again)
                       │  approved) ├─ done      (a hand-over or call step: a task)
                       ├─ skipped   ├─ failed    (could not be worked out or rendered)
                       └─ superseded├─ superseded (paid or closed since the run)
                       (a later run)└─ dropped   (nothing in it due any more)
    call     proposed ─┬─ approved ─┬─ done      (an agenda task)
                       ├─ skipped   └─ failed    (the customer no longer exists)
                       └─ superseded
    fallback proposed ─┬─ approved ─┬─ done      (carried out at approval: plan B)
                       ├─ skipped   └─ failed    (carried out already, or impossible)
                       └─ superseded (a later run proposes it again)
    hold, warning: info

The values are the strings stored in `run_items.kind` and `run_items.status`.
`check_transition` refuses any move the table does not allow (`IllegalTransition`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from tijdig.domain.errors import RuleViolation
from tijdig.domain.refusals import Refusal


class RunItemKind(StrEnum):
    MESSAGE = "message"  # a proposed step: a reminder, a letter, a hand-over
    CALL = "call"  # a phone call the engine plans
    HOLD = "hold"  # why an invoice is held back
    WARNING = "warning"  # something a person should know (the run's own: no customer)
    FALLBACK = "fallback"  # plan B of a broken agreement: approval carries it out (S0-6)


class RunItemStatus(StrEnum):
    PROPOSED = "proposed"  # waits for a person
    APPROVED = "approved"  # a person (or auto-approval) said yes; not yet carried out
    SKIPPED = "skipped"  # a person said no
    SUPERSEDED = "superseded"  # a later run proposed again, or it was paid since the run
    DROPPED = "dropped"  # nothing in it was due any more on the send day
    QUEUED = "queued"  # rendered into the outbox
    SENT = "sent"  # released by the outbox
    FAILED = "failed"  # could not be carried out; the item's note says why
    INFO = "info"  # a hold or warning: nothing to decide
    DONE = "done"  # carried out as a task for a person


S = RunItemStatus

# Per kind: each status and the statuses it may move to. A status not listed is final.
TRANSITIONS: Mapping[RunItemKind, Mapping[RunItemStatus, frozenset[RunItemStatus]]] = {
    RunItemKind.MESSAGE: {
        S.PROPOSED: frozenset({S.APPROVED, S.SKIPPED, S.SUPERSEDED}),
        S.APPROVED: frozenset({S.QUEUED, S.DONE, S.FAILED, S.SUPERSEDED, S.DROPPED}),
        S.QUEUED: frozenset({S.SENT, S.APPROVED}),
    },
    RunItemKind.CALL: {
        S.PROPOSED: frozenset({S.APPROVED, S.SKIPPED, S.SUPERSEDED}),
        S.APPROVED: frozenset({S.DONE, S.FAILED}),
    },
    RunItemKind.FALLBACK: {
        S.PROPOSED: frozenset({S.APPROVED, S.SKIPPED, S.SUPERSEDED}),
        S.APPROVED: frozenset({S.DONE, S.FAILED}),
    },
    RunItemKind.HOLD: {},
    RunItemKind.WARNING: {},
}

# The kinds a person decides on (approve or skip), and what each decision makes of them.
DECIDED_KINDS = (RunItemKind.MESSAGE, RunItemKind.CALL, RunItemKind.FALLBACK)
DECISIONS: Mapping[str, RunItemStatus] = {"approve": S.APPROVED, "skip": S.SKIPPED}
# Statuses an item can still leave or has left by a decision: all but `info`.
DECIDABLE = tuple(status for status in RunItemStatus if status is not S.INFO)


class IllegalTransition(RuleViolation):
    """A run item cannot move from its status to the one asked for."""

    def __init__(self, kind: RunItemKind, current: RunItemStatus, wanted: RunItemStatus) -> None:
        super().__init__(Refusal.ILLEGAL_TRANSITION, kind=kind.value, current=current.value,
                         wanted=wanted.value)  # fmt: skip
        self.kind = kind
        self.current = current
        self.wanted = wanted


def initial_status(kind: RunItemKind, *, auto_approved: bool = False) -> RunItemStatus:
    """The status an item is stored with: holds and warnings inform, the rest wait for a
    person unless the policy approves the step itself."""
    if kind in (RunItemKind.HOLD, RunItemKind.WARNING):
        return S.INFO
    return S.APPROVED if auto_approved and kind is RunItemKind.MESSAGE else S.PROPOSED


def allowed(kind: RunItemKind, current: RunItemStatus, wanted: RunItemStatus) -> bool:
    return wanted in TRANSITIONS[kind].get(current, frozenset())


def check_transition(kind: RunItemKind, current: RunItemStatus, wanted: RunItemStatus) -> None:
    """Refuse a move the table does not allow."""
    if not allowed(kind, current, wanted):
        raise IllegalTransition(kind, current, wanted)


def sources(kind: RunItemKind, wanted: RunItemStatus) -> tuple[RunItemStatus, ...]:
    """The statuses from which an item of `kind` may become `wanted` (for a
    compare-and-set update: an item moved meanwhile by someone else stays)."""
    return tuple(status for status, targets in TRANSITIONS[kind].items() if wanted in targets)
