"""The policy form and the segment rules form: a person edits one policy's steps (days,
channel, approval ...) or the rules that choose a policy, and the company's policy set
is stored as TOML by `run.save_policies`, the service `tijdig policy import` and the
TOML box use, so the three never disagree and every change is audited.

    save_policy_form(uow, company, code, form, *, actor, at) -> PolicySet   policy.edit
    save_rules_form(uow, company, rows, *, actor, at) -> PolicySet          policy.rules

A refused form changes nothing; its `InvalidValue` names the row and the column
(domain/collection/policy_form.py)."""

from __future__ import annotations

from datetime import datetime

from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.policy_form import (
    PolicyForm,
    RuleRow,
    policy_from_form,
    rules_from_form,
    with_policy,
    with_rules,
)
from tijdig.domain.collection.policy_toml import dump_policy_set
from tijdig.domain.parties import Company
from tijdig.services.collection.run import SettingsUnitOfWork, policies_for, save_policies


def _current(uow: SettingsUnitOfWork, company: Company) -> PolicySet:
    with uow:
        return policies_for(uow, company)[1]


def save_policy_form(
    uow: SettingsUnitOfWork,
    company: Company,
    code: str,
    form: PolicyForm,
    *,
    actor: str,
    at: datetime,
) -> PolicySet:
    """Store policy `code` as the form describes it; the other policies and the rules
    stay. Audited as `policy.edit`."""
    current = _current(uow, company)
    policy = policy_from_form(form, current.policy(code))
    changed = with_policy(current, policy)
    steps = ", ".join(f"{s.key} {s.days} d {s.channel.value}" for s in policy.steps)
    save_policies(uow, company, dump_policy_set(changed), actor=actor, at=at,
                  action="policy.edit", details=f"policy {code}: {steps}")  # fmt: skip
    return changed


def save_rules_form(
    uow: SettingsUnitOfWork,
    company: Company,
    rows: tuple[RuleRow, ...],
    *,
    actor: str,
    at: datetime,
) -> PolicySet:
    """Store the segment rules as the form lists them, first match wins. Audited as
    `policy.rules`."""
    current = _current(uow, company)
    changed = with_rules(current, rules_from_form(rows, current))
    said = "; ".join(r.policy for r in changed.rules)
    save_policies(uow, company, dump_policy_set(changed), actor=actor, at=at,
                  action="policy.rules", details=f"{len(changed.rules)} rules: {said}")  # fmt: skip
    return changed
