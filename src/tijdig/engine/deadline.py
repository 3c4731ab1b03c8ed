"""The day a message asks payment by ("uiterlijk op"), and when the next step may follow.

A message states a deadline; the next step of its invoices comes on the day after that
deadline at the earliest, whatever the policy's own day for it (a reminder saying
"uiterlijk op 6 maart" is never followed by a letter dated 6 March).

- A pre-due reminder asks payment by the due date itself.
- A 14-day letter (NL) or first reminder (BE) asks payment by the last day of its legal
  term, counted from the day it is sent by the channel it goes by.
- Any other message asks payment by the day before the policy's next step for its
  invoices (the earliest of them), so the ladder keeps the policy's rhythm; but never
  in fewer than `MIN_PAY_DAYS` nor more than `DEFAULT_PAY_DAYS` days (then the next
  step waits for the deadline). With no next step: `DEFAULT_PAY_DAYS`.
- A hand-over or a call is a task for a person, not a message: no deadline.

The deadline is stored with each step taken (`StepTaken.deadline`). A record from
before it was stored gets the deadline its message stated then: `DEFAULT_PAY_DAYS`
(or the next step's days when it counts from this one) after it was sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from tijdig.domain.collection.policy import Basis, Policy, Step, StepChannel
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.legal import law_of_notice, terms

MIN_PAY_DAYS = 7
DEFAULT_PAY_DAYS = 14
ONE_DAY = timedelta(days=1)


def term_channel(channel: StepChannel | str) -> terms.NoticeDelivery:
    """E-mail counts as e-mail; anything else as post (the later, safer date)."""
    return (
        terms.NoticeDelivery.EMAIL
        if str(channel) == StepChannel.EMAIL.value
        else terms.NoticeDelivery.POST
    )


def next_step(step: Step, policy: Policy | None) -> Step | None:
    """The step after `step` in the policy, or None at its end (or without a policy)."""
    if policy is None:
        return None
    index = policy.index_of(step.key)
    following = policy.steps[index + 1 : index + 2]
    return following[0] if following else None


def _fixed(
    step: Step, *, sent_on: date, channel: StepChannel | str, first_due: date
) -> date | None:
    """The deadlines the law or the due date fix; None for the others."""
    law = law_of_notice(step.legal_notice)
    if law is not None:
        return law.reminder_term(sent_on, term_channel(channel)).last_day
    if step.basis is Basis.BEFORE_DUE:
        return first_due
    return None


def stated_deadline(
    step: Step,
    *,
    sent_on: date,
    channel: StepChannel | str,
    first_due: date,
    next_steps_on: Iterable[date] = (),
) -> date | None:
    """The last day a message of `step`, sent on `sent_on` by `channel`, asks payment
    by. `first_due`: the earliest due date among its invoices; `next_steps_on`: the
    days the policy plans the next step of each of its invoices. None: no deadline."""
    if step.hand_over or step.channel is StepChannel.CALL:
        return None
    fixed = _fixed(step, sent_on=sent_on, channel=channel, first_due=first_due)
    if fixed is not None:
        return fixed
    latest = sent_on + timedelta(days=DEFAULT_PAY_DAYS)
    earliest_next = min(next_steps_on, default=None)
    if earliest_next is None:
        return latest
    return min(latest, max(sent_on + timedelta(days=MIN_PAY_DAYS), earliest_next - ONE_DAY))


def deadline_of(taken: StepTaken, policy: Policy, *, due_date: date) -> date | None:
    """The deadline a step taken stated: stored, else as its message stated it before
    deadlines were stored (`legacy_deadline`)."""
    if taken.deadline is not None:
        return taken.deadline
    step = next((s for s in policy.steps if s.key == taken.step_key), None)
    if step is None:
        return None
    return legacy_deadline(
        step, policy, sent_on=taken.taken_on, channel=taken.channel, first_due=due_date
    )


def legacy_deadline(
    step: Step, policy: Policy | None, *, sent_on: date, channel: StepChannel | str, first_due: date
) -> date | None:
    """What a message stated before the engine gave it a deadline: the legal term or due
    date, else the next step's days when it counts from this one, else 14 days."""
    if step.hand_over or step.channel is StepChannel.CALL:
        return None
    fixed = _fixed(step, sent_on=sent_on, channel=channel, first_due=first_due)
    if fixed is not None:
        return fixed
    following = next_step(step, policy)
    days = DEFAULT_PAY_DAYS
    if following and following.basis is Basis.AFTER_PREVIOUS and following.days:
        days = following.days
    return sent_on + timedelta(days=days)


def not_before_deadline(on: date, previous: StepTaken | None, policy: Policy, due: date) -> date:
    """`on`, or the day after the previous step's deadline when that is later."""
    if previous is None:
        return on
    deadline = deadline_of(previous, policy, due_date=due)
    return on if deadline is None else max(on, deadline + ONE_DAY)
