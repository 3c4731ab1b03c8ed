"""The worked examples of docs/dunning.md, read from the document and checked.

The document is the single source: `dunning_dsl.read_examples` parses its date
tables, and each row becomes one test. Edit an example there, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.reason_texts import say
from tijdig.engine.advice import advise
from tijdig.engine.model import Advice, Claim, Proposal

from .dunning_dsl import Example, read_examples, with_stated_deadlines

EXAMPLES = read_examples()


def _claim_matches(claim: Claim | None, words: list[str]) -> bool:
    if claim is None:
        return False
    pairs = dict(zip(words[::2], words[1::2], strict=True))
    return (
        ("costs" not in pairs or claim.costs == Decimal(pairs["costs"]))
        and ("interest" not in pairs or claim.interest == Decimal(pairs["interest"]))
        and ("from" not in pairs or claim.costs_from == date.fromisoformat(pairs["from"]))
    )


def _said(text: str) -> str:
    return text.lower().rstrip(".")


def _holds(decision: Advice, invoice: str | None) -> list[str]:
    """The holds in plain English, as the CLI says them: the document's words."""
    return [_said(say(h.reason)) for h in decision.holds if h.invoice_number == invoice]


FLAGS: dict[str, Callable[[Advice], bool]] = {
    "nothing": lambda d: d.proposal is None and not d.holds,
    "auto": lambda d: d.proposal is not None and d.proposal.auto_approve,
    "hand over": lambda d: d.proposal is not None and d.proposal.step.hand_over,
    "no call": lambda d: not d.calls,
}
PROPOSAL: dict[str, Callable[[Proposal, str], bool]] = {
    "propose": lambda p, rest: p.step.key == rest,
    "lines": lambda p, rest: (
        [f"{ln.invoice_number}={ln.step_key or '-'}" for ln in p.lines] == rest.split()
    ),
    "covers": lambda p, rest: list(p.covered) == [w for w in rest.split() if w != "none"],
    "reason": lambda p, rest: any(_said(rest) in _said(say(r)) for r in p.reasons),
    "claims": lambda p, rest: _claim_matches(p.claim, rest.split()),
    "announces": lambda p, rest: _claim_matches(p.announced, rest.split()),
}


def _hold(decision: Advice, rest: str, numbers: set[str]) -> bool:
    words = rest.split()
    if words and words[0] in numbers:
        return any(_said(" ".join(words[1:])) in r for r in _holds(decision, words[0]))
    return decision.proposal is None and any(_said(rest) in r for r in _holds(decision, None))


def check(decision: Advice, clause: str, numbers: set[str]) -> bool:
    """Whether the decision satisfies one `expect` clause (see dunning_dsl)."""
    if clause in FLAGS:
        return FLAGS[clause](decision)
    head, _, rest = clause.partition(" ")
    if head == "hold":
        return _hold(decision, rest, numbers)
    if head == "warn":
        return any(_said(rest) in _said(say(w)) for w in decision.warnings)
    if head == "call":
        return [c.due_on for c in decision.calls] == [date.fromisoformat(rest)]
    if head not in PROPOSAL:
        raise AssertionError(f"unknown expect clause {clause!r}")
    return decision.proposal is not None and PROPOSAL[head](decision.proposal, rest)


def test_the_document_has_examples_for_every_rule() -> None:
    sections = {example.name.rsplit(" #", 1)[0] for example in EXAMPLES}
    assert len(EXAMPLES) >= 40
    assert len(sections) >= 15


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_worked_example(example: Example) -> None:
    policies = default_policy_set()
    state = with_stated_deadlines(example.state, policies)
    decision = advise(state, example.company, policies, as_of=example.as_of)
    numbers = {i.number for i in example.state.invoices}
    failed = [clause for clause in example.expect if not check(decision, clause, numbers)]
    assert not failed, f"{example.name}: {failed} not met by {decision}"
