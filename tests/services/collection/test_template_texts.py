"""A company's own template texts (services/collection/template_texts.py), on the fakes
with the real renderer: an edit is previewed for a customer and held against the letter
rules before it is stored; what it leaves out is named; a stored text is what the
messages then say; a reset brings the shipped text back. Each change audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes_collection import FakeCollectionDatabase
from tests.services.collection.data import AS_OF
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.render.shipped import ShippedTemplateFiles
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.collection import preview, template_texts

AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SHIPPED = ShippedTemplateFiles()
FRIENDLY_LINE = "Mogelijk is de betaling aan uw aandacht ontsnapt."


def composer(db: FakeCollectionDatabase) -> RenderComposer:
    """The renderer reading the company's own texts from the fake database, as
    bootstrap wires it to the real one."""

    def own(company_id: int, language: str, template: str) -> str | None:
        with db.uow() as uow:
            return uow.template_texts.get(company_id, language, template)

    return RenderComposer(own_wording=own)


def save(db: FakeCollectionDatabase, company: Company, template: str, text: str,
         language: str = "nl") -> None:  # fmt: skip
    template_texts.save_wording(db.uow, SHIPPED, company, composer(db), language, template, text,
                                "K1", as_of=AS_OF, actor="anne", at=AT)  # fmt: skip


def test_a_text_that_passes_the_letter_rules_is_stored_and_used(
    db: FakeCollectionDatabase, company: Company
) -> None:
    text = SHIPPED.text("nl", "reminder").replace(FRIENDLY_LINE, "Wellicht vergeten?")
    save(db, company, "reminder", text)
    found = template_texts.wording(db.uow(), SHIPPED, company, "nl", "reminder")
    assert found.own and found.text == text and found.shipped != text
    _, message = preview.preview(db.uow, company, composer(db), "K1", "reminder", as_of=AS_OF)
    assert "Wellicht vergeten?" in message.text and FRIENDLY_LINE not in message.text
    [entry] = db.audit_entries
    assert (entry.action, entry.subject) == ("template.edit", "template nl/reminder")


@pytest.mark.parametrize(
    ("template", "cut", "element"),
    [("reminder", "uiterlijk op {{ pay_by }} ", "pay_by"),
     ("formal_demand", "- {{ law.costs_named }}: {{ announced.costs }}\n", "costs_announced"),
     ("formal_demand", "Het openstaande bedrag is {{ total }}.", None)],
)  # fmt: skip
def test_a_text_that_leaves_out_what_the_law_asks_is_refused_naming_it(
    db: FakeCollectionDatabase, company: Company, template: str, cut: str, element: str | None
) -> None:
    shipped = SHIPPED.text("nl", template)
    assert cut in shipped
    before = db.snapshot()
    if element is None:  # the amount is still in the statement below the text: lawful
        save(db, company, template, shipped.replace(cut, ""))
        assert [e.action for e in db.audit_entries] == ["template.edit"]
        return
    with pytest.raises(RuleViolation) as refused:
        save(db, company, template, shipped.replace(cut, ""))
    assert refused.value.code is Refusal.TEMPLATE_LEAVES_OUT
    assert refused.value.params["element"] == element
    assert db.snapshot() == before


@pytest.mark.parametrize(
    ("text", "code"),
    [("{% extends layout %}{% block subject %}x{% endblock %}", Refusal.TEMPLATE_NEEDS_BLOCK),
     ("{% extends layout %}{% block subject %}{{ x }{% endblock %}", Refusal.TEMPLATE_UNREADABLE),
     ("{% extends layout %}{% block subject %}{{ ''.__class__.__mro__ }}{% endblock %}"
      "{% block intro %}{% endblock %}{% block next_steps %}{% endblock %}",
      Refusal.TEMPLATE_UNREADABLE)],
)  # fmt: skip
def test_a_text_that_cannot_be_rendered_safely_is_refused(
    db: FakeCollectionDatabase, company: Company, text: str, code: Refusal
) -> None:
    with pytest.raises(RuleViolation) as refused:
        save(db, company, "reminder", text)
    assert refused.value.code is code
    assert db.audit_entries == []


def test_an_english_text_is_checked_in_english_for_a_dutch_customer(
    db: FakeCollectionDatabase, company: Company
) -> None:
    text = SHIPPED.text("en", "reminder")
    request, message = template_texts.check_wording(
        db.uow, company, composer(db), "en", "reminder", text, "K1", as_of=AS_OF
    )
    assert request.customer.language.value == "en" and "Please" in message.text


def test_a_reset_brings_the_shipped_text_back(db: FakeCollectionDatabase, company: Company) -> None:
    save(db, company, "reminder", SHIPPED.text("nl", "reminder").replace(FRIENDLY_LINE, "Hm."))
    assert template_texts.reset_wording(db.uow(), SHIPPED, company, "nl", "reminder",
                                        actor="anne", at=AT)  # fmt: skip
    found = template_texts.wording(db.uow(), SHIPPED, company, "nl", "reminder")
    assert not found.own and found.text == SHIPPED.text("nl", "reminder")
    assert not template_texts.reset_wording(db.uow(), SHIPPED, company, "nl", "reminder",
                                            actor="anne", at=AT)  # fmt: skip
    assert [e.action for e in db.audit_entries] == ["template.edit", "template.reset"]


def test_an_unknown_template_or_language_is_not_found(
    db: FakeCollectionDatabase, company: Company
) -> None:
    for language, template in [("nl", "nope"), ("xx", "reminder"), ("nl", "hand_over")]:
        with pytest.raises(NotFound):
            template_texts.wording(db.uow(), SHIPPED, company, language, template)
