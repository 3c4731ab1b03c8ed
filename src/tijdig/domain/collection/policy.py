"""Dunning policies: ordered steps, and the segment rules that choose a policy.

A policy is data: stored per company, exported and imported as TOML (see
`policy_toml.py`), and checked when built, so that an unlawful or incoherent
policy can never be loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.errors import RuleViolation
from tijdig.domain.legal import law_of_claim
from tijdig.domain.parties import CustomerKind
from tijdig.domain.refusals import Refusal


class Basis(StrEnum):
    """What a step's `days` count from."""

    BEFORE_DUE = "before_due"  # days before the due date (a friendly pre-due reminder)
    AFTER_DUE = "after_due"  # days after the due date
    AFTER_ISSUE = "after_issue"  # days after the issue date (invoices payable on receipt)
    AFTER_PREVIOUS = "after_previous"  # days after the previous step was sent
    END_OF_MONTH = "end_of_month"  # the last day of the month of the previous step (+days)


class StepChannel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"
    SMS = "sms"
    CALL = "call"  # a call task for a person


class LegalNotice(StrEnum):
    """The legal meaning of a message, which decides what may follow and when."""

    NONE = "none"
    FORMAL_DEMAND = "formal_demand"  # aanmaning: names the costs and interest that follow
    NL_FOURTEEN_DAY_LETTER = "nl_14_day_letter"  # art. 6:96 lid 6 BW (consumers)
    NOTICE_OF_DEFAULT = "notice_of_default"  # ingebrekestelling
    BE_FIRST_REMINDER = "be_first_reminder"  # Book XIX WER (consumers)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a policy."""

    key: str
    basis: Basis
    days: int
    channel: StepChannel
    template: str
    legal_notice: LegalNotice = LegalNotice.NONE
    claims_costs: bool = False  # extrajudicial costs / BE damages are claimed in it
    claims_interest: bool = False  # statutory interest is claimed in it
    announces_costs: bool = False  # it names the costs and interest that will follow (S2-4)
    friendly: bool = False  # may be approved automatically when the company allows (S4-2)
    hand_over: bool = False  # proposes handing the case to an agency (S0-7)

    def __post_init__(self) -> None:
        if not self.key or not self.key.replace("_", "").replace("-", "").isalnum():
            raise RuleViolation(Refusal.STEP_KEY_FORM, step=self.key)
        if self.days < 0:
            raise RuleViolation(Refusal.STEP_DAYS_NEGATIVE, step=self.key)
        if self.friendly and (self.claims_costs or self.claims_interest):
            raise RuleViolation(Refusal.FRIENDLY_STEP_CLAIMS, step=self.key)


@dataclass(frozen=True, slots=True)
class Policy:
    """An ordered escalation ladder, checked when built."""

    code: str
    name: str
    steps: tuple[Step, ...]
    consumer: bool = False  # written for consumers: the consumer rules are checked
    country: str | None = None  # the law it was written for (NL, BE) or None
    min_interval_days: int = 7  # between two messages to one customer
    min_amount: Decimal = Decimal("10.00")  # below this overdue total nothing is sent

    def __post_init__(self) -> None:
        if not self.steps:
            raise RuleViolation(Refusal.POLICY_NO_STEPS, policy=self.code)
        keys = [s.key for s in self.steps]
        if len(set(keys)) != len(keys):
            raise RuleViolation(Refusal.STEP_KEYS_UNIQUE, policy=self.code)
        if self.steps[0].basis in {Basis.AFTER_PREVIOUS, Basis.END_OF_MONTH}:
            raise RuleViolation(Refusal.FIRST_STEP_FOLLOWS, policy=self.code)
        self._check_legal_order()

    def _check_legal_order(self) -> None:
        """Costs are never claimed before the law allows them (S4-1): a consumer's
        only after the law's reminder (the NL 14-day letter, the BE first reminder)."""
        law = law_of_claim(self.country)
        if law is None or not self.consumer:
            return
        for index, step in enumerate(self.steps):
            if not step.claims_costs:
                continue
            earlier = {s.legal_notice for s in self.steps[:index]}
            if law.CONSUMER_TERM_NOTICE not in earlier:
                raise RuleViolation(law.COSTS_BEFORE_NOTICE, policy=self.code, step=step.key)

    def index_of(self, key: str) -> int:
        for index, step in enumerate(self.steps):
            if step.key == key:
                return index
        raise RuleViolation(Refusal.POLICY_HAS_NO_STEP, policy=self.code, step=key)


@dataclass(frozen=True, slots=True)
class SegmentRule:
    """Chooses a policy for customers that match every condition given (None: any)."""

    policy: str
    kind: CustomerKind | None = None
    country: str | None = None
    risk_class: str | None = None
    min_amount: Decimal | None = None  # the customer's open total, at least
    payable_on_receipt: bool | None = None


@dataclass(frozen=True, slots=True)
class PolicySet:
    """A company's policies and the rules that choose among them, first match wins."""

    policies: tuple[Policy, ...]
    rules: tuple[SegmentRule, ...] = field(default=())
    version: str = "1"

    def __post_init__(self) -> None:
        codes = {p.code for p in self.policies}
        if len(codes) != len(self.policies):
            raise RuleViolation(Refusal.POLICY_CODES_UNIQUE)
        unknown = [r.policy for r in self.rules if r.policy not in codes]
        if unknown:
            raise RuleViolation(Refusal.RULE_UNKNOWN_POLICY, policy=unknown[0])

    def policy(self, code: str) -> Policy:
        for policy in self.policies:
            if policy.code == code:
                return policy
        raise RuleViolation(Refusal.NO_POLICY, policy=code)
