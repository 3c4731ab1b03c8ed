"""`POST /api/v1/customers/{number}/mail`: a personal e-mail to the customer (issue 19),
from a template filled in for them or with the subject and text given, answering a
reply read from the collection mailbox when `reply_to` names one. The same service as
the customer page's form and `tijdig mail send-personal`."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.personal_mail import MAX_BODY, MAX_SUBJECT, MailTemplate
from tijdig.entrypoints.web.api.common import NO_NUL, CustomerNumberPath, check_change
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import MAX_ID, CompanyCode, Installation
from tijdig.services.mailbox import personal

router = APIRouter(prefix="/customers", tags=["customers"])


class PersonalMailCreate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                     description="The request's own key: the same key again sends nothing "
                     "twice.")  # fmt: skip
    template: MailTemplate = described(
        "The template the text starts from, filled in for the customer in their language.",
        default=MailTemplate.FOLLOW_UP,
    )
    subject: str | None = Field(default=None, max_length=MAX_SUBJECT, pattern=NO_NUL,
                                description="The subject (default: the template's; "
                                "answering a reply, `Re:` its subject).")  # fmt: skip
    body: str | None = Field(default=None, max_length=MAX_BODY, pattern=NO_NUL,
                             description="The text (default: the template's, which must "
                             "then have no `[[...]]` left to fill in).")  # fmt: skip
    attach: list[Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)]] = Field(
        default_factory=list, max_length=personal.MAX_ATTACHED,
        description="Invoices of the customer whose copies go with it.",
    )  # fmt: skip
    reply_to: int | None = Field(default=None, ge=1, le=MAX_ID,
                                 description="The id of the reply it answers "
                                 "(`/inbox`): threaded with it.")  # fmt: skip


class PersonalMailRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    outbox_id: int = described("The message's id in the outbox.")
    key: str = described("Its idempotency key, the local part of its Message-ID.")
    to: str = described("The address it went to.")
    subject: str = described("Its subject.")
    status: str = described("sent, pending (queued: goes with the next send), unconfirmed "
                            "or failed.")  # fmt: skip
    error: str | None = described("What the mail server said, when it was not sent.")
    again: bool = described("True when this key was sent before: nothing was sent twice.")


@router.post("/{number}/mail", response_model=PersonalMailRead, status_code=HTTPStatus.CREATED)
def send_personal_mail(
    number: CustomerNumberPath, body: PersonalMailCreate, tijdig: Installation,
    signed_in: CurrentUser, code: CompanyCode = None,
) -> PersonalMailRead:  # fmt: skip
    """E-mail the customer personally, now (queued when the mail server is away), logged
    in their timeline as the user's personal e-mail. 422: no e-mail address, every
    address bounced, no subject or text, a part left to fill in, a reply not theirs."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    written = personal.draft(tijdig.uow(), tijdig.customer_formats, company, number,
                             template=body.template, reply_to=body.reply_to)  # fmt: skip
    sent = personal.send_personal(
        tijdig.uow, tijdig.mailer(), company, number,
        subject=written.subject if body.subject is None else body.subject,
        body=written.body if body.body is None else body.body, template=body.template,
        reply_to=body.reply_to, attach=body.attach, copies=tijdig.mail_copies(),
        form_key=body.key, by=signed_in.user.username,
        actor=actor(signed_in), now=now(), policy=tijdig.retry_policy(),
    )  # fmt: skip
    return PersonalMailRead(outbox_id=sent.outbox_id, key=sent.key, to=sent.recipient,
                            subject=sent.subject, status=sent.status.value, error=sent.error,
                            again=sent.again)  # fmt: skip
