"""A/B tests of templates (issue 18 section 2): variants of a template, an experiment
started with its sample size fixed up front, each customer's variant assigned once and
used for every message on the template, the status with its verdict, and choosing the
better variant as the template's text (analytics/experiments.py has the statistics).

    save_variant(...)          template.variant    (letter rules checked, as an edit is)
    start_experiment(...)      experiment.start    (refused while one runs on the template)
    variant_draft(...)        writes nothing: the text a variant's form starts from
    variant_for(...)           at sending: the customer's variant, recorded the first time
    experiment_status(...)     writes nothing
    needed_per_arm(...)        writes nothing: the sample size a start would fix
    variants_by_template(...)  writes nothing: the variants stored, per template
    choose_variant(...)        experiment.choose   (refused before the verdict, or for a
                                                     variant that is not the better one)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from tijdig.analytics.effects import SentMessage, judged
from tijdig.analytics.experiments import (
    Arm,
    Experiment,
    Outcome,
    Verdict,
    assigned_variant,
    sample_size,
    variant_name,
    verdict,
)
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company, Language
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection.effects import SentMessages, step_info, variant_lookup
from tijdig.services.collection.experiment_ports import ExperimentStore
from tijdig.services.collection.messages import Composer, MessageRequest, SendUnitOfWork
from tijdig.services.collection.run import policies_for
from tijdig.services.collection.template_texts import (
    ShippedTemplates,
    TemplateUnitOfWork,
    _known,
    check_wording,
)

VARIANTS = tuple(variant_name(i) for i in range(1, 6))  # B to F: A is the text in force


class ExperimentUnitOfWork(TemplateUnitOfWork, Protocol):
    """A template unit of work with the experiments' store (the sending one has it too)."""

    @property
    def experiments(self) -> ExperimentStore: ...


def save_variant(
    uow_factory: Callable[[], ExperimentUnitOfWork], shipped: ShippedTemplates,
    company: Company, composer: Composer, language: str, template: str, variant: str,
    text: str, customer_number: str, *, as_of: date, actor: str, at: datetime,
) -> None:  # fmt: skip
    """Store variant B (C ...) of a template in a language once it passes the same check
    as the company's own wording (the letter rules); audited as `template.variant`."""
    assert company.id is not None
    _known(shipped, language, template)
    if variant not in VARIANTS:
        raise RuleViolation(Refusal.ONE_OF, value=variant, allowed=", ".join(VARIANTS))
    check_wording(uow_factory, company, composer, language, template, text, customer_number,
                  as_of=as_of)  # fmt: skip
    uow = uow_factory()
    with uow:
        uow.experiments.save_variant(company.id, language, template, variant, text, at=at,
                                     by=actor)  # fmt: skip
        audit.record(uow, actor=actor, at=at, action="template.variant", company_id=company.id,
                     subject=f"template {language}/{template} variant {variant}",
                     details=f"{len(text)} characters, checked on customer "
                     f"{customer_number.strip()}")  # fmt: skip
        uow.commit()


def start_experiment(
    uow: ExperimentUnitOfWork, company: Company, template: str, *, baseline: float,
    smallest_effect: float, on: date, actor: str, at: datetime,
) -> Experiment:  # fmt: skip
    """Start testing the template's stored variants against its text in force; the
    messages needed per arm are fixed now. Audited as `experiment.start`."""
    assert company.id is not None
    needed = needed_per_arm(baseline, smallest_effect)
    with uow:
        if uow.experiments.running(company.id, template) is not None:
            raise RuleViolation(Refusal.EXPERIMENT_RUNNING, template=template)
        stored = {v for v, _ in uow.experiments.variants(company.id, template)}
        arms = 1 + next((i for i, v in enumerate(VARIANTS) if v not in stored), len(VARIANTS))
        if arms < 2:
            raise RuleViolation(Refusal.EXPERIMENT_NO_VARIANT, template=template)
        draft = Experiment(0, template, arms, baseline, smallest_effect, needed, on, actor)
        new_id = uow.experiments.add(company.id, draft, at=at)
        audit.record(uow, actor=actor, at=at, action="experiment.start", company_id=company.id,
                     subject=f"experiment {new_id} on {template}",
                     details=f"{arms} variants, {needed} messages each "
                     f"(baseline {baseline}, smallest effect {smallest_effect})")  # fmt: skip
        uow.commit()
    return replace(draft, id=new_id)


def needed_per_arm(baseline: float, smallest_effect: float) -> int:
    """The messages each arm needs to find `smallest_effect` over `baseline` (both shares,
    e.g. 0.5 and 0.1), as `start_experiment` fixes them; refused as it refuses them."""
    try:
        return sample_size(baseline, smallest_effect)
    except ValueError:
        raise RuleViolation(Refusal.EXPERIMENT_SHARES, baseline=str(baseline),
                            effect=str(smallest_effect)) from None  # fmt: skip


def variants_by_template(
    uow: ExperimentUnitOfWork, shipped: ShippedTemplates, company: Company
) -> dict[str, list[tuple[str, str]]]:
    """(variant, language) of every variant stored, per shipped template that has one,
    in the shipped order."""
    assert company.id is not None
    found: dict[str, list[tuple[str, str]]] = {}
    with uow:
        for template in shipped.names():
            stored = sorted(uow.experiments.variants(company.id, template))
            if stored:
                found[template] = stored
    return found


def variant_draft(
    uow: ExperimentUnitOfWork, shipped: ShippedTemplates, company: Company, language: str,
    template: str, variant: str,
) -> str:  # fmt: skip
    """The text a variant's form starts from: the variant as stored, else the template's
    text in force (the company's own wording, else the shipped text)."""
    assert company.id is not None
    _known(shipped, language, template)
    with uow:
        stored = uow.experiments.variant_text(company.id, language, template, variant)
        own = uow.template_texts.get(company.id, language, template)
    return stored or own or shipped.text(language, template)


def variant_for(
    uow: SendUnitOfWork, company_id: int, request: MessageRequest, *, on: date
) -> MessageRequest:
    """At sending, inside the caller's transaction: the customer's variant of the step's
    template while an experiment runs on it (assigned and recorded the first time), its
    text in the customer's language put in the request and the variant named on it (the
    run item's payload keeps it, queue.py). Variant A, or a variant without a text in
    that language, keeps the text in force."""
    customer_id, template = request.customer.id, request.proposal.step.template
    running = uow.experiments.running(company_id, template)
    if running is None or customer_id is None or request.template_text is not None:
        return request
    variant = uow.experiments.assigned(company_id, running.id, customer_id)
    if variant is None:
        variant = variant_name(assigned_variant(company_id, customer_id, str(running.id),
                                                running.variants))  # fmt: skip
        uow.experiments.assign(company_id, running.id, customer_id, variant, on=on)
    language = request.customer.language.value
    text = uow.experiments.variant_text(company_id, language, template, variant)
    return replace(request, template_text=text, variant=variant)


@dataclass(frozen=True, slots=True)
class ArmFigures:
    """One arm as a person reads it: the messages sent with the variant, those old
    enough to judge, and of those the ones paid within 7 and within 14 days."""

    variant: str
    sent: int
    judged: int
    paid_7: int
    paid_14: int


@dataclass(frozen=True, slots=True)
class ExperimentStatus:
    experiment: Experiment
    arms: tuple[Arm, ...]
    verdict: Verdict
    too_recent: int
    figures: tuple[ArmFigures, ...] = ()


def _arms(experiment: Experiment, sent: Iterable[SentMessage], as_of: date) -> tuple[
        tuple[Arm, ...], int, tuple[ArmFigures, ...]]:  # fmt: skip
    ours = [m for m in sent if m.template == experiment.template and m.variant
            and m.sent_on >= experiment.started_on]  # fmt: skip
    old, recent = judged(ours, as_of=as_of)
    arms = tuple(Arm(v, sum(m.paid_within(14) for m in old if m.variant == v),
                     sum(1 for m in old if m.variant == v)) for v in experiment.names)  # fmt: skip
    figures = tuple(
        ArmFigures(arm.variant, sum(1 for m in ours if m.variant == arm.variant), arm.n,
                   sum(m.paid_within(7) for m in old if m.variant == arm.variant), arm.paid)
        for arm in arms
    )  # fmt: skip
    return arms, recent, figures


def experiment_status(
    uow: ExperimentUnitOfWork, messages: SentMessages, company: Company, *, as_of: date
) -> list[ExperimentStatus]:
    """Every experiment of the company, the latest first, with its arms and verdict."""
    assert company.id is not None
    with uow:
        found = uow.experiments.all(company.id)
        policies = policies_for(uow, company)[1]
        assigned = uow.experiments.assignments(company.id)
    if not found:
        return []
    sent = list(messages.sent(company.id, as_of=as_of, steps=step_info(policies),
                              variant_of=variant_lookup(assigned)))  # fmt: skip
    statuses = []
    for e in found:
        arms, recent, figures = _arms(e, sent, as_of)
        statuses.append(ExperimentStatus(e, arms, verdict(arms, needed=e.needed), recent,
                                         figures))  # fmt: skip
    return statuses


def choose_variant(
    uow_factory: Callable[[], ExperimentUnitOfWork], messages: SentMessages, company: Company,
    experiment_id: int, variant: str, *, as_of: date, actor: str, at: datetime,
) -> ExperimentStatus:  # fmt: skip
    """End the experiment with `variant`: when it is not A, its texts become the
    company's own wording of the template. Refused before the verdict, and for a variant
    other than the better one when one is better. Audited as `experiment.choose`."""
    assert company.id is not None
    statuses = experiment_status(uow_factory(), messages, company, as_of=as_of)
    status = next((s for s in statuses if s.experiment.id == experiment_id), None)
    if status is None or not status.experiment.running:
        raise NotFound(Refusal.NOT_FOUND, thing="experiment", key=str(experiment_id))
    _check_choice(status, variant)
    e, uow = status.experiment, uow_factory()
    with uow:
        if variant != "A":
            for (name, language), text in uow.experiments.variants(company.id, e.template).items():
                if name == variant and language in {x.value for x in Language}:
                    uow.template_texts.save(company.id, language, e.template, text, at=at,
                                            by=actor)  # fmt: skip
        uow.experiments.choose(company.id, e.id, variant, at=at, by=actor)
        audit.record(uow, actor=actor, at=at, action="experiment.choose", company_id=company.id,
                     subject=f"experiment {e.id} on {e.template}",
                     details=f"variant {variant} ({status.verdict.outcome.value})")  # fmt: skip
        uow.commit()
    return status


def _check_choice(status: ExperimentStatus, variant: str) -> None:
    v = status.verdict
    if variant not in status.experiment.names:
        raise RuleViolation(Refusal.ONE_OF, value=variant,
                            allowed=", ".join(status.experiment.names))  # fmt: skip
    if v.outcome is Outcome.WAITING:
        have = min(arm.n for arm in status.arms)
        raise RuleViolation(Refusal.EXPERIMENT_NO_VERDICT, needed=status.experiment.needed,
                            have=have)  # fmt: skip
    if v.outcome is Outcome.BETTER and variant != v.best:
        raise RuleViolation(Refusal.EXPERIMENT_NOT_BETTER, variant=variant, best=v.best or "")
