"""A/B tests of templates in the workspace (issue 18): `/experiments` shows every test
with, per arm, the messages sent, those paid within 7 and 14 days and the messages each
arm needs, "no verdict yet" until both arms have them and then the verdict, with the
button that makes the better variant the template's text; a form starts a test, the
messages needed per arm worked out and shown before it starts (a GET, nothing stored);
a variant's own page takes its text, held against the letter rules on a customer as an
edited text is, the refusal shown on the form in the reader's language.

The same services as `tijdig experiment variant | start | status | choose`; each change
audited there, and for an administrator (a variant and a choice change what customers
read, as a template's own text does)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.analytics.experiments import Outcome
from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.settings_wording import WORDING_LANGUAGES
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.collection import experiments, template_texts

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Short = Annotated[str, Form(max_length=20)]
Percent = Annotated[str, Query(max_length=20)]
VARIANT_PATH = "/experiments/variants/{language}/{template}"
DEFAULT_BASELINE, DEFAULT_EFFECT = "50", "10"
DONE = {
    "started": N_("Experiment started: each customer gets its variant from the next run on."),
    "variant": N_("Variant stored: it passes the letter rules."),
    "chosen": N_("Variant kept: the experiment has ended."),
}
VERDICTS = {
    Outcome.WAITING.value: N_("No verdict yet"),
    Outcome.NO_DIFFERENCE.value: N_("No difference found"),
    Outcome.BETTER.value: N_("Better variant found"),
}


def _share(text: str, field: str) -> float:
    """A percentage typed (50, 12,5 or 12.5) as a share (0.5, 0.125)."""
    try:
        value = Decimal(text.strip().replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        raise InvalidValue(field, Refusal.NOT_A_NUMBER, value=text) from None
    if not value.is_finite():
        raise InvalidValue(field, Refusal.NOT_A_NUMBER, value=text)
    return float(value / 100)


def _needed(baseline: str, effect: str) -> int:
    return experiments.needed_per_arm(_share(baseline, "baseline"), _share(effect, "effect"))


def _context(ws: Workspace, **shown: Any) -> dict[str, Any]:
    shipped = ws.tijdig.shipped_templates()
    statuses = experiments.experiment_status(ws.tijdig.uow(), ws.tijdig.sent_messages,
                                             ws.company, as_of=ws.as_of)  # fmt: skip
    variants = experiments.variants_by_template(ws.tijdig.uow(), shipped, ws.company)
    running = {s.experiment.template for s in statuses if s.experiment.running}
    return {
        "statuses": statuses, "variants": variants, "templates": shipped.names(),
        "startable": [t for t in variants if t not in running],
        "languages": list(WORDING_LANGUAGES),
        "wording_languages": WORDING_LANGUAGES, "verdicts": VERDICTS,
        "is_admin": ws.user.role.can_administer, "template": "",
        "baseline": DEFAULT_BASELINE, "effect": DEFAULT_EFFECT, "needed": None,
        "error": "", "failed": None, "done": "",
    } | shown  # fmt: skip


@router.get("/experiments", name="experiments")
def experiments_page(
    ws: WorkspaceDep,
    template: Annotated[str, Query(max_length=40)] = "",
    baseline: Percent = DEFAULT_BASELINE,
    effect: Percent = DEFAULT_EFFECT,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The tests and their arms, and the start form with the messages each arm needs
    for the shares typed (worked out here, nothing stored)."""
    shown = {"template": template, "baseline": baseline, "effect": effect,
             "done": DONE.get(done, "")}  # fmt: skip
    try:
        needed = _needed(baseline, effect)
    except TijdigError as error:
        context = _context(ws, **shown, error=said(error, ws.language), failed="start")
        return ws.render("experiments.html", context, status_code=status_for(error))
    return ws.render("experiments.html", _context(ws, **shown, needed=needed))


@router.post("/experiments", name="experiment_start")
def start(
    ws: WorkspaceDep, template: Annotated[str, Form(max_length=40)], baseline: Short,
    effect: Short,
) -> Response:  # fmt: skip
    """Start testing the template's variants; the messages per arm fixed now."""
    require_admin(ws.signed_in)
    try:
        started = experiments.start_experiment(
            ws.tijdig.uow(), ws.company, template.strip(),
            baseline=_share(baseline, "baseline"), smallest_effect=_share(effect, "effect"),
            on=ws.as_of, actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except TijdigError as error:
        context = _context(ws, template=template, baseline=baseline, effect=effect,
                           error=said(error, ws.language), failed="start")  # fmt: skip
        return ws.render("experiments.html", context, status_code=status_for(error))
    url = ws.url("experiments", query={"done": "started"})
    return RedirectResponse(f"{url}#experiment-{started.id}", status_code=303)


@router.post("/experiments/{experiment_id}/choose", name="experiment_choose")
def choose(ws: WorkspaceDep, experiment_id: Id, variant: Short) -> Response:
    """Make the variant the template's text and end the test (refused before the
    verdict, and for a variant that is not the better one)."""
    require_admin(ws.signed_in)
    try:
        experiments.choose_variant(ws.tijdig.uow, ws.tijdig.sent_messages, ws.company,
                                   experiment_id, variant.strip(), as_of=ws.as_of,
                                   actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        context = _context(ws, error=said(error, ws.language), failed=experiment_id)
        return ws.render("experiments.html", context, status_code=status_for(error))
    url = ws.url("experiments", query={"done": "chosen"})
    return RedirectResponse(f"{url}#experiment-{experiment_id}", status_code=303)


def _variant_context(
    ws: Workspace, language: str, template: str, variant: str, **shown: Any
) -> dict[str, Any]:
    if variant not in experiments.VARIANTS:
        raise InvalidValue("variant", Refusal.ONE_OF, value=variant,
                           allowed=", ".join(experiments.VARIANTS))  # fmt: skip
    text = experiments.variant_draft(ws.tijdig.uow(), ws.tijdig.shipped_templates(), ws.company,
                                     language, template, variant)  # fmt: skip
    return {
        "language_code": language, "template": template, "variant": variant,
        "variant_names": experiments.VARIANTS, "text": text, "customer": "", "error": "",
        "wording_languages": WORDING_LANGUAGES, "is_admin": ws.user.role.can_administer,
        "steps": template_texts.steps_using(ws.tijdig.uow(), ws.company, template),
    } | shown  # fmt: skip


@router.get(VARIANT_PATH, name="experiment_variant")
def variant_page(
    ws: WorkspaceDep, language: str, template: str,
    variant: Annotated[str, Query(max_length=4)] = "B",
    customer: Annotated[str, Query(max_length=64)] = "",
) -> Response:  # fmt: skip
    """The form of a variant: its stored text, else the text in force to start from."""
    context = _variant_context(ws, language, template, variant, customer=customer)
    return ws.render("experiment_variant.html", context)


@router.post(VARIANT_PATH, name="experiment_variant_save")
def save_variant(
    ws: WorkspaceDep, language: str, template: str, variant: Short,
    text: Annotated[str, Form(max_length=50_000)],
    customer: Annotated[str, Form(max_length=64)],
) -> Response:  # fmt: skip
    """Store the variant once it passes the letter rules on the customer's preview."""
    require_admin(ws.signed_in)
    try:
        experiments.save_variant(ws.tijdig.uow, ws.tijdig.shipped_templates(), ws.company,
                                 ws.tijdig.preview_composer(), language, template,
                                 variant.strip(), text, customer, as_of=ws.as_of,
                                 actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        shown = variant.strip() if variant.strip() in experiments.VARIANTS else "B"
        context = _variant_context(ws, language, template, shown, text=text, customer=customer,
                                   error=said(error, ws.language))  # fmt: skip
        return ws.render("experiment_variant.html", context, status_code=status_for(error))
    url = ws.url("experiments", query={"done": "variant", "template": template})
    return RedirectResponse(f"{url}#start", status_code=303)
