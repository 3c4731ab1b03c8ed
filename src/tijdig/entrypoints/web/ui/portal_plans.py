"""Payment plans in the debtor portal: `/portal/{token}/plan` to propose one (the form,
then the plan it makes, shown before anything is stored), `/portal/{token}/plans/{id}`
to read one of the customer's plans and accept an offered one, and
`/portal/{token}/plan/request` for a consumer's request during the term of the first
reminder (where the law gives it).

Accepting is ticking and confirming: the moment (the edge's clock), the client's IP
address and the exact text shown (in the customer's language, `portal_plan_texts`) are
kept as the evidence. The form sends back the digest of the text it showed; a plan
whose text came out otherwise is shown again, not accepted (409). Every GET only reads.
A plan of another customer opens nothing (the polite 404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.plans import AcceptanceWay, WrittenAcceptance
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.entrypoints.web.auth import client_address
from tijdig.entrypoints.web.deps import Id, Installation, today
from tijdig.entrypoints.web.rendering import Phrase
from tijdig.entrypoints.web.ui import portal_plan_texts as texts
from tijdig.entrypoints.web.ui.portal_visit import (
    NO_TRACE,
    CsrfOk,
    Visit,
    done,
    now,
    open_form,
    open_visit,
    polite,
    render,
)
from tijdig.services.plans import portal as plan_service

router = APIRouter(prefix="/portal/{token}", include_in_schema=False)
Short = Annotated[str, Form(max_length=20)]
Digest = Annotated[str, Form(max_length=64)]
Ticked = Annotated[str, Form(max_length=3)]


def _errors(fields: list[str]) -> list[Phrase]:
    params = texts.error_params(today())
    return [Phrase(texts.ERRORS[f], params) for f in fields]


def _evidence(request: Request, lines: list[str]) -> WrittenAcceptance:
    return WrittenAcceptance(AcceptanceWay.PORTAL, now(), ip_address=client_address(request),
                             shown_text=texts.shown_text(lines))  # fmt: skip


def _to_plan(request: Request, visit: Visit, plan_id: int) -> Response:
    """POST-redirect-GET to the plan's own page."""
    url = request.url_for("portal_plan", token=visit.token, plan_id=plan_id)
    return RedirectResponse(url, status_code=303, headers=NO_TRACE)


def _proposal_page(
    request: Request, tijdig: Tijdig, visit: Visit, form: texts.ProposalForm, *,
    errors: list[str] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    """The proposal form and, once filled in, the plan it makes (nothing stored)."""
    on, fields = today(), list(errors or [])
    found = plan_service.portal_plans(tijdig.uow(), visit.company, visit.customer, as_of=on)
    context: dict[str, Any] = {
        "company": visit.company, "customer": visit.customer, "token": visit.token,
        "form": form, "found": found, "draft": None, "outside": (), "lines": [], "digest": "",
    }  # fmt: skip
    if form.filled:
        try:
            wanted = texts.proposal(form)
            draft, outside = plan_service.draft(tijdig.uow(), visit.company, visit.customer,
                                                wanted, on=on)  # fmt: skip
        except (InvalidValue, RuleViolation) as error:
            fields, status = [*fields, texts.error_of(error)], max(status, 422)
        else:
            lines = texts.agreement(draft, visit.company, visit.customer.name,
                                    language=visit.language)  # fmt: skip
            context |= {"draft": draft, "outside": outside, "lines": lines,
                        "digest": texts.digest(lines)}  # fmt: skip
    context["errors"] = dict(zip(fields, _errors(fields), strict=True))
    return render(request, "portal/plan_new.html", context, language=visit.language,
                  status=status)  # fmt: skip


@router.get("/plan", name="portal_plan_new")
def portal_plan_new(
    request: Request,
    tijdig: Installation,
    token: str,
    instalments: Annotated[str, Query(max_length=20)] = "",
    first: Annotated[str, Query(max_length=20)] = "",
    deposit: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    form = texts.ProposalForm(instalments, first, deposit)
    return _proposal_page(request, tijdig, visit, form, status=200)


@router.post("/plan", name="portal_plan_propose")
def portal_plan_propose(
    request: Request,
    tijdig: Installation,
    token: str,
    csrf: CsrfOk,
    instalments: Short = "",
    first: Short = "",
    deposit: Short = "",
    shown: Digest = "",
    agree: Ticked = "",
) -> Response:
    visit = open_form(request, tijdig, token, csrf)
    if isinstance(visit, Response):
        return visit
    form = texts.ProposalForm(instalments, first, deposit)
    return _propose(request, tijdig, visit, form, shown=shown, agree=agree)


def _unconfirmed(lines: list[str], shown: str, *, agree: str, needed: bool) -> tuple[str, int]:
    """What stops a confirmation, with its status: ("", 200) when nothing does."""
    if texts.digest(lines) != shown:
        return "shown", 409  # the text came out other than shown: show it again
    if needed and agree != "yes":
        return "agree", 422
    return "", 200


def _propose(
    request: Request, tijdig: Tijdig, visit: Visit, form: texts.ProposalForm, *, shown: str,
    agree: str,
) -> Response:  # fmt: skip
    on = today()
    try:
        wanted = texts.proposal(form)
        draft, outside = plan_service.draft(tijdig.uow(), visit.company, visit.customer, wanted,
                                            on=on)  # fmt: skip
    except (InvalidValue, RuleViolation):
        return _proposal_page(request, tijdig, visit, form, status=422)
    lines = texts.agreement(draft, visit.company, visit.customer.name, language=visit.language)
    problem, status = _unconfirmed(lines, shown, agree=agree, needed=not outside)
    if problem:
        return _proposal_page(request, tijdig, visit, form, errors=[problem], status=status)
    evidence = None if outside else _evidence(request, lines)
    try:
        made = plan_service.propose(
            tijdig.uow(), visit.company, visit.customer, wanted, shown=draft,
            acceptance=evidence, letters=tijdig.plan_letters(), on=on,
            at=evidence.accepted_at if evidence else now(),
        )  # fmt: skip
    except (InvalidValue, RuleViolation) as error:
        fields = [texts.error_of(error)]
        return _proposal_page(request, tijdig, visit, form, errors=fields, status=409)
    return _to_plan(request, visit, made.plan_id)


def _plan_page(
    request: Request, tijdig: Tijdig, visit: Visit, plan_id: int, *,
    errors: list[str] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    try:
        stored = plan_service.own_plan(tijdig.uow(), visit.company, visit.customer, plan_id)
    except NotFound:
        return polite(request, 404)
    lines = texts.agreement(stored.plan, visit.company, visit.customer.name,
                            language=visit.language)  # fmt: skip
    fields = errors or []
    context = {
        "company": visit.company, "customer": visit.customer, "token": visit.token,
        "stored": stored, "plan": stored.plan, "lines": lines, "digest": texts.digest(lines),
        "errors": dict(zip(fields, _errors(fields), strict=True)),
    }  # fmt: skip
    return render(request, "portal/plan.html", context, language=visit.language, status=status)


@router.get("/plans/{plan_id}", name="portal_plan")
def portal_plan(request: Request, tijdig: Installation, token: str, plan_id: Id) -> Response:
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    return _plan_page(request, tijdig, visit, plan_id)


@router.post("/plans/{plan_id}/accept", name="portal_plan_accept")
def portal_plan_accept(
    request: Request,
    tijdig: Installation,
    token: str,
    plan_id: Id,
    csrf: CsrfOk,
    shown: Digest = "",
    agree: Ticked = "",
) -> Response:
    visit = open_form(request, tijdig, token, csrf)
    if isinstance(visit, Response):
        return visit
    return _accept(request, tijdig, visit, plan_id, shown=shown, agree=agree)


def _accept(
    request: Request, tijdig: Tijdig, visit: Visit, plan_id: int, *, shown: str, agree: str
) -> Response:
    try:
        stored = plan_service.own_plan(tijdig.uow(), visit.company, visit.customer, plan_id)
    except NotFound:
        return polite(request, 404)
    lines = texts.agreement(stored.plan, visit.company, visit.customer.name,
                            language=visit.language)  # fmt: skip
    problem, status = _unconfirmed(lines, shown, agree=agree, needed=True)
    if problem:
        return _plan_page(request, tijdig, visit, plan_id, errors=[problem], status=status)
    try:
        plan_service.accept_offered(tijdig.uow(), visit.company, visit.customer, plan_id,
                                    _evidence(request, lines), letters=tijdig.plan_letters(),
                                    on=today(), at=now())  # fmt: skip
    except RuleViolation:
        return _plan_page(request, tijdig, visit, plan_id, errors=["plan"], status=409)
    return _to_plan(request, visit, plan_id)


@router.post("/plan/request", name="portal_plan_request")
def portal_plan_request(
    request: Request, tijdig: Installation, token: str, csrf: CsrfOk
) -> Response:
    visit = open_form(request, tijdig, token, csrf)
    if isinstance(visit, Response):
        return visit
    try:
        until = plan_service.request_plan(tijdig.uow(), visit.company, visit.customer,
                                          as_of=today(), at=now())  # fmt: skip
    except RuleViolation:
        form = texts.ProposalForm()
        return _proposal_page(request, tijdig, visit, form, errors=["request"], status=409)
    return done(request, visit, what="plan_request", on=until.isoformat())
