"""The inbox (issue 19): `/inbox` lists the linked replies that wait for a person, each
with what the classifier read (its kind and reasons, the day promised, the dispute
reason) and a form to confirm it as that kind or another; its "not linked" tab lists the
messages no token, thread or sender linked, with a form to link one to a customer. A
message's page shows its text (escaped) and its attachments. The same services as
`tijdig mail inbox`, `tijdig mail confirm`, `tijdig mail link` and the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.mailbox import MailKind
from tijdig.domain.refusals import Refusal
from tijdig.engine.replies import Finding, ReplyKind, Rule
from tijdig.engine.replies import say as say_rule
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import day, said
from tijdig.entrypoints.web.ui.collection import REASON_LABELS, customer_url
from tijdig.entrypoints.web.ui.customer_action_forms import optional_day
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.mailbox import inbox, queue
from tijdig.services.mailbox.inbox_ports import Reason

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

KIND_LABELS = {
    ReplyKind.PAID: N_("Says it is paid"),
    ReplyKind.PROMISE: N_("Promise to pay"),
    ReplyKind.DISPUTE: N_("Dispute"),
    ReplyKind.COPY_REQUEST: N_("Asks for a copy"),
    ReplyKind.PLAN_REQUEST: N_("Asks for a payment plan"),
    ReplyKind.OTHER: N_("Other"),
}
MAIL_KINDS = {"reply": N_("Reply"), "auto_reply": N_("Automatic reply"), "bounce": N_("Bounce")}
DONE = {
    "confirmed": N_("Reply confirmed."),
    "linked": N_("Message linked to the customer."),
}
TABS = ("waiting", "not_linked")


def reason_text(reason: Reason, language: str) -> str:
    """A classifier's reason in the reader's words (the `replies` catalogue)."""
    try:
        rule = Rule(reason.rule)
    except ValueError:
        return reason.rule
    params: dict[str, str | date] = {}
    for name, value in reason.params.items():
        try:
            params[name] = date.fromisoformat(value) if name == "day" else value
        except ValueError:
            params[name] = value
    locale = i18n.LOCALES.get(language, "en_GB")
    return say_rule(Finding(rule, params), lambda text: i18n.gettext(language, text),
                    lambda value: day(value, locale))  # fmt: skip


def plan_url(ws: Workspace, number: str, invoices: list[str]) -> str:
    """The customer page's form to offer a payment plan, the invoices the reply answers
    ticked (none known: the form as it is)."""
    query = {"plan": ",".join(invoices)} if invoices else {}
    return f"{ws.url('customer', number=number, query=query)}#offer-plan"


def _page(ws: Workspace, tab: str, status_code: int = 200, **extra: Any) -> Response:
    replies = inbox.waiting(ws.tijdig.uow(), ws.company) if tab == "waiting" else []
    unlinked = queue.not_linked(ws.tijdig.uow(), ws.company) if tab == "not_linked" else []
    numbers = {r.customer_number for r in replies if r.customer_number}
    plans = [r for r in replies if r.customer_number and r.reply_kind == ReplyKind.PLAN_REQUEST]
    answered = inbox.invoices_answered(ws.tijdig.uow(), ws.company, plans) if plans else {}
    context = {
        "tab": tab, "replies": replies, "unlinked": unlinked,
        "reasons": {r.id: [reason_text(x, ws.language) for x in r.reasons] for r in replies},
        "kind_labels": {k.value: label for k, label in KIND_LABELS.items()},
        "mail_kinds": MAIL_KINDS,
        "dispute_labels": {r.value: label for r, label in REASON_LABELS.items()},
        "customer_urls": {n: customer_url(ws, n) for n in numbers},
        "plan_urls": {r.id: plan_url(ws, r.customer_number or "", answered.get(r.id, []))
                      for r in plans},
        "error": "", "done": "", "failed": None,
    } | extra  # fmt: skip
    return ws.render("inbox.html", context, status_code=status_code)


@router.get("/inbox", name="inbox")
def inbox_page(
    ws: WorkspaceDep,
    tab: Annotated[str, Query(max_length=20)] = "waiting",
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """Replies waiting for a person, or (tab) the messages not linked."""
    return _page(ws, tab if tab in TABS else "waiting", done=DONE.get(done, ""))


@router.get("/inbox/{mail_id}", name="inbox_message")
def message_page(ws: WorkspaceDep, mail_id: Id) -> Response:
    """One message read: its text as written (escaped by the template) and attachments."""
    shown = inbox.message(ws.tijdig.uow(), ws.company, mail_id)
    reply = shown.reply
    return ws.render("inbox_message.html", {
        "shown": shown, "reply": reply, "mail_kinds": MAIL_KINDS,
        "reasons": [reason_text(x, ws.language) for x in reply.reasons],
        "kind_labels": {k.value: label for k, label in KIND_LABELS.items()},
        "customer_url": customer_url(ws, reply.customer_number) if reply.customer_number
        else None,
        "reply_url": ws.url("customer_mail", number=reply.customer_number,
                            query={"reply_to": reply.id})
        if reply.customer_number and reply.kind is MailKind.REPLY else None,
    })  # fmt: skip


@router.get("/inbox/{mail_id}/attachments/{attachment_id}", name="inbox_attachment")
def attachment_file(ws: WorkspaceDep, mail_id: Id, attachment_id: Id) -> Response:
    """An attachment, downloaded (never shown inline: it came from outside)."""
    found = inbox.attachment(ws.tijdig.uow(), ws.company, mail_id, attachment_id)
    return Response(found.content, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"})  # fmt: skip


def _kind(text: str) -> ReplyKind | None:
    if not text:
        return None
    try:
        return ReplyKind(text)
    except ValueError:
        allowed = ", ".join(k.value for k in ReplyKind)
        raise InvalidValue("kind", Refusal.ONE_OF, value=text, allowed=allowed) from None


def _reason(text: str) -> ReasonCode | None:
    try:
        return ReasonCode(text) if text else None
    except ValueError:
        allowed = ", ".join(r.value for r in ReasonCode)
        raise InvalidValue("reason", Refusal.ONE_OF, value=text, allowed=allowed) from None


@router.post("/inbox/{mail_id}/confirm", name="inbox_confirm")
def confirm(
    ws: WorkspaceDep,
    mail_id: Id,
    kind: Annotated[str, Form(max_length=20)] = "",
    promised_on: Annotated[str, Form(max_length=20)] = "",
    invoice: Annotated[str, Form(max_length=100)] = "",
    reason: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Confirm the reply as the kind chosen (by default the one suggested)."""
    require_change(ws.signed_in)
    try:
        inbox.confirm_reply(ws.tijdig.uow, ws.company, mail_id, as_kind=_kind(kind),
                            promised_on=optional_day(promised_on, "promised_on"),
                            invoice=invoice.strip() or None,
                            dispute_reason=_reason(reason), actor=actor(ws.signed_in),
                            at=now())  # fmt: skip
    except TijdigError as error:
        return _page(ws, "waiting", status_for(error), error=said(error, ws.language),
                     failed=mail_id)  # fmt: skip
    return RedirectResponse(ws.url("inbox", query={"done": "confirmed"}), status_code=303)


@router.post("/inbox/{mail_id}/link", name="inbox_link")
def link(
    ws: WorkspaceDep, mail_id: Id, customer: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    """Link a message of the "not linked" queue to a customer."""
    require_change(ws.signed_in)
    try:
        queue.link_by_hand(ws.tijdig.uow, ws.company, mail_id, customer.strip(),
                           actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return _page(ws, "not_linked", status_for(error), error=said(error, ws.language),
                     failed=mail_id)  # fmt: skip
    query = {"tab": "not_linked", "done": "linked"}
    return RedirectResponse(ws.url("inbox", query=query), status_code=303)
