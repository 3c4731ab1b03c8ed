"""Policy sets as TOML: load (checked), dump, and the shipped defaults.

Why a strict reader: a policy decides what a debtor receives and what is claimed,
so a typo (`claim_costs` for `claims_costs`) must not silently drop a key. Every
problem is refused with `InvalidValue` (a value or key) or `RuleViolation` (a
rule of the law or of the ladder), naming the policy, the step and the key.

    load_policy_set(text) -> PolicySet    tomllib, strict
    dump_policy_set(ps) -> str            tomli_w; load(dump(ps)) == ps
    default_policy_set() -> PolicySet     defaults.toml shipped beside this module

Beyond the checks `Policy` makes when built, the reader refuses a legal notice
before the due date or on a channel that is no durable medium (SMS, call), and a
14-day letter or BE first reminder that does not announce the costs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

import tomli_w

from tijdig.domain.collection.policy import (
    Basis,
    LegalNotice,
    Policy,
    PolicySet,
    SegmentRule,
    Step,
    StepChannel,
)
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.legal import law_of_notice
from tijdig.domain.parties import CustomerKind
from tijdig.domain.refusals import Refusal

Convert = Callable[[Any, str], Any]
DURABLE = frozenset({StepChannel.EMAIL, StepChannel.LETTER})


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(where, Refusal.TOML_STRING, value=repr(value))
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(where, Refusal.TOML_WHOLE_NUMBER, value=repr(value))
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(where, Refusal.TOML_BOOLEAN, value=repr(value))
    return value


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidValue(where, Refusal.TOML_QUOTED_AMOUNT, value=repr(value))
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise InvalidValue(where, Refusal.NOT_AN_AMOUNT, value=str(value)) from None
    if not amount.is_finite():
        raise InvalidValue(where, Refusal.NOT_AN_AMOUNT, value=str(value))
    return amount


def _enum(kind: type[StrEnum]) -> Convert:
    def convert(value: Any, where: str) -> StrEnum:
        allowed = ", ".join(member.value for member in kind)
        try:
            return kind(_str(value, where))
        except ValueError:
            raise InvalidValue(
                where, Refusal.TOML_NOT_ONE_OF, value=repr(value), allowed=allowed
            ) from None

    return convert


STEP_KEYS: dict[str, Convert] = {
    "key": _str, "basis": _enum(Basis), "days": _int, "channel": _enum(StepChannel),
    "template": _str, "legal_notice": _enum(LegalNotice), "claims_costs": _bool,
    "claims_interest": _bool, "announces_costs": _bool, "friendly": _bool, "hand_over": _bool,
}  # fmt: skip
POLICY_KEYS: dict[str, Convert] = {
    "code": _str, "name": _str, "consumer": _bool, "country": _str,
    "min_interval_days": _int, "min_amount": _decimal,
}  # fmt: skip
RULE_KEYS: dict[str, Convert] = {
    "policy": _str, "kind": _enum(CustomerKind), "country": _str, "risk_class": _str,
    "min_amount": _decimal, "payable_on_receipt": _bool,
}  # fmt: skip


def _required(kind: type[Any]) -> frozenset[str]:
    return frozenset(f.name for f in fields(kind) if f.default is MISSING)


def _values(
    table: Any, spec: Mapping[str, Convert], required: frozenset[str], where: str
) -> dict[str, Any]:
    """The table's values converted by `spec`; unknown and missing keys refused."""
    if not isinstance(table, dict):
        raise InvalidValue(where, Refusal.TOML_TABLE)
    for key in table:
        if key not in spec:
            known = ", ".join(spec)
            raise InvalidValue(f"{where}, key {key!r}", Refusal.TOML_UNKNOWN_KEY, known=known)
    missing = sorted(required - table.keys())
    if missing:
        raise InvalidValue(f"{where}, key {missing[0]!r}", Refusal.TOML_MISSING)
    return {key: spec[key](value, f"{where}, key {key!r}") for key, value in table.items()}


def _step(table: Any, where: str) -> Step:
    values = _values(table, STEP_KEYS, _required(Step), where)
    try:
        step = Step(**values)
    except RuleViolation as error:
        code = error.code or Refusal.TOML_UNREADABLE
        raise RuleViolation(code, problem=str(error), **error.params, where=where) from error
    check_step(step, where)
    return step


def check_step(step: Step, where: str) -> None:
    """The checks a policy file and the policy form share, beyond `Step`'s own."""
    if step.legal_notice is LegalNotice.NONE:
        return
    if step.channel not in DURABLE:
        raise RuleViolation(Refusal.NOTICE_DURABLE, where=where)
    if step.basis is Basis.BEFORE_DUE:
        raise RuleViolation(Refusal.NOTICE_BEFORE_DUE, where=where)
    # the reminder whose term opens a consumer's costs must name them (NL 6:96 lid 6 BW)
    if law_of_notice(step.legal_notice) is not None and not step.announces_costs:
        raise RuleViolation(
            Refusal.NOTICE_ANNOUNCES_COSTS, where=where, notice=step.legal_notice.value
        )


def _policy(table: Any, index: int) -> Policy:
    where = f"policy #{index + 1}"
    if isinstance(table, dict) and isinstance(table.get("code"), str):
        where = f"policy {table['code']!r}"
    body = dict(table) if isinstance(table, dict) else table
    raw_steps = body.pop("steps", None) if isinstance(body, dict) else None
    values = _values(body, POLICY_KEYS, _required(Policy) - {"steps"}, where)
    if not isinstance(raw_steps, list) or not raw_steps:
        raise InvalidValue(f"{where}, key 'steps'", Refusal.TOML_NO_STEPS)
    steps = tuple(_step(s, _step_where(where, s, i)) for i, s in enumerate(raw_steps))
    return Policy(steps=steps, **values)


def _step_where(where: str, table: Any, index: int) -> str:
    if isinstance(table, dict) and isinstance(table.get("key"), str):
        return f"{where}, step {table['key']!r}"
    return f"{where}, step #{index + 1}"


def _rule(table: Any, index: int) -> SegmentRule:
    return SegmentRule(**_values(table, RULE_KEYS, _required(SegmentRule), f"rule #{index + 1}"))


def load_policy_set(text: str) -> PolicySet:
    """Read a policy set from TOML, refusing any problem with a message naming
    the policy, the step and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidValue("policy TOML", Refusal.TOML_UNREADABLE, problem=str(error)) from None
    top = {"version": _str, "policies": _list, "rules": _list}
    values = _values(data, top, frozenset({"policies"}), "policy set")
    policies = tuple(_policy(t, i) for i, t in enumerate(values["policies"]))
    rules = tuple(_rule(t, i) for i, t in enumerate(values.get("rules", [])))
    return PolicySet(policies, rules, values.get("version", "1"))


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidValue(where, Refusal.TOML_ARRAY)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value


def _table(value: Any, *, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A dataclass as a TOML table: values equal to their default and None left out."""
    out: dict[str, Any] = {}
    for f in fields(value):
        item = getattr(value, f.name)
        if f.name in skip or item is None or (f.default is not MISSING and item == f.default):
            continue
        out[f.name] = _plain(item)
    return out


def dump_policy_set(ps: PolicySet) -> str:
    """The policy set as TOML; `load_policy_set` gives back an equal set."""
    policies = []
    for policy in ps.policies:
        table = _table(policy, skip=frozenset({"steps"}))
        table["min_interval_days"] = policy.min_interval_days
        table["min_amount"] = str(policy.min_amount)
        table["steps"] = [_table(step) for step in policy.steps]
        policies.append(table)
    data = {"version": ps.version, "policies": policies, "rules": [_table(r) for r in ps.rules]}
    return tomli_w.dumps(data)


@lru_cache(maxsize=1)
def default_policy_set() -> PolicySet:
    """Tijdig's default policies (defaults.toml), read once and cached."""
    package = resources.files("tijdig.domain.collection")
    return load_policy_set(package.joinpath("defaults.toml").read_text("utf-8"))
