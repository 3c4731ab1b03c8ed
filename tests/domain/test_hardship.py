"""A debtor's hardship status: active from its day up to the day it ended."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.domain.errors import InvalidValue
from tijdig.domain.hardship import (
    HardshipKind,
    HardshipStatus,
    active_on,
    parse_kind,
    task_text,
)

SINCE = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("ended_on", "as_of", "active"),
    [
        (None, date(2026, 9, 30), False),  # not yet begun
        (None, SINCE, True),
        (None, date(2027, 6, 1), True),
        (date(2026, 11, 1), date(2026, 10, 31), True),
        (date(2026, 11, 1), date(2026, 11, 1), False),  # ended that day: collection resumes
        (SINCE, SINCE, False),  # begun and ended on one day: never active
    ],
)
def test_a_status_is_active_from_its_day_until_the_day_it_ended(
    ended_on: date | None, as_of: date, active: bool
) -> None:
    status = HardshipStatus("K1", HardshipKind.WSNP, SINCE, "ruling", ended_on=ended_on)
    assert status.is_active(as_of) is active


def test_the_active_status_is_the_latest_begun() -> None:
    ended = HardshipStatus("K1", HardshipKind.DEBT_COUNSELLING, date(2026, 3, 1), "letter",
                           ended_on=SINCE)  # fmt: skip
    wsnp = HardshipStatus("K1", HardshipKind.WSNP, SINCE, "ruling")
    assert active_on([ended, wsnp], date(2026, 5, 1)) == ended
    assert active_on([ended, wsnp], SINCE) == wsnp
    assert active_on([ended, wsnp], date(2026, 2, 1)) is None


@pytest.mark.parametrize(
    ("evidence", "file", "ended_on", "field"),
    [
        ("  ", None, None, "evidence"),
        ("x" * 2001, None, None, "evidence"),
        ("letter", " ", None, "evidence_file"),
        ("letter", None, date(2026, 9, 30), "ended_on"),
    ],
)
def test_a_status_needs_its_evidence_and_ends_after_it_began(
    evidence: str, file: str | None, ended_on: date | None, field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        HardshipStatus("K1", HardshipKind.BANKRUPTCY, SINCE, evidence, file, ended_on)
    assert refused.value.field == field


def test_a_kind_is_read_from_its_code_and_an_unknown_one_lists_them() -> None:
    assert parse_kind(" WSNP ") is HardshipKind.WSNP
    with pytest.raises(InvalidValue, match="debt_counselling, wsnp"):
        parse_kind("broke")


def test_a_task_text_is_one_line_of_at_most_300_characters() -> None:
    assert task_text("  Meld de vordering\n aan bij de curator. ") == (
        "Meld de vordering aan bij de curator."
    )
    with pytest.raises(InvalidValue):
        task_text(" \n ")
    with pytest.raises(InvalidValue):
        task_text("x" * 301)
