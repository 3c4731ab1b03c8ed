"""A policy and the segment rules as a person edits them in a form: one row per step,
one row per rule, every value as typed.

Why apart from `policy_toml.py`: the TOML reader names a place in a file ("policy 'x',
step 'y', key 'days'") for an expert; a form names the row and the column the person
sees. Both end in the same checked values (`Policy`, `SegmentRule`, `check_step`), and
both are stored as TOML by the same service, so a form and the TOML box always agree.

Every refusal is an `InvalidValue` whose `field` is the column ("days", "channel", ...)
and whose `row` param is the row's number, counted from 1 as the form shows it (none
for the policy's own fields); the edge words it as "Step 2, Days: ...".

    policy_from_form(form, current) -> Policy
    rules_from_form(rows, policies) -> tuple[SegmentRule, ...]
    form_of(policy) -> PolicyForm              what the form shows: the stored values
    with_policy(ps, policy) / with_rules(ps, rules) -> PolicySet
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from tijdig.domain.collection.policy import (
    Basis,
    LegalNotice,
    Policy,
    PolicySet,
    SegmentRule,
    Step,
    StepChannel,
)
from tijdig.domain.collection.policy_toml import check_step
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.money import parse_amount
from tijdig.domain.parties import CustomerKind
from tijdig.domain.reasons import Param
from tijdig.domain.refusals import Refusal

E = TypeVar("E", bound=StrEnum)

MAX_STEP_DAYS = 365
MAX_INTERVAL_DAYS = 90
FLAGS = ("claims_costs", "claims_interest", "announces_costs", "friendly", "hand_over")
# The column a rule of `Step` or `Policy` is about, for a refusal raised when built.
COLUMN_OF = {
    Refusal.STEP_KEY_FORM: "key", Refusal.STEP_KEYS_UNIQUE: "key",
    Refusal.STEP_DAYS_NEGATIVE: "days", Refusal.FRIENDLY_STEP_CLAIMS: "friendly",
    Refusal.FIRST_STEP_FOLLOWS: "basis", Refusal.NOTICE_BEFORE_DUE: "basis",
    Refusal.NOTICE_DURABLE: "channel", Refusal.NOTICE_ANNOUNCES_COSTS: "announces_costs",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class StepRow:
    """One step as typed. `friendly`: the step may be approved automatically (the
    form's "approval" column); the other flags as in `Step`."""

    key: str
    basis: str
    days: str
    channel: str
    template: str
    legal_notice: str = LegalNotice.NONE.value
    claims_costs: bool = False
    claims_interest: bool = False
    announces_costs: bool = False
    friendly: bool = False
    hand_over: bool = False


@dataclass(frozen=True, slots=True)
class PolicyForm:
    """A policy as typed. Its code, consumer flag and country stay as stored: they name
    it in the segment rules and choose its law."""

    name: str
    min_interval_days: str
    min_amount: str
    steps: tuple[StepRow, ...]


@dataclass(frozen=True, slots=True)
class RuleRow:
    """A segment rule as typed; '' is "any"."""

    policy: str
    kind: str = ""
    country: str = ""
    risk_class: str = ""
    min_amount: str = ""
    payable_on_receipt: str = ""  # "", "yes" or "no"


def _choice(kind: type[E], text: str, column: str, row: int | None) -> E:
    try:
        return kind(text.strip())
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise _invalid(column, row, Refusal.ONE_OF, value=text, allowed=allowed) from None


def _invalid(column: str, row: int | None, code: Refusal, **params: Param) -> InvalidValue:
    where: dict[str, Param] = {} if row is None else {"row": row}
    return InvalidValue(column, code, **where, **params)


def _whole(text: str, column: str, row: int | None, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise _invalid(column, row, Refusal.NOT_A_NUMBER, value=text) from None
    if not 0 <= value <= high:
        raise _invalid(column, row, Refusal.BETWEEN, low=0, high=high)
    return value


def _amount(text: str, column: str, row: int | None) -> Decimal:
    """An amount as the reader writes it ("1.234,56" or "1234.56"), not below zero."""
    try:
        amount = parse_amount(text, field=column)
    except InvalidValue as error:
        raise _invalid(column, row, error.code or Refusal.NOT_AN_AMOUNT, **error.params) from None
    if amount < 0:
        raise _invalid(column, row, Refusal.NEGATIVE)
    return amount


def _step(row: StepRow, number: int) -> Step:
    template = row.template.strip()
    if not template:
        raise _invalid("template", number, Refusal.IS_EMPTY)
    flags = {name: getattr(row, name) for name in FLAGS}
    try:
        step = Step(row.key.strip(), _choice(Basis, row.basis, "basis", number),
                    _whole(row.days, "days", number, MAX_STEP_DAYS),
                    _choice(StepChannel, row.channel, "channel", number), template,
                    _choice(LegalNotice, row.legal_notice, "legal_notice", number),
                    **flags)  # fmt: skip
        check_step(step, f"step {number}")
    except RuleViolation as error:
        raise _in_column(error, number) from error
    return step


def _in_column(error: RuleViolation, number: int) -> InvalidValue:
    code = error.code or Refusal.TOML_UNREADABLE
    params = {k: v for k, v in error.params.items() if k != "where"}
    return _invalid(COLUMN_OF.get(code, "claims_costs"), number, code, **params)


def policy_from_form(form: PolicyForm, current: Policy) -> Policy:
    """The policy the form describes, checked as `Policy` and the TOML reader check it."""
    name = form.name.strip()
    if not name:
        raise _invalid("policy_name", None, Refusal.IS_EMPTY)
    interval = _whole(form.min_interval_days, "min_interval_days", None, MAX_INTERVAL_DAYS)
    minimum = _amount(form.min_amount, "min_amount", None)
    if not form.steps:
        raise _invalid("steps", None, Refusal.POLICY_NO_STEPS, policy=current.code)
    steps = tuple(_step(row, number) for number, row in enumerate(form.steps, start=1))
    try:
        return replace(current, name=name, steps=steps, min_interval_days=interval,
                       min_amount=minimum)  # fmt: skip
    except RuleViolation as error:
        raise _in_column(error, _row_of(error, steps)) from error


def _row_of(error: RuleViolation, steps: tuple[Step, ...]) -> int:
    """The row a policy's refusal is about: the step it names, the second of two with
    one key, else the first."""
    keys = [step.key for step in steps]
    named = error.params.get("step")
    if isinstance(named, str) and named in keys:
        return keys.index(named) + 1
    if error.code is Refusal.STEP_KEYS_UNIQUE:
        return next(i for i, key in enumerate(keys, start=1) if key in keys[: i - 1])
    return 1


def _rule(row: RuleRow, number: int, codes: frozenset[str]) -> SegmentRule:
    policy = row.policy.strip()
    if policy not in codes:
        raise _invalid("rule_policy", number, Refusal.RULE_UNKNOWN_POLICY, policy=policy)
    kind = _choice(CustomerKind, row.kind, "rule_kind", number) if row.kind.strip() else None
    country = row.country.strip().upper() or None
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise _invalid("rule_country", number, Refusal.NOT_A_COUNTRY, value=row.country)
    receipt = {"": None, "yes": True, "no": False}.get(row.payable_on_receipt.strip())
    if row.payable_on_receipt.strip() not in {"", "yes", "no"}:
        raise _invalid("payable_on_receipt", number, Refusal.ONE_OF,
                       value=row.payable_on_receipt, allowed="yes, no")  # fmt: skip
    minimum = _amount(row.min_amount, "rule_min_amount", number) if row.min_amount.strip() else None
    return SegmentRule(policy, kind, country, row.risk_class.strip() or None, minimum, receipt)


def rules_from_form(rows: tuple[RuleRow, ...], policies: PolicySet) -> tuple[SegmentRule, ...]:
    """The segment rules the form describes, first match wins; a blank row is left out."""
    codes = frozenset(p.code for p in policies.policies)
    kept = [row for row in rows if any(getattr(row, f).strip() for f in RuleRow.__slots__)]
    return tuple(_rule(row, number, codes) for number, row in enumerate(kept, start=1))


def form_of(policy: Policy) -> PolicyForm:
    """What the form shows of a stored policy."""
    rows = tuple(
        StepRow(s.key, s.basis.value, str(s.days), s.channel.value, s.template,
                s.legal_notice.value, **{name: getattr(s, name) for name in FLAGS})
        for s in policy.steps
    )  # fmt: skip
    return PolicyForm(policy.name, str(policy.min_interval_days), str(policy.min_amount), rows)


def with_policy(ps: PolicySet, policy: Policy) -> PolicySet:
    """The set with `policy` in place of the stored one of its code."""
    ps.policy(policy.code)  # refuses an unknown code
    changed = tuple(policy if p.code == policy.code else p for p in ps.policies)
    return PolicySet(changed, ps.rules, ps.version)


def with_rules(ps: PolicySet, rules: tuple[SegmentRule, ...]) -> PolicySet:
    return PolicySet(ps.policies, rules, ps.version)
