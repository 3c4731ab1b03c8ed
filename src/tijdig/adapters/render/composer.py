"""The renderer behind the services' `Composer` port: a message request in, the
subject, bodies and attachments out (for a letter: the letter PDF first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tijdig.domain.collection.policy import StepChannel
from tijdig.services.collection.messages import ComposedMessage, MessageRequest
from tijdig.services.outbox import Attachment

from .messages import PDF, MessageContext, MessageRenderer, RenderedMessage

# (company id, customer id) -> the customer's signed portal link, or None (no portal).
PortalLink = Callable[[int, int], str | None]
# (company id, language, template) -> the company's own wording of it, or None.
OwnWording = Callable[[int, str, str], str | None]


class RenderComposer:
    """One per process or worker: the renderer keeps compiled templates (not thread-safe).
    With `portal_link`, every message carries the customer's own portal link."""

    def __init__(
        self,
        *,
        templates_dir: Path | None = None,
        portal_link: PortalLink | None = None,
        own_wording: OwnWording | None = None,
    ) -> None:
        self.renderer = MessageRenderer(templates_dir=templates_dir)
        self.portal_link = portal_link
        self.own_wording = own_wording

    def compose(self, request: MessageRequest) -> ComposedMessage:
        context = context_for(request, self._link(request))
        context = replace(context, template_text=self._wording(request))
        rendered = self.renderer.render(context)
        return composed_from(rendered, letter=request.channel is StepChannel.LETTER)

    def _wording(self, request: MessageRequest) -> str | None:
        """The text asked for (a preview of an edit), else the company's own, if any."""
        if request.template_text is not None:
            return request.template_text
        company_id = request.company.id
        if self.own_wording is None or company_id is None:
            return None
        language = request.customer.language.value
        return self.own_wording(company_id, language, request.proposal.step.template)

    def _link(self, request: MessageRequest) -> str | None:
        company_id, customer_id = request.company.id, request.customer.id
        if self.portal_link is None or company_id is None or customer_id is None:
            return None
        return self.portal_link(company_id, customer_id)


def context_for(request: MessageRequest, portal_url: str | None = None) -> MessageContext:
    """The renderer's context; the step goes out by the channel actually used."""
    proposal = request.proposal
    step = replace(proposal.step, channel=request.channel)
    return MessageContext(
        company=request.company,
        customer=request.customer,
        proposal=replace(proposal, step=step),
        invoices=request.invoices,
        invoice_pdfs=request.invoice_pdfs,
        as_of=request.as_of,
        policy=request.policy,
        claims=request.claims,
        portal_url=portal_url,
        disputes=request.disputes,
    )


def composed_from(rendered: RenderedMessage, *, letter: bool) -> ComposedMessage:
    attachments = [
        Attachment(a.filename, a.mime_type, a.content, a.content_id)
        for a in rendered.attachments
        if not (letter and a.content_id)  # a letter prints its QR code itself
    ]
    if letter and rendered.letter_pdf is not None:
        attachments.insert(0, Attachment("letter.pdf", PDF, rendered.letter_pdf))
    return ComposedMessage(
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html or None,
        attachments=tuple(attachments),
        stated=rendered.stated,
    )
