"""The policy form (domain/collection/policy_form.py): what a person types becomes the
same checked `Policy` the TOML reader makes, and every refusal names the row and the
column; a form shown from a policy and read back gives the policy again, and through
TOML too."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy import Basis, StepChannel
from tijdig.domain.collection.policy_form import (
    RuleRow,
    form_of,
    policy_from_form,
    rules_from_form,
    with_policy,
    with_rules,
)
from tijdig.domain.collection.policy_toml import (
    default_policy_set,
    dump_policy_set,
    load_policy_set,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

DEFAULTS = default_policy_set()


@pytest.mark.parametrize("code", [p.code for p in DEFAULTS.policies])
def test_a_policy_shown_in_the_form_and_read_back_is_the_same_policy(code: str) -> None:
    policy = DEFAULTS.policy(code)
    assert policy_from_form(form_of(policy), policy) == policy


def test_a_form_saved_as_toml_loads_back_as_the_form_said() -> None:
    policy = DEFAULTS.policy("nl_business")
    form = form_of(policy)
    steps = list(form.steps)
    steps[1] = replace(steps[1], days="12", channel="letter", friendly=False)
    edited = replace(form, steps=tuple(steps), min_amount="1.234,50", min_interval_days="5")
    changed = with_policy(DEFAULTS, policy_from_form(edited, policy))
    back = load_policy_set(dump_policy_set(changed)).policy("nl_business")
    assert (back.steps[1].days, back.steps[1].channel, back.steps[1].friendly) == (
        12, StepChannel.LETTER, False)  # fmt: skip
    assert (back.min_amount, back.min_interval_days) == (Decimal("1234.50"), 5)
    assert form_of(back) == replace(edited, min_amount="1234.50")


def test_a_new_step_is_added_from_the_blank_row() -> None:
    policy = DEFAULTS.policy("other")
    form = form_of(policy)
    extra = replace(form.steps[-1], key="last_call", basis="after_previous", days="7",
                    channel="call", template="reminder", hand_over=False)  # fmt: skip
    added = policy_from_form(replace(form, steps=(*form.steps, extra)), policy)
    assert added.steps[-1].key == "last_call" and added.steps[-1].basis is Basis.AFTER_PREVIOUS


@pytest.mark.parametrize(
    ("row", "column", "value", "code"),
    [
        (2, "days", "soon", Refusal.NOT_A_NUMBER),
        (2, "days", "400", Refusal.BETWEEN),
        (1, "days", "-3", Refusal.BETWEEN),
        (3, "channel", "pigeon", Refusal.ONE_OF),
        (1, "key", "first step!", Refusal.STEP_KEY_FORM),
        (2, "key", "friendly", Refusal.STEP_KEYS_UNIQUE),
        (1, "basis", "after_previous", Refusal.FIRST_STEP_FOLLOWS),
        (3, "channel", "sms", Refusal.NOTICE_DURABLE),
        (3, "basis", "before_due", Refusal.NOTICE_BEFORE_DUE),
        (3, "announces_costs", False, Refusal.NOTICE_ANNOUNCES_COSTS),
        (3, "claims_costs", True, Refusal.COSTS_BEFORE_14_DAY_LETTER),
        (2, "friendly", True, Refusal.FRIENDLY_STEP_CLAIMS),
        (4, "template", " ", Refusal.IS_EMPTY),
    ],
)  # fmt: skip
def test_a_refused_step_names_its_row_and_column(
    row: int, column: str, value: object, code: Refusal
) -> None:
    policy = DEFAULTS.policy("nl_consumer")
    form = form_of(policy)
    steps = list(form.steps)
    steps[row - 1] = replace(steps[row - 1], **{column: value})
    if column == "friendly":  # a friendly step that claims: the claim is the mistake seen
        steps[row - 1] = replace(steps[row - 1], claims_interest=True)
        column = "friendly"
    with pytest.raises(InvalidValue) as refused:
        policy_from_form(replace(form, steps=tuple(steps)), policy)
    assert (refused.value.code, refused.value.field, refused.value.params["row"]) == (
        code, column, row)  # fmt: skip


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [("name", " ", Refusal.IS_EMPTY), ("min_interval_days", "a week", Refusal.NOT_A_NUMBER),
     ("min_amount", "ten", Refusal.NOT_AN_AMOUNT), ("min_amount", "-5", Refusal.NEGATIVE)],
)  # fmt: skip
def test_a_refused_policy_field_is_named_without_a_row(
    column: str, value: str, code: Refusal
) -> None:
    policy = DEFAULTS.policy("be_business")
    with pytest.raises(InvalidValue) as refused:
        policy_from_form(replace(form_of(policy), **{column: value}), policy)
    expected = "policy_name" if column == "name" else column
    assert (refused.value.code, refused.value.field) == (code, expected)
    assert "row" not in refused.value.params


def test_a_policy_without_steps_is_refused() -> None:
    policy = DEFAULTS.policy("other")
    with pytest.raises(InvalidValue) as refused:
        policy_from_form(replace(form_of(policy), steps=()), policy)
    assert (refused.value.code, refused.value.field) == (Refusal.POLICY_NO_STEPS, "steps")


def test_segment_rules_are_read_and_a_blank_row_left_out() -> None:
    rows = (RuleRow("nl_consumer", "consumer", "nl", "", "", ""),
            RuleRow("", "", "", "", "", ""),
            RuleRow("other", "", "", "B", "2.500,00", "yes"))  # fmt: skip
    rules = rules_from_form(rows, DEFAULTS)
    assert [(r.policy, r.kind, r.country) for r in rules] == [
        ("nl_consumer", "consumer", "NL"), ("other", None, None)]  # fmt: skip
    assert (rules[1].risk_class, rules[1].min_amount, rules[1].payable_on_receipt) == (
        "B", Decimal("2500.00"), True)  # fmt: skip
    back = load_policy_set(dump_policy_set(with_rules(DEFAULTS, rules)))
    assert back.rules == rules


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [(RuleRow("nope"), "rule_policy", Refusal.RULE_UNKNOWN_POLICY),
     (RuleRow("other", kind="alien"), "rule_kind", Refusal.ONE_OF),
     (RuleRow("other", country="NLD"), "rule_country", Refusal.NOT_A_COUNTRY),
     (RuleRow("other", min_amount="lots"), "rule_min_amount", Refusal.NOT_AN_AMOUNT),
     (RuleRow("other", payable_on_receipt="maybe"), "payable_on_receipt", Refusal.ONE_OF)],
)  # fmt: skip
def test_a_refused_rule_names_its_row_and_column(row: RuleRow, column: str, code: Refusal) -> None:
    with pytest.raises(InvalidValue) as refused:
        rules_from_form((RuleRow("nl_business"), row), DEFAULTS)
    assert (refused.value.code, refused.value.field, refused.value.params["row"]) == (
        code, column, 2)  # fmt: skip
