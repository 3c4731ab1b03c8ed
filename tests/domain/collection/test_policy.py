"""Policies are checked when loaded: TOML round trip, unknown keys, legal order."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.collection.policy import (
    Basis,
    LegalNotice,
    Policy,
    PolicySet,
    SegmentRule,
    Step,
    StepChannel,
)
from tijdig.domain.collection.policy_toml import (
    default_policy_set,
    dump_policy_set,
    load_policy_set,
)
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.parties import CustomerKind

TEMPLATES = {
    "reminder_friendly", "reminder", "formal_demand", "notice_of_default",
    "nl_14_day_letter", "be_first_reminder", "hand_over",
}  # fmt: skip

MINIMAL = """
[[policies]]
code = "p"
name = "P"
[[policies.steps]]
key = "reminder"
basis = "after_due"
days = 7
channel = "email"
template = "reminder"
"""


def _toml(**values: object) -> str:
    """A step table: the required keys (overridable) and any extra ones."""
    base: dict[str, object] = {
        "key": "x", "basis": "after_due", "days": 9, "channel": "email", "template": "t",
    }  # fmt: skip
    base.update(values)
    lines = [f"{k} = {v!r}" for k, v in base.items() if v is not None]
    return "\n".join(lines).replace("'", '"').replace("= True", "= true") + "\n"


def _with_step(extra: str, *, consumer: bool = False) -> str:
    head = MINIMAL.replace(
        'name = "P"', f'name = "P"\nconsumer = {str(consumer).lower()}\ncountry = "NL"'
    )
    return head + "[[policies.steps]]\n" + extra


def test_the_defaults_load_and_name_only_known_templates() -> None:
    ps = default_policy_set()
    assert [p.code for p in ps.policies] == [
        "nl_business", "nl_consumer", "be_business", "be_consumer", "other",
    ]  # fmt: skip
    assert {s.template for p in ps.policies for s in p.steps} == TEMPLATES
    assert default_policy_set() is ps  # cached


def test_the_defaults_survive_a_round_trip_exactly() -> None:
    ps = default_policy_set()
    text = dump_policy_set(ps)
    assert load_policy_set(text) == ps
    assert dump_policy_set(load_policy_set(text)) == text


def test_the_nl_consumer_default_claims_costs_only_after_the_14_day_letter() -> None:
    policy = default_policy_set().policy("nl_consumer")
    keys = [s.key for s in policy.steps]
    assert keys == ["friendly", "reminder", "fourteen_day_letter", "costs_claim", "hand_over"]
    letter = policy.steps[2]
    assert letter.legal_notice is LegalNotice.NL_FOURTEEN_DAY_LETTER
    assert letter.announces_costs and not letter.claims_costs
    assert policy.steps[3].claims_costs


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            _toml(claim_costs=True),
            "key 'claim_costs'",
        ),
        (
            _toml(basis="later"),
            "'later' is not one of",
        ),
        (
            _toml(days="9"),
            "whole number",
        ),
        (
            _toml(template=None),
            "key 'template': is missing",
        ),
    ],
)
def test_a_bad_step_is_refused_naming_policy_step_and_key(extra: str, message: str) -> None:
    with pytest.raises(InvalidValue) as error:
        load_policy_set(_with_step(extra))
    assert "policy 'p'" in str(error.value)
    assert message in str(error.value)


def test_an_unknown_key_is_refused_with_the_known_keys() -> None:
    text = MINIMAL.replace('name = "P"', 'name = "P"\nminimum = "5"')
    with pytest.raises(InvalidValue, match=r"policy 'p', key 'minimum': unknown key; known keys"):
        load_policy_set(text)
    with pytest.raises(InvalidValue, match="policy set, key 'policy'"):
        load_policy_set("policy = 1\n" + MINIMAL)
    with pytest.raises(InvalidValue, match="rule #1, key 'segment'"):
        load_policy_set(MINIMAL + '[[rules]]\npolicy = "p"\nsegment = "x"\n')


def test_a_first_step_cannot_follow_a_previous_step() -> None:
    text = MINIMAL.replace('basis = "after_due"', 'basis = "after_previous"')
    with pytest.raises(RuleViolation, match="first step cannot follow a previous step"):
        load_policy_set(text)
    with pytest.raises(RuleViolation, match="first step"):
        Policy("p", "P", (Step("a", Basis.END_OF_MONTH, 0, StepChannel.EMAIL, "reminder"),))


def test_a_consumer_policy_cannot_charge_costs_before_a_14_day_letter() -> None:
    extra = _toml(key="costs", days=30, channel="letter", claims_costs=True)
    with pytest.raises(RuleViolation, match="14-day letter"):
        load_policy_set(_with_step(extra, consumer=True))
    load_policy_set(_with_step(extra, consumer=False))  # a business may be charged


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            _toml(channel="sms", legal_notice="nl_14_day_letter", announces_costs=True),
            "durable medium",
        ),
        (
            _toml(basis="before_due", legal_notice="notice_of_default"),
            "before the due date",
        ),
        (
            _toml(channel="letter", legal_notice="nl_14_day_letter"),
            "must announce the costs",
        ),
        (
            _toml(friendly=True, claims_costs=True),
            "step 'x': step x: a friendly step",
        ),
    ],
)
def test_a_legal_notice_is_checked_when_loaded(extra: str, message: str) -> None:
    with pytest.raises(RuleViolation, match=message):
        load_policy_set(_with_step(extra))


def test_broken_toml_and_amounts_are_refused() -> None:
    with pytest.raises(InvalidValue, match="policy TOML"):
        load_policy_set("[[policies]\n")
    with pytest.raises(InvalidValue, match="quoted string"):
        load_policy_set(MINIMAL.replace('name = "P"', 'name = "P"\nmin_amount = 10.5'))
    with pytest.raises(InvalidValue, match="not an amount"):
        load_policy_set(MINIMAL.replace('name = "P"', 'name = "P"\nmin_amount = "ten"'))
    with pytest.raises(RuleViolation, match="unknown policy 'q'"):
        load_policy_set(MINIMAL + '[[rules]]\npolicy = "q"\n')


_steps = st.lists(
    st.builds(
        Step,
        key=st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
        basis=st.sampled_from([Basis.AFTER_DUE, Basis.AFTER_ISSUE, Basis.AFTER_PREVIOUS]),
        days=st.integers(0, 90),
        channel=st.sampled_from(list(StepChannel)),
        template=st.sampled_from(sorted(TEMPLATES)),
        hand_over=st.booleans(),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda s: s.key,
).filter(lambda steps: steps[0].basis is not Basis.AFTER_PREVIOUS)


@given(
    steps=_steps,
    min_amount=st.decimals("0", "1000", places=2),
    kind=st.none() | st.sampled_from(list(CustomerKind)),
    receipt=st.none() | st.booleans(),
)
def test_any_valid_policy_set_round_trips(
    steps: list[Step], min_amount: Decimal, kind: CustomerKind | None, receipt: bool | None
) -> None:
    policy = Policy("p", "P", tuple(steps), min_amount=min_amount, country="BE")
    rule = SegmentRule("p", kind=kind, payable_on_receipt=receipt, min_amount=min_amount)
    ps = PolicySet((policy,), (rule,), version="7")
    assert load_policy_set(dump_policy_set(ps)) == ps
