"""A personal e-mail to the customer (issue 19): `/customers/{number}/mail` shows the
form, its text the template chosen filled in for the customer (in their language, their
amounts and days); the inbox's "Reply" opens it answering a reply (`?reply_to=`),
threaded. Sending goes through `services.mailbox.personal.send_personal`, as the CLI
and the API: once per form (its own key), queued when the mail server is away, and in
the customer's timeline as the writer's personal e-mail. A read-only user is refused
(403); a refused e-mail re-shows the form with what was typed and the reason."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response

from tijdig.domain.errors import TijdigError
from tijdig.domain.personal_mail import MAX_BODY, MAX_SUBJECT, MailTemplate, template_of
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import MAX_ID
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui.collection import customer_url
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.mailbox import personal

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

TEMPLATE_LABELS = {
    MailTemplate.FOLLOW_UP: N_("Follow-up of a payment reminder"),
    MailTemplate.ANSWER: N_("Answer to a question"),
    MailTemplate.AGREEMENT: N_("Confirm an agreement"),
    MailTemplate.FREE: N_("Free text"),
}
STATUS_TEXTS = {
    "sent": N_("Sent to {address}."),
    "again": N_("This e-mail was sent before, to {address}: nothing was sent twice."),
    "queued": N_("Queued for {address}: it goes with the next send ({error})."),
    "failed": N_("Not sent to {address}: {error}"),
}
ReplyTo = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def _form(
    ws: Workspace,
    number: str,
    written: personal.PersonalDraft,
    *,
    subject: str,
    body: str,
    form_key: str,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    context = {
        "customer": written.customer, "written": written, "subject": subject, "body": body,
        "form_key": form_key, "templates": {t.value: label for t, label in TEMPLATE_LABELS.items()},
        "customer_url": customer_url(ws, number), "can_change": ws.user.role.can_change,
        "max_subject": MAX_SUBJECT, "max_body": MAX_BODY, "error": None, "result": None,
        "status_texts": STATUS_TEXTS, "attached": [],
    } | extra  # fmt: skip
    return ws.render("personal_mail.html", context, status_code=status_code)


def _draft(
    ws: Workspace, number: str, template: str, reply_to: int | None
) -> personal.PersonalDraft:
    chosen = template_of(template) if template else (
        MailTemplate.ANSWER if reply_to else MailTemplate.FOLLOW_UP)  # fmt: skip
    return personal.draft(ws.tijdig.uow(), ws.tijdig.customer_formats, ws.company, number,
                          template=chosen, reply_to=reply_to)  # fmt: skip


@router.get("/customers/{number}/mail", name="customer_mail")
def mail_form(
    ws: WorkspaceDep,
    number: str,
    template: Annotated[str, Query(max_length=20)] = "",
    reply_to: ReplyTo = None,
) -> Response:
    """The form, its text the template filled in for the customer. Reads only."""
    written = _draft(ws, number, template, reply_to)
    return _form(ws, number, written, subject=written.subject, body=written.body,
                 form_key=secrets.token_urlsafe(24))  # fmt: skip


@router.post("/customers/{number}/mail", name="customer_mail_send")
def send_mail(
    ws: WorkspaceDep,
    number: str,
    subject: Annotated[str, Form(max_length=MAX_SUBJECT + 100)] = "",
    body: Annotated[str, Form(max_length=MAX_BODY + 1000)] = "",
    template: Annotated[str, Form(max_length=20)] = "free",
    reply_to: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    form_key: Annotated[str, Form(max_length=100)] = "",
    attach: Annotated[list[str] | None, Form(max_length=64)] = None,
) -> Response:
    """Send the e-mail written, once per form; the form again with how it went."""
    user = require_change(ws.signed_in)
    written = _draft(ws, number, template, reply_to)
    try:
        sent = personal.send_personal(
            ws.tijdig.uow, ws.tijdig.mailer(), ws.company, number, subject=subject, body=body,
            template=written.template, reply_to=reply_to, attach=attach or (),
            copies=ws.tijdig.mail_copies(), form_key=form_key, by=user.username,
            actor=actor(ws.signed_in), now=now(), policy=ws.tijdig.retry_policy(),
        )  # fmt: skip
    except TijdigError as error:
        return _form(ws, number, written, subject=subject, body=body, form_key=form_key,
                     status_code=status_for(error), error=error, attached=attach or [])  # fmt: skip
    result = {"key": _outcome(sent), "address": sent.recipient, "error": sent.error or ""}
    return _form(ws, number, written, subject=subject, body=body, form_key=form_key,
                 result=result, attached=attach or [])  # fmt: skip


def _outcome(sent: personal.PersonalSent) -> str:
    """A key of STATUS_TEXTS."""
    if sent.again:
        return "again"
    if sent.status.value == "sent":
        return "sent"
    return "queued" if sent.status.value in ("pending", "sending") else "failed"
