"""Users, for administrators only: list, add (role, language, companies), change role and
companies, deactivate, set a new password, through `services.access.users` as the CLI;
the service audits each change and refuses an administrator demoting or deactivating
themselves (someone must be left to administer)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import InvalidValue, NotFound, TijdigError
from tijdig.domain.refusals import Refusal
from tijdig.domain.users import Role, User
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.access import users
from tijdig.services.companies.companies import list_companies

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

DONE = {"added": "User added.", "changed": "User changed.", "password": "New password set."}
Codes = Annotated[list[str] | None, Form(max_length=32)]


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise InvalidValue("role", Refusal.ONE_OF, value=text, allowed=names) from None


def _context(ws: Workspace) -> dict[str, Any]:
    with ws.tijdig.uow() as uow:
        everyone = uow.users.all()
    companies = list_companies(ws.tijdig.uow())
    return {"users": everyone, "all_companies": companies,
            "codes": {c.id: c.code for c in companies}, "roles": list(Role),
            "errors": {}, "done": "", "form": {}}  # fmt: skip


def _page(ws: Workspace, **extra: Any) -> Response:
    error = extra.pop("error", None)
    context = _context(ws) | extra
    if error is None:
        return ws.render("settings_users.html", context)
    context["errors"] = {extra.get("section", "add"): said(error, ws.language)}
    return ws.render("settings_users.html", context, status_code=status_for(error))


@router.get("/settings/users", name="settings_users")
def users_page(ws: WorkspaceDep, done: Annotated[str, Query(max_length=20)] = "") -> Response:
    require_admin(ws.signed_in)
    return _page(ws, done=DONE.get(done, ""))


def _ids(ws: Workspace, codes: list[str] | None) -> frozenset[int]:
    known = {c.code: c.id for c in list_companies(ws.tijdig.uow()) if c.id is not None}
    unknown = [code for code in codes or [] if code not in known]
    if unknown:
        raise InvalidValue("companies", Refusal.NOT_FOUND, thing="company", key=unknown[0])
    return frozenset(known[code] for code in codes or [])


def _done(ws: Workspace, done: str) -> Response:
    return RedirectResponse(ws.url("settings_users", query={"done": done}), status_code=303)


@router.post("/settings/users", name="settings_add_user")
def add_user(
    ws: WorkspaceDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=32)] = "credit_controller",
    language: Annotated[str, Form(max_length=2)] = "nl",
    company: Codes = None,
) -> Response:
    require_admin(ws.signed_in)
    form = {"username": username, "name": name, "role": role, "language": language}
    try:
        users.add_user(
            ws.tijdig.uow(), ws.tijdig.passwords(), username=username, name=name,
            password=password, role=_role(role), language=language,
            company_ids=_ids(ws, company), actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except TijdigError as error:
        return _page(ws, error=error, section="add", form=form)
    return _done(ws, "added")


def _user(ws: Workspace, username: str) -> User:
    try:
        return users.get_user(ws.tijdig.uow(), username)
    except NotFound:
        raise NotFound(Refusal.NOT_FOUND, thing="user", key=username) from None


@router.post("/settings/users/{username}", name="settings_change_user")
def change_user(
    ws: WorkspaceDep,
    username: str,
    role: Annotated[str, Form(max_length=32)],
    language: Annotated[str, Form(max_length=2)] = "nl",
    active: Annotated[bool, Form()] = False,
    company: Codes = None,
) -> Response:
    admin = require_admin(ws.signed_in)
    user = _user(ws, username)
    try:
        wanted = _ids(ws, company)
        users.update_user(ws.tijdig.uow(), user, role=_role(role), language=language,
                          active=active, grant=wanted - user.company_ids,
                          revoke=user.company_ids - wanted, changed_by=admin,
                          actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return _page(ws, error=error, section=f"user-{username}")
    return _done(ws, "changed")


@router.post("/settings/users/{username}/password", name="settings_user_password")
def set_password(
    ws: WorkspaceDep, username: str, password: Annotated[str, Form(max_length=1024)]
) -> Response:
    """A new password signs the user out everywhere."""
    require_admin(ws.signed_in)
    user = _user(ws, username)
    try:
        users.set_password(ws.tijdig.uow(), ws.tijdig.passwords(), user, password,
                           actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return _page(ws, error=error, section=f"user-{username}")
    return _done(ws, "password")
