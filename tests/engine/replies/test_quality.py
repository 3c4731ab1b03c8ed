"""The classification measured on the labelled set (tests/engine/replies/labelled/): 208
replies in Dutch, English and French and 12 auto-replies, written before the rules and
never used to tune them. Prints per-kind precision and recall and the confusion matrix;
fails when a "paid" or a "promise" is right less than 9 times in 10: a wrong one would
hold reminders that should go. A promise counts as right only with the right day.

The customer's language is passed as the hint, as the mailbox reader will (it knows the
customer, or the language of the message it answered)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.engine.replies.corpus import HERE, Case, labelled, read
from tijdig.engine.replies import Classification, ReplyKind, classify_reply, is_auto_reply

pytestmark = pytest.mark.quality

KINDS = [kind.value for kind in ReplyKind]


def _outcomes(cases: list[Case] | None = None) -> list[tuple[Case, Classification]]:
    return [
        (case, classify_reply(case.message(), received_on=case.received_on, language=case.language))
        for case in (labelled() if cases is None else cases)
        if case.kind != "auto"
    ]


def _got(case: Case, result: Classification) -> str:
    """The kind as scored: a promise with the wrong day is no right promise."""
    if result.kind is ReplyKind.PROMISE and result.promised_on != case.promised_on:
        return "promise (wrong day)" if case.kind == "promise" else result.kind.value
    return result.kind.value


def _right(case: Case, result: Classification) -> bool:
    return _got(case, result) == case.kind


def _table(outcomes: list[tuple[Case, Classification]]) -> dict[str, tuple[float, float, int]]:
    """Per kind: precision (of the replies given that kind, how many have it; a promise
    with the wrong day is a wrong promise), recall, and how many were given it."""
    figures: dict[str, tuple[float, float, int]] = {}
    for kind in KINDS:
        said = [(c, r) for c, r in outcomes if r.kind.value == kind]
        truly = [(c, r) for c, r in outcomes if c.kind == kind]
        precision = sum(_right(c, r) for c, r in said) / len(said) if said else 1.0
        recall = sum(_right(c, r) for c, r in truly) / len(truly) if truly else 1.0
        figures[kind] = (precision, recall, len(said))
    return figures


def _print(outcomes: list[tuple[Case, Classification]]) -> None:
    figures = _table(outcomes)
    columns = [*KINDS, "promise (wrong day)"]
    matrix = Counter((case.kind, _got(case, result)) for case, result in outcomes)
    print(f"\n{len(outcomes)} labelled replies")
    print(f"{'kind':<14}{'precision':>10}{'recall':>8}{'said':>6}")
    for kind, (precision, recall, said) in figures.items():
        print(f"{kind:<14}{precision:>10.2f}{recall:>8.2f}{said:>6}")
    print("confusion (rows: labelled, columns: classified)")
    print(" " * 14 + "".join(f"{c[:9]:>10}" for c in columns))
    for kind in KINDS:
        print(f"{kind:<14}" + "".join(f"{matrix[(kind, c)]:>10}" for c in columns))
    disputes = [(c, r) for c, r in outcomes if c.kind == r.kind.value == "dispute"]
    same = sum(c.reason == r.dispute_reason for c, r in disputes)
    print(f"dispute reason as labelled: {same} of {len(disputes)} disputes found")
    wrong = [(c, r) for c, r in outcomes if not _right(c, r)]
    print("wrong:", ", ".join(f"{c.id} {c.kind}->{_got(c, r)}" for c, r in wrong))


def test_paid_and_promise_are_right_at_least_nine_times_in_ten() -> None:
    outcomes = _outcomes()
    assert len(outcomes) >= 200
    _print(outcomes)
    figures = _table(outcomes)
    assert figures["paid"][0] >= 0.9, figures["paid"]
    assert figures["promise"][0] >= 0.9, figures["promise"]


def test_every_kind_is_found_in_the_labelled_set() -> None:
    """Not a quality bar: a kind the rules never say would make its precision 1.0 by
    saying nothing; each kind must be said at least a few times."""
    figures = _table(_outcomes())
    assert all(said >= 5 for _precision, _recall, said in figures.values()), figures


def test_auto_replies_are_recognised_and_replies_are_not() -> None:
    cases = labelled()
    auto = [c for c in cases if c.kind == "auto"]
    replies = [c for c in cases if c.kind != "auto"]
    found = [c.id for c in auto if is_auto_reply(c.message())]
    mistaken = [c.id for c in replies if is_auto_reply(c.message())]
    print(
        f"\nauto-replies recognised: {len(found)} of {len(auto)}; replies taken for one: {mistaken}"
    )
    assert not mistaken
    assert len(found) >= len(auto) - 1


def test_the_late_set_keeps_paid_and_promise_right() -> None:
    """The 55 messier replies written after the rules were frozen (labelled_late/). Its
    first measurement, before any rule was changed for it, is in its header: recall fell
    to about half on phrasing the rules had not seen, "paid" precision to 0.86. The rules
    were extended from its misses since, so it is now held to the same bar as the
    development examples would be, and printed for comparison."""
    outcomes = _outcomes(read(HERE / "labelled_late" / "late.txt"))
    _print(outcomes)
    figures = _table(outcomes)
    assert figures["paid"][0] >= 0.9 and figures["promise"][0] >= 0.9, figures
