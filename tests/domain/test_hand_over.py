"""A hand-over case's statuses: what may follow what, and that giving a case the status
it has is no change (so an agency's file read twice changes nothing)."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.domain.errors import RuleViolation
from tijdig.domain.hand_over import NEXT, CaseStatus, HandOverCase, case_reference, check_change

S = CaseStatus


def _case(status: CaseStatus) -> HandOverCase:
    return HandOverCase("K1", "HO000007", date(2026, 2, 27), "no answer", True, status)


@pytest.mark.parametrize("current", list(CaseStatus))
@pytest.mark.parametrize("wanted", list(CaseStatus))
def test_a_status_follows_only_as_the_table_allows(current: S, wanted: S) -> None:
    case = _case(current)
    if wanted is current:
        assert check_change(case, wanted) is False
    elif wanted in NEXT[current]:
        assert check_change(case, wanted) is True
    else:
        with pytest.raises(RuleViolation) as refused:
            check_change(case, wanted)
        assert str(refused.value) == (
            f"case HO000007 is {current.value}: it cannot become {wanted.value}"
        )


def test_closed_and_returned_are_final_and_nothing_goes_back_to_handed_over() -> None:
    assert NEXT[S.CLOSED] == NEXT[S.RETURNED] == frozenset()
    assert all(S.HANDED_OVER not in following for following in NEXT.values())


def test_only_a_returned_case_gives_the_customer_back_to_dunning() -> None:
    assert [s for s in CaseStatus if not _case(s).stops_dunning] == [S.RETURNED]
    assert [s for s in CaseStatus if not _case(s).is_open] == [S.CLOSED, S.RETURNED]


@pytest.mark.parametrize(("case_id", "reference"), [(1, "HO000001"), (1234567, "HO1234567")])
def test_the_reference_the_agency_quotes(case_id: int, reference: str) -> None:
    assert case_reference(case_id) == reference
