"""The run item's life: every (kind, status, status) is either in the table below,
written out by hand from what the services do, or refused."""

from __future__ import annotations

from itertools import product

import pytest

from tijdig.domain.collection.run_items import (
    DECIDABLE,
    IllegalTransition,
    RunItemKind,
    RunItemStatus,
    allowed,
    check_transition,
    initial_status,
    sources,
)
from tijdig.domain.errors import RuleViolation

K, S = RunItemKind, RunItemStatus
DECIDED = {  # what a person's decision and a later run do to a proposal
    (S.PROPOSED, S.APPROVED), (S.PROPOSED, S.SKIPPED), (S.PROPOSED, S.SUPERSEDED),
}  # fmt: skip
MOVES = {
    K.MESSAGE: DECIDED
    | {
        (S.APPROVED, S.QUEUED),  # rendered into the outbox
        (S.APPROVED, S.DONE),  # a hand-over or call step: a task
        (S.APPROVED, S.FAILED),  # could not be worked out or rendered
        (S.APPROVED, S.SUPERSEDED),  # paid since the run
        (S.APPROVED, S.DROPPED),  # nothing due any more
        (S.QUEUED, S.SENT),  # handed over
        (S.QUEUED, S.APPROVED),  # expired unsent: worked out again
    },
    K.CALL: DECIDED | {(S.APPROVED, S.DONE), (S.APPROVED, S.FAILED)},
    K.FALLBACK: DECIDED | {(S.APPROVED, S.DONE), (S.APPROVED, S.FAILED)},  # plan B
    K.HOLD: set(),
    K.WARNING: set(),
}


def test_the_values_are_the_strings_stored_today() -> None:
    assert [k.value for k in RunItemKind] == ["message", "call", "hold", "warning", "fallback"]
    assert {s.value for s in RunItemStatus} == {
        "proposed", "approved", "skipped", "superseded", "dropped", "queued", "sent",
        "failed", "info", "done",
    }  # fmt: skip
    assert set(DECIDABLE) == set(RunItemStatus) - {S.INFO}


@pytest.mark.parametrize("kind", list(RunItemKind))
def test_every_pair_of_statuses_is_allowed_or_refused(kind: RunItemKind) -> None:
    for current, wanted in product(RunItemStatus, RunItemStatus):
        legal = (current, wanted) in MOVES[kind]
        assert allowed(kind, current, wanted) is legal, (kind, current, wanted)
        if legal:
            check_transition(kind, current, wanted)
            assert current in sources(kind, wanted)
            continue
        assert current not in sources(kind, wanted)
        with pytest.raises(IllegalTransition) as refused:
            check_transition(kind, current, wanted)
        assert isinstance(refused.value, RuleViolation)
        assert (refused.value.kind, refused.value.current, refused.value.wanted) == (
            kind, current, wanted)  # fmt: skip
        assert str(refused.value) == f"a {kind} item that is {current} cannot become {wanted}"


def test_nothing_leaves_a_final_status_and_nothing_stays_put() -> None:
    for kind, status in product(RunItemKind, RunItemStatus):
        assert not allowed(kind, status, status)
    for kind in RunItemKind:
        for final in (S.SKIPPED, S.SENT, S.DONE, S.FAILED, S.DROPPED, S.SUPERSEDED, S.INFO):
            assert not any(allowed(kind, final, wanted) for wanted in RunItemStatus)


def test_an_item_starts_as_its_kind_says() -> None:
    assert initial_status(K.MESSAGE) is S.PROPOSED
    assert initial_status(K.MESSAGE, auto_approved=True) is S.APPROVED
    assert initial_status(K.CALL) is S.PROPOSED
    assert initial_status(K.CALL, auto_approved=True) is S.PROPOSED  # only steps auto-approve
    assert initial_status(K.HOLD) is S.INFO
    assert initial_status(K.WARNING, auto_approved=True) is S.INFO
