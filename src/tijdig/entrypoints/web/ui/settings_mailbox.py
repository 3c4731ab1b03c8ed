"""The collection mailbox in the workspace's settings (issue 19): its IMAP server, login,
folder and address, and its password (stored sealed with the installation's key; a
blank field keeps the stored one). Read by everyone who sees the company, changed by an
administrator, through `services.mailbox.settings`. Providers that allow only OAuth2
(Microsoft 365) are out of scope for now, and the page says so."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.mailbox import MailboxSettings, Tls
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.mailbox import settings as mailbox

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

DONE = {"saved": N_("Mailbox settings saved.")}
TLS_WORDS = {Tls.SSL.value: N_("TLS (port 993)"), Tls.STARTTLS.value: N_("STARTTLS (port 143)")}
Text = Annotated[str, Form(max_length=200)]


def _page(ws: Workspace, status_code: int = 200, **extra: Any) -> Response:
    context = {
        "stored": mailbox.mailbox_of(ws.tijdig.uow(), ws.company),
        "has_key": ws.tijdig.secret() is not None,
        "is_admin": ws.user.role.can_administer,
        "tls_words": TLS_WORDS, "error": "", "form": {}, "done": "",
    } | extra  # fmt: skip
    return ws.render("settings_mailbox.html", context, status_code=status_code)


@router.get("/settings/mailbox", name="settings_mailbox")
def mailbox_page(ws: WorkspaceDep, done: Annotated[str, Query(max_length=20)] = "") -> Response:
    return _page(ws, done=DONE.get(done, ""))


def _port(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidValue("port", Refusal.MAILBOX_PORT, port=text)
    return int(text)


@router.post("/settings/mailbox", name="settings_mailbox_save")
def save_mailbox(
    ws: WorkspaceDep,
    host: Text = "",
    port: Annotated[str, Form(max_length=6)] = "993",
    tls: Annotated[str, Form(max_length=10)] = Tls.SSL.value,
    username: Text = "",
    address: Text = "",
    folder: Text = "INBOX",
    password: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Store the settings; a blank password keeps the stored one."""
    require_admin(ws.signed_in)
    typed = {"host": host, "port": port, "tls": tls, "username": username, "address": address,
             "folder": folder}  # fmt: skip
    try:
        security = Tls.STARTTLS if tls == Tls.STARTTLS.value else Tls.SSL
        wanted = MailboxSettings(host=host.strip(), port=_port(port), username=username.strip(),
                                 address=address.strip(), folder=folder.strip(),
                                 tls=security)  # fmt: skip
        mailbox.connect_mailbox(ws.tijdig.uow, ws.tijdig.cipher(), ws.company, wanted,
                                password=password or None, actor=actor(ws.signed_in),
                                at=now())  # fmt: skip
    except TijdigError as error:
        return _page(ws, status_for(error), error=said(error, ws.language), form=typed)
    return RedirectResponse(ws.url("settings_mailbox", query={"done": "saved"}), status_code=303)
