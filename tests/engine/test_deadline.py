"""The deadline a message states ("uiterlijk op"), worked out by hand per rule."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.domain.collection.policy import Step, StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.engine.deadline import deadline_of, stated_deadline

POLICIES = default_policy_set()
NL_CONSUMER = POLICIES.policy("nl_consumer")
BE_CONSUMER = POLICIES.policy("be_consumer")
NL_BUSINESS = POLICIES.policy("nl_business")


def _step(policy_code: str, key: str) -> Step:
    policy = POLICIES.policy(policy_code)
    return policy.steps[policy.index_of(key)]


DUE = date(2026, 2, 27)


@pytest.mark.parametrize(
    ("policy", "key", "sent", "channel", "following", "expected"),
    [
        # A pre-due reminder asks payment by the due date itself.
        ("nl_business", "friendly", date(2026, 2, 24), "email", [], DUE),
        # NL 14-day letter (LEGAL.md): posted Thu 22 Oct 2026, delivered Sat 24 Oct, 14
        # days to Sat 7 Nov, moved under the Atw to Mon 9 Nov. Posted Tue 27 Oct: delivered
        # Thu 29 Oct, last day Thu 12 Nov. E-mailed Tue 3 March: last day 17 March.
        ("nl_consumer", "fourteen_day_letter", date(2026, 10, 22), "letter", [],
         date(2026, 11, 9)),
        ("nl_consumer", "fourteen_day_letter", date(2026, 10, 27), "letter", [],
         date(2026, 11, 12)),
        ("nl_consumer", "fourteen_day_letter", date(2026, 3, 3), "email", [], date(2026, 3, 17)),
        # BE first reminder posted Fri 20 Feb: the term starts on the 3rd working day
        # (Wed 25 Feb) and ends on 10 March; e-mailed, it runs 21 Feb to 6 March.
        ("be_consumer", "first_reminder", date(2026, 2, 20), "letter", [], date(2026, 3, 10)),
        ("be_consumer", "first_reminder", date(2026, 2, 20), "email", [], date(2026, 3, 6)),
        # Other messages: the day before the next step, between 7 and 14 days.
        ("nl_business", "reminder", date(2026, 3, 6), "email", [date(2026, 3, 20)],
         date(2026, 3, 19)),
        ("nl_business", "reminder", date(2026, 3, 6), "email",
         [date(2026, 3, 24), date(2026, 3, 20)], date(2026, 3, 19)),
        ("nl_business", "reminder", date(2026, 3, 6), "email", [date(2026, 3, 9)],
         date(2026, 3, 13)),
        ("nl_business", "reminder", date(2026, 3, 6), "email", [date(2026, 5, 1)],
         date(2026, 3, 20)),
        ("nl_business", "notice_of_default", date(2026, 4, 7), "letter", [], date(2026, 4, 21)),
        # A hand-over is a task for a person: no deadline.
        ("nl_business", "hand_over", date(2026, 4, 21), "letter", [], None),
    ],
)  # fmt: skip
def test_the_deadline_a_message_states(
    policy: str, key: str, sent: date, channel: str, following: list[date], expected: date | None
) -> None:
    step = _step(policy, key)
    found = stated_deadline(
        step, sent_on=sent, channel=StepChannel(channel), first_due=DUE, next_steps_on=following
    )
    assert found == expected


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        (StepTaken("F1", "reminder", date(2026, 3, 6), "email", date(2026, 3, 19)),
         date(2026, 3, 19)),
        # Before deadlines were stored a message said 14 days, or the next step's days
        # when it counted from this one.
        (StepTaken("F1", "reminder", date(2026, 3, 6), "email"), date(2026, 3, 20)),
        (StepTaken("F1", "notice_of_default", date(2026, 4, 7), "letter"), date(2026, 4, 21)),
        (StepTaken("F1", "hand_over", date(2026, 4, 22), "task"), None),
        (StepTaken("F1", "gone", date(2026, 4, 22), "email"), None),
    ],
)  # fmt: skip
def test_the_deadline_of_a_step_taken(taken: StepTaken, expected: date | None) -> None:
    assert deadline_of(taken, NL_BUSINESS, due_date=DUE) == expected
