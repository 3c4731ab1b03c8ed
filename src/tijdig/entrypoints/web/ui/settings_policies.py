"""The collection policies as forms (issue 15): the list of policies with the segment
rules that choose among them, and one policy's steps (days, channel, approval ...) in a
table. Both save through `services.collection.policy_forms`, which stores the TOML the
expert's box and `tijdig policy import` store, audited. A refused form re-shows what was
typed with the row and the column named (422); a saved one redirects (303).

Checkboxes carry the number of their row (unticked ones are not sent); the last row of
the steps table is blank, for a new step, and a blank row is left out."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.collection.policy import Basis, LegalNotice, Policy, StepChannel
from tijdig.domain.collection.policy_form import (
    FLAGS,
    PolicyForm,
    RuleRow,
    StepRow,
    form_of,
)
from tijdig.domain.collection.policy_toml import dump_policy_set
from tijdig.domain.errors import InvalidValue, NotFound, TijdigError
from tijdig.domain.parties import CustomerKind
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.collection import policy_forms
from tijdig.services.collection import run as dunning

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Rows = Annotated[list[str], Form(max_length=60)]
Ticked = Annotated[list[int] | None, Form(max_length=60)]
Short = Annotated[str, Form(max_length=200)]
BASES = {  # what a step's days count from, as the form names it
    Basis.BEFORE_DUE: N_("days before the due date"),
    Basis.AFTER_DUE: N_("days after the due date"),
    Basis.AFTER_ISSUE: N_("days after the invoice date"),
    Basis.AFTER_PREVIOUS: N_("days after the previous step"),
    Basis.END_OF_MONTH: N_("end of the month, plus days"),
}
NOTICES = {
    LegalNotice.NONE: N_("none"),
    LegalNotice.FORMAL_DEMAND: N_("formal demand"),
    LegalNotice.NL_FOURTEEN_DAY_LETTER: N_("14-day letter"),
    LegalNotice.NOTICE_OF_DEFAULT: N_("notice of default"),
    LegalNotice.BE_FIRST_REMINDER: N_("first reminder (Book XIX)"),
}
DONE = {"policy": N_("Policy saved."), "rules": N_("Segment rules saved.")}
# The names of the shipped policies (defaults.toml), said in the reader's language for
# as long as the company keeps them; a name it typed itself is shown as typed.
SHIPPED_NAMES = frozenset({
    N_("Netherlands, business customers"), N_("Netherlands, consumers"),
    N_("Belgium, business customers"), N_("Belgium, consumers"),
    N_("Other countries (no statutory costs)"),
})  # fmt: skip


def amount_text(value: Decimal, language: str) -> str:
    """An amount for an input, in the reader's format ("1.234,50" in Dutch), which
    `parse_amount` reads back."""
    locale = i18n.LOCALES.get(language, "en_GB")
    return str(format_decimal(value, format="#,##0.00", locale=locale))


def _choices(ws: Workspace) -> dict[str, Any]:
    return {"bases": BASES, "channels": [c.value for c in StepChannel], "notices": NOTICES,
            "templates": ws.tijdig.shipped_templates().names(), "flags": FLAGS,
            "kinds": [k.value for k in CustomerKind], "shipped_names": SHIPPED_NAMES,
            "is_admin": ws.user.role.can_administer}  # fmt: skip


def _refusal(ws: Workspace, error: TijdigError) -> dict[str, Any]:
    """The refusal in the reader's words, with the row and column it names."""
    column = error.field if isinstance(error, InvalidValue) else ""
    return {"text": said(error, ws.language), "row": error.params.get("row"), "column": column}


@router.get("/settings/policies", name="settings_policy_list")
def policy_list(ws: WorkspaceDep, done: Annotated[str, Query(max_length=20)] = "") -> Response:
    return ws.render("settings_policies.html", _list_context(ws) | {"done": DONE.get(done, "")})


def _list_context(ws: Workspace, rows: list[RuleRow] | None = None) -> dict[str, Any]:
    with ws.tijdig.uow() as uow:
        _, policies = dunning.policies_for(uow, ws.company)
    shown = rows if rows is not None else [
        RuleRow(r.policy, r.kind or "", r.country or "", r.risk_class or "",
                "" if r.min_amount is None else amount_text(r.min_amount, ws.language),
                {None: "", True: "yes", False: "no"}[r.payable_on_receipt])
        for r in policies.rules
    ]  # fmt: skip
    return _choices(ws) | {"policies": policies.policies, "rules": shown, "error": None,
                           "toml": dump_policy_set(policies), "done": ""}  # fmt: skip


@router.post("/settings/rules", name="settings_rules_save")
def save_rules(
    ws: WorkspaceDep, policy: Rows, kind: Rows, country: Rows, risk_class: Rows,
    min_amount: Rows, payable_on_receipt: Rows, remove: Ticked = None,
) -> Response:  # fmt: skip
    """The segment rules in the order listed; a ticked "remove" leaves its row out."""
    require_admin(ws.signed_in)
    columns = zip(policy, kind, country, risk_class, min_amount, payable_on_receipt, strict=False)
    rows = [RuleRow(*values) for values in columns]
    kept = tuple(row for n, row in enumerate(rows) if n not in set(remove or ()))
    try:
        policy_forms.save_rules_form(ws.tijdig.uow(), ws.company, kept,
                                     actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        context = _list_context(ws, list(kept)) | {"error": _refusal(ws, error)}
        return ws.render("settings_policies.html", context, status_code=status_for(error))
    url = ws.url("settings_policy_list", query={"done": "rules"})
    return RedirectResponse(f"{url}#rules", status_code=303)


def _policy(ws: Workspace, code: str) -> Policy:
    with ws.tijdig.uow() as uow:
        policies = dunning.policies_for(uow, ws.company)[1]
    found = next((p for p in policies.policies if p.code == code), None)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND, thing="policy", key=code)
    return found


@router.get("/settings/policies/{policy_code}", name="settings_policy")
def policy_page(ws: WorkspaceDep, policy_code: str) -> Response:
    policy = _policy(ws, policy_code)
    form = replace(form_of(policy), min_amount=amount_text(policy.min_amount, ws.language))
    return ws.render("settings_policy.html", _policy_context(ws, policy, form))


def _policy_context(
    ws: Workspace, policy: Policy, form: PolicyForm, error: dict[str, Any] | None = None
) -> dict[str, Any]:
    blank = StepRow("", Basis.AFTER_PREVIOUS.value, "", StepChannel.EMAIL.value, "reminder")
    return _choices(ws) | {"policy": policy, "form": form, "rows": [*form.steps, blank],
                           "error": error, "typed": error is not None}  # fmt: skip


def _flag(ticked: list[int] | None, index: int) -> bool:
    return index in set(ticked or ())


def _step_row(values: tuple[str, str, str, str, str, str], flags: dict[str, bool]) -> StepRow:
    key, basis, days, channel, template, notice = values
    return StepRow(key, basis, days, channel, template, notice, **flags)


@router.post("/settings/policies/{policy_code}", name="settings_policy_save")
def save_policy(
    ws: WorkspaceDep, policy_code: str, name: Short, min_interval_days: Short, min_amount: Short,
    key: Rows, basis: Rows, days: Rows, channel: Rows, template: Rows, legal_notice: Rows,
    claims_costs: Ticked = None, claims_interest: Ticked = None, announces_costs: Ticked = None,
    friendly: Ticked = None, hand_over: Ticked = None, remove: Ticked = None,
) -> Response:  # fmt: skip
    """One policy as the table lists its steps; a blank row or a ticked "remove" is left
    out. Refused: the page again with what was typed, the row and column named."""
    require_admin(ws.signed_in)
    ticked = {"claims_costs": claims_costs, "claims_interest": claims_interest,
              "announces_costs": announces_costs, "friendly": friendly,
              "hand_over": hand_over}  # fmt: skip
    columns = zip(key, basis, days, channel, template, legal_notice, strict=False)
    rows = [
        _step_row(values, {f: _flag(ticked[f], n) for f in FLAGS})
        for n, values in enumerate(columns)
        if n not in set(remove or ()) and (values[0].strip() or values[2].strip())
    ]
    form = PolicyForm(name, min_interval_days, min_amount, tuple(rows))
    try:
        policy_forms.save_policy_form(ws.tijdig.uow(), ws.company, policy_code, form,
                                      actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        context = _policy_context(ws, _policy(ws, policy_code), form, _refusal(ws, error))
        return ws.render("settings_policy.html", context, status_code=status_for(error))
    url = ws.url("settings_policy_list", query={"done": "policy"})
    return RedirectResponse(f"{url}#policy-{policy_code}", status_code=303)
