"""`/api/v1/inbox`: the linked replies read from the collection mailbox that wait for a
person, with what the classifier read in them (issue 19); and their confirmation, which
records the promise, the dispute or the task through the workspace's own use cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.collection.records import ReasonCode
from tijdig.engine.replies import ReplyKind
from tijdig.entrypoints.web.api.common import NO_NUL, Day, check_change, id_path
from tijdig.entrypoints.web.api.schemas import described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now
from tijdig.entrypoints.web.deps import CompanyCode, Installation
from tijdig.services.mailbox import inbox
from tijdig.services.mailbox.inbox_ports import InboxReply

router = APIRouter(prefix="/inbox", tags=["inbox"])
MessageId = Annotated[int, id_path("message")]


class ReasonRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str = described("The classifier's rule that fired (a code).")
    params: dict[str, str] = described("Its parameters: the words matched, a day read.")
    text: str = described("The reason in English.")


class ReplyRead(BaseModel):
    """A linked reply waiting for a person."""

    model_config = ConfigDict(frozen=True)

    id: int = described("The message's id.")
    customer: str | None = described("Customer number it is linked to.")
    sender: str = described("The sender's address.")
    subject: str = described("The subject, as sent.")
    received_at: datetime = described("When Tijdig read it.")
    suggested: ReplyKind | None = described(
        "What the rules read: paid, promise, dispute, copy_request, plan_request, other."
    )
    reasons: list[ReasonRead] = described("Why: the rules that fired.")
    promised_on: date | None = described("The day of payment read from the text.")
    dispute_reason: str | None = described("The dispute's reason code read from the text.")
    confidence: float | None = described("How plainly the text says it, 0..1 (no probability).")
    attachments: int = described("How many attachments it has.")

    @classmethod
    def of(cls, reply: InboxReply) -> ReplyRead:
        reasons = [ReasonRead(rule=r.rule, params=dict(r.params),
                              text=inbox.said_in_english(r.rule, r.params))
                   for r in reply.reasons]  # fmt: skip
        suggested = None if reply.reply_kind is None else ReplyKind(reply.reply_kind)
        return cls(id=reply.id, customer=reply.customer_number, sender=reply.from_address,
                   subject=reply.subject, received_at=reply.fetched_at, suggested=suggested,
                   reasons=reasons, promised_on=reply.promised_on,
                   dispute_reason=reply.dispute_reason, confidence=reply.confidence,
                   attachments=reply.attachments)  # fmt: skip


class Confirmation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ReplyKind | None = described("Confirm as this kind; default the one read.", default=None)
    promised_on: Day | None = described("A promise's day; default the one read.", default=None)
    invoice: str | None = Field(default=None, min_length=1, max_length=64, pattern=NO_NUL,
                                description="The invoice a dispute is about.")  # fmt: skip
    reason: ReasonCode | None = described("A dispute's reason; default the one read.",
                                          default=None)  # fmt: skip


class ConfirmedRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = described("The message's id.")
    kind: ReplyKind = described("The kind confirmed.")
    promised_on: date | None = described("The promise recorded, if any.")
    invoice: str | None = described("The invoice disputed, if any.")
    task: int | None = described("The task made, if any.")


@router.get("", response_model=list[ReplyRead])
def list_inbox(
    tijdig: Installation, signed_in: CurrentUser, code: CompanyCode = None
) -> list[ReplyRead]:
    """The linked replies waiting for a person, oldest first."""
    company = company_for(tijdig, signed_in.user, code)
    return [ReplyRead.of(r) for r in inbox.waiting(tijdig.uow(), company)]


@router.post("/{message}/confirm", response_model=ConfirmedRead)
def confirm(
    message: MessageId,
    body: Confirmation,
    tijdig: Installation,
    signed_in: CurrentUser,
    code: CompanyCode = None,
) -> ConfirmedRead:
    """Confirm what a reply says: the promise, the dispute or the task is recorded (or
    only the contact, for "other"), and the reply holds the customer no more."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    done = inbox.confirm_reply(tijdig.uow, company, message, as_kind=body.kind,
                               promised_on=body.promised_on, invoice=body.invoice,
                               dispute_reason=body.reason, actor=actor(signed_in),
                               at=now())  # fmt: skip
    return ConfirmedRead(id=message, kind=done.kind, promised_on=done.promised_on,
                         invoice=done.dispute_invoice, task=done.task_id)  # fmt: skip
