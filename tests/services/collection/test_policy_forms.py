"""The policy and segment rule forms as use cases (services/collection/policy_forms.py),
on the fakes: a valid form is stored as the TOML `tijdig policy import` stores, audited;
a refused one changes nothing and names the row and the column; form and TOML agree
both ways."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.fakes_collection import FakeCollectionDatabase
from tijdig.domain.collection.policy import PolicySet, StepChannel
from tijdig.domain.collection.policy_form import RuleRow, form_of
from tijdig.domain.collection.policy_toml import (
    default_policy_set,
    dump_policy_set,
    load_policy_set,
)
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.collection import run
from tijdig.services.collection.policy_forms import save_policy_form, save_rules_form

AT = datetime(2026, 12, 31, 16, 45, tzinfo=UTC)


def stored(db: FakeCollectionDatabase, company: Company) -> PolicySet:
    with db.uow() as uow:
        return run.policies_for(uow, company)[1]


def test_a_valid_policy_form_is_stored_as_toml_and_audited(
    db: FakeCollectionDatabase, company: Company
) -> None:
    form = form_of(default_policy_set().policy("be_consumer"))
    steps = list(form.steps)
    steps[2] = replace(steps[2], days="20", channel="email")
    changed = save_policy_form(db.uow(), company, "be_consumer", replace(form, steps=tuple(steps)),
                               actor="anne", at=AT)  # fmt: skip
    back = stored(db, company)
    assert back == changed and back.policy("be_consumer").steps[2].days == 20
    assert back.policy("be_consumer").steps[2].channel is StepChannel.EMAIL
    assert back.policy("nl_business") == default_policy_set().policy("nl_business")
    [entry] = db.audit_entries
    assert (entry.action, entry.actor) == ("policy.edit", "anne")
    assert "costs_claim 20 d email" in entry.details


def test_a_refused_form_changes_nothing(db: FakeCollectionDatabase, company: Company) -> None:
    before = db.snapshot()
    form = form_of(default_policy_set().policy("nl_business"))
    steps = list(form.steps)
    steps[4] = replace(steps[4], days="two weeks")
    with pytest.raises(InvalidValue) as refused:
        save_policy_form(db.uow(), company, "nl_business", replace(form, steps=tuple(steps)),
                         actor="anne", at=AT)  # fmt: skip
    assert (refused.value.field, refused.value.params["row"]) == ("days", 5)
    with pytest.raises(RuleViolation) as unknown:
        save_policy_form(db.uow(), company, "nope", form, actor="anne", at=AT)
    assert unknown.value.code is Refusal.NO_POLICY
    assert db.snapshot() == before


def test_the_form_shows_what_a_toml_import_stored_and_saves_it_back_alike(
    db: FakeCollectionDatabase, company: Company
) -> None:
    """TOML in, the form shown, the form saved unchanged: the same policy set."""
    edited = dump_policy_set(default_policy_set()).replace("days = 35", "days = 42", 1)
    run.save_policies(db.uow(), company, edited, actor="anne", at=AT)
    imported = stored(db, company)
    assert imported.policy("nl_business").steps[3].days == 42
    save_policy_form(db.uow(), company, "nl_business",
                     form_of(imported.policy("nl_business")), actor="anne", at=AT)  # fmt: skip
    assert stored(db, company) == imported == load_policy_set(edited)
    assert [e.action for e in db.audit_entries] == ["policy.import", "policy.edit"]


def test_segment_rules_are_stored_and_a_bad_one_refused(
    db: FakeCollectionDatabase, company: Company
) -> None:
    rows = (RuleRow("nl_consumer", "consumer", "NL"), RuleRow("other"))
    save_rules_form(db.uow(), company, rows, actor="anne", at=AT)
    assert [r.policy for r in stored(db, company).rules] == ["nl_consumer", "other"]
    with pytest.raises(InvalidValue) as refused:
        save_rules_form(db.uow(), company, (RuleRow("other"), RuleRow("ghost")), actor="anne",
                        at=AT)  # fmt: skip
    assert (refused.value.field, refused.value.params["row"]) == ("rule_policy", 2)
    assert [r.policy for r in stored(db, company).rules] == ["nl_consumer", "other"]
    assert [e.action for e in db.audit_entries] == ["policy.rules"]
