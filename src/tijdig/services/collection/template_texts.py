"""A company's own wording of its message templates, per language: read, check on a
preview, store, and reset to the shipped text.

Why a check before storing: a template is what the debtor reads, and a reminder that no
longer says the amount, the day to pay by or the costs that follow is unlawful (or
useless). The edited text is rendered for a real customer as `tijdig preview` renders
it (nothing sent) and held against the letter rules (domain/legal/letter_rules.py); an
element left out refuses the edit, naming it. A text that cannot be rendered at all
(a typo in a `{{ }}`, a block removed) is refused with its line.

    wording(uow, shipped, company, language, template) -> Wording
    check_wording(...) -> tuple[MessageRequest, ComposedMessage]     writes nothing
    save_wording(...)                                                  template.edit
    reset_wording(uow, company, language, template, *, actor, at)     template.reset
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.policy import Basis, StepChannel
from tijdig.domain.errors import NotFound, RuleViolation, TijdigError
from tijdig.domain.legal.letter_rules import left_out, required
from tijdig.domain.parties import Company, Language
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection.messages import (
    ComposedMessage,
    Composer,
    MessageRequest,
    SendUnitOfWork,
)
from tijdig.services.collection.preview import preview
from tijdig.services.collection.run import policies_for


class TemplateTexts(Protocol):
    def get(self, company_id: int, language: str, template: str) -> str | None: ...
    def edited(self, company_id: int) -> dict[tuple[str, str], datetime]: ...
    def save(
        self, company_id: int, language: str, template: str, text: str, *, at: datetime, by: str
    ) -> None: ...
    def remove(self, company_id: int, language: str, template: str) -> bool: ...


class ShippedTemplates(Protocol):
    """The templates Tijdig ships (adapters/render): their names and texts."""

    def names(self) -> tuple[str, ...]: ...
    def text(self, language: str, template: str) -> str: ...


class TemplateUnitOfWork(SendUnitOfWork, Protocol):
    @property
    def template_texts(self) -> TemplateTexts: ...


@dataclass(frozen=True, slots=True)
class Wording:
    """A template's text in force for the company, and whether it is its own."""

    language: str
    template: str
    text: str
    shipped: str
    own: bool


def _known(shipped: ShippedTemplates, language: str, template: str) -> None:
    if template not in shipped.names() or language not in {x.value for x in Language}:
        raise NotFound(Refusal.NOT_FOUND, thing="template", key=f"{language}/{template}")


def wording(
    uow: TemplateUnitOfWork, shipped: ShippedTemplates, company: Company, language: str,
    template: str,
) -> Wording:  # fmt: skip
    """The company's own text of the template, else the shipped one."""
    assert company.id is not None
    _known(shipped, language, template)
    with uow:
        own = uow.template_texts.get(company.id, language, template)
    default = shipped.text(language, template)
    return Wording(language, template, own or default, default, own is not None)


def wordings(
    uow: TemplateUnitOfWork, shipped: ShippedTemplates, company: Company
) -> list[tuple[str, str, datetime | None]]:
    """(template, language, when the company's own text was last changed, or None) of
    every template a company may word, in the shipped order."""
    assert company.id is not None
    with uow:
        edited = uow.template_texts.edited(company.id)
    return [(template, language.value, edited.get((language.value, template)))
            for template in shipped.names() for language in Language]  # fmt: skip


def steps_using(uow: TemplateUnitOfWork, company: Company, template: str) -> list[str]:
    """The keys of the company's message steps that use `template`, in policy order."""
    with uow:
        policies = policies_for(uow, company)[1]
    keys = [s.key for p in policies.policies for s in p.steps
            if s.template == template and s.channel is not StepChannel.CALL]  # fmt: skip
    return list(dict.fromkeys(keys))


def check_wording(
    uow_factory: Callable[[], TemplateUnitOfWork],
    company: Company,
    composer: Composer,
    language: str,
    template: str,
    text: str,
    customer_number: str,
    *,
    as_of: date,
) -> tuple[MessageRequest, ComposedMessage]:
    """Render `text` for the customer (in `language`) at the first step of their
    policy that uses the template, and hold it against the letter rules."""
    keys = steps_using(uow_factory(), company, template)
    if not keys:
        raise RuleViolation(Refusal.TEMPLATE_NOT_IN_POLICIES, template=template)
    request, message = _preview_first(uow_factory, company, composer, keys, text,
                                      customer_number, language, as_of)  # fmt: skip
    step = request.proposal.step
    missing = left_out(required(step.legal_notice, before_due=step.basis is Basis.BEFORE_DUE),
                       message.stated, message.text)  # fmt: skip
    if missing:
        raise RuleViolation(Refusal.TEMPLATE_LEAVES_OUT, element=missing[0].value,
                            customer=customer_number)  # fmt: skip
    return request, message


def _preview_first(
    uow_factory: Callable[[], TemplateUnitOfWork], company: Company, composer: Composer,
    keys: list[str], text: str, customer_number: str, language: str, as_of: date,
) -> tuple[MessageRequest, ComposedMessage]:  # fmt: skip
    """The preview at the first of `keys` the customer's policy has (the refusal of the
    last one tried when it has none)."""
    refused: TijdigError | None = None
    for key in keys:
        try:
            return preview(uow_factory, company, composer, customer_number.strip(), key,
                           as_of=as_of, template_text=text,
                           language=Language(language))  # fmt: skip
        except RuleViolation as error:
            if error.code is not Refusal.POLICY_HAS_NO_STEP_OF:
                raise
            refused = error
    assert refused is not None
    raise refused


def save_wording(
    uow_factory: Callable[[], TemplateUnitOfWork],
    shipped: ShippedTemplates,
    company: Company,
    composer: Composer,
    language: str,
    template: str,
    text: str,
    customer_number: str,
    *,
    as_of: date,
    actor: str,
    at: datetime,
) -> None:
    """Store the company's own text of the template once it passes `check_wording`;
    audited as `template.edit`. A refused text changes nothing."""
    assert company.id is not None
    _known(shipped, language, template)
    check_wording(uow_factory, company, composer, language, template, text, customer_number,
                  as_of=as_of)  # fmt: skip
    uow = uow_factory()
    with uow:
        uow.template_texts.save(company.id, language, template, text, at=at, by=actor)
        audit.record(uow, actor=actor, at=at, action="template.edit", company_id=company.id,
                     subject=f"template {language}/{template}",
                     details=f"{len(text)} characters, checked on customer "
                     f"{customer_number.strip()}")  # fmt: skip
        uow.commit()


def reset_wording(
    uow: TemplateUnitOfWork,
    shipped: ShippedTemplates,
    company: Company,
    language: str,
    template: str,
    *,
    actor: str,
    at: datetime,
) -> bool:
    """Back to the shipped text; whether there was an own text. Audited as
    `template.reset` when there was."""
    assert company.id is not None
    _known(shipped, language, template)
    with uow:
        removed = uow.template_texts.remove(company.id, language, template)
        if removed:
            audit.record(uow, actor=actor, at=at, action="template.reset",
                         company_id=company.id,
                         subject=f"template {language}/{template}")  # fmt: skip
            uow.commit()
    return removed
