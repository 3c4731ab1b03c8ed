"""Segment rules: which policy a customer gets (first matching rule wins)."""

from __future__ import annotations

from decimal import Decimal

from tijdig.domain.collection.policy import Policy, PolicySet, SegmentRule
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Customer
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal


def rule_matches(
    rule: SegmentRule, customer: Customer, *, open_total: Decimal, payable_on_receipt: bool
) -> bool:
    """Every condition the rule gives holds (None: any). Payable on receipt means the
    customer's own payment term is 0 days (S2-3). The risk class is the customer's: set
    by hand or an import, or low/medium/high from the risk of late payment (`tijdig model
    classes`, services/risk/scoring.py), so a policy can remind high risk earlier (S1-5)."""
    return (
        (rule.kind is None or rule.kind is customer.kind)
        and (rule.country is None or rule.country == customer.country)
        and (rule.risk_class is None or rule.risk_class == customer.risk_class)
        and (rule.min_amount is None or open_total >= rule.min_amount)
        and (rule.payable_on_receipt is None or rule.payable_on_receipt is payable_on_receipt)
    )


def matching_rule(
    customer: Customer, policies: PolicySet, *, open_total: Decimal = Decimal(0)
) -> SegmentRule | None:
    """The first rule that matches the customer, or None."""
    on_receipt = customer.payment_term_days == 0
    for rule in policies.rules:
        if rule_matches(rule, customer, open_total=open_total, payable_on_receipt=on_receipt):
            return rule
    return None


def choose_policy(
    customer: Customer, policies: PolicySet, *, open_total: Decimal = Decimal(0)
) -> Policy:
    """The policy of the first matching rule; a set without rules has one policy
    for all. Refused with `RuleViolation` when rules exist but none matches."""
    if not policies.rules:
        return policies.policies[0]
    rule = matching_rule(customer, policies, open_total=open_total)
    if rule is None:
        raise RuleViolation(Refusal.NO_SEGMENT_RULE, customer=customer.number)
    return policies.policy(rule.policy)


def rule_reason(policy: str, rule: SegmentRule | None) -> Reason:
    """Why the customer has `policy`: the only one, or the rule's conditions ("*": any)."""
    if rule is None:
        return reason(Code.ONLY_POLICY, policy=policy)
    parts = [
        f"{name}={value}"
        for name, value in (
            ("kind", rule.kind),
            ("country", rule.country),
            ("risk_class", rule.risk_class),
            ("min_amount", rule.min_amount),
            ("payable_on_receipt", rule.payable_on_receipt),
        )
        if value is not None
    ]
    return reason(Code.POLICY_BY_RULE, policy=policy, rule=", ".join(parts) or "*")
