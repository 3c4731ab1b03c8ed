"""Previews, rendered and sent nowhere:
- `preview` (`tijdig preview`, the settings page): the message a step would send a
  customer today, by the channel the customer can be reached by, with the costs and
  interest claimed earlier and still open, as `tijdig send` shows them;
- `preview_item` (the workspace's run item preview): a run's message as `tijdig send`
  would work it out on a day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company, Language
from tijdig.domain.reasons import Reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.at_send import Dropped, Waiting
from tijdig.engine.preview import preview_proposal
from tijdig.services.collection.messages import (
    ComposedMessage,
    Composer,
    MessageRequest,
    SendUnitOfWork,
    channel_for,
    is_task,
    message_for_send,
    message_request,
)
from tijdig.services.collection.payload import MessagePayload
from tijdig.services.collection.review import ReviewUnitOfWork, company_id
from tijdig.services.collection.run import company_state, policies_for
from tijdig.services.collection.views import RunItem


def preview(
    uow_factory: Callable[[], SendUnitOfWork],
    company: Company,
    composer: Composer,
    customer_number: str,
    step_key: str,
    *,
    as_of: date,
    template_text: str | None = None,
    language: Language | None = None,
) -> tuple[MessageRequest, ComposedMessage]:
    """Render the message `step_key` would send the customer today, sending nothing;
    with `template_text` (an edit not stored) in its place of the template, and in
    `language` rather than the customer's own (template_texts.py)."""
    assert company.id is not None
    with uow_factory() as uow:
        state, policies = company_state(uow, company)
        customer = uow.customers.get(company.id, customer_number)
        found = None
        if customer is not None and customer.id is not None:
            found = uow.run_data.customer_state(company.id, customer.id, as_of=as_of)
        if found is None or customer is None or not found.invoices:
            raise NotFound(Refusal.NO_OPEN_INVOICES_AT, customer=customer_number,
                           company=company.code)  # fmt: skip
        policy_step = preview_proposal(found, state, policies, step_key, as_of=as_of).step
        channel = channel_for(policy_step.channel, customer)
        proposal = preview_proposal(found, state, policies, step_key, as_of=as_of,
                                    channel=channel)  # fmt: skip
        request = message_request(uow, company, customer, found.invoices, proposal, policies,
                                  as_of, None)  # fmt: skip
    if is_task(request):
        raise RuleViolation(Refusal.STEP_IS_A_TASK, step=step_key)
    if template_text is not None or language is not None:
        reader = (
            request.customer if language is None else replace(request.customer, language=language)
        )
        request = replace(request, template_text=template_text, customer=reader)
    return request, composer.compose(request)


@dataclass(frozen=True, slots=True)
class Preview:
    """A message item rendered as it would go out now, or why nothing would."""

    item: RunItem
    request: MessageRequest | None = None
    message: ComposedMessage | None = None
    # Why there is no message to show: "not_a_message" (a call, hold or warning), "waits"
    # (not a contact day), "not_due" (nothing in it is due any more), "task" (a step for a
    # person) or "erased" (its detail was erased); the engine's reasons in `why`.
    nothing: str = ""
    why: tuple[Reason, ...] = ()


def preview_item(
    uow_factory: Callable[[], ReviewUnitOfWork],
    company: Company,
    composer: Composer,
    run_id: int,
    item_id: int,
    *,
    as_of: date,
) -> Preview:
    """Render a run's message item as `tijdig send` would on `as_of`, sending nothing."""
    with uow_factory() as uow:
        item = uow.runs.run_item(company_id(company), run_id, item_id)
        if item is None:
            raise NotFound(
                Refusal.RUN_HAS_NO_ITEM_AT, run=run_id, company=company.code, item=item_id
            )
        if item.kind is not RunItemKind.MESSAGE:
            return Preview(item, nothing="not_a_message")
        payload = item.payload
        if not isinstance(payload, MessagePayload):
            return Preview(item, nothing="erased")
        policies = policies_for(uow, company)[1]
        proposal = payload.approved.proposal(policies)
        # Only this customer's claims: the company's would read every open invoice.
        claims = uow.runs.claims_left(company_id(company), proposal.customer_number)
        outcome, request = message_for_send(uow, company, proposal, policies, as_of,
                                            claims=claims)  # fmt: skip
    if isinstance(outcome, Waiting):
        return Preview(item, nothing="waits", why=(outcome.reason,))
    if isinstance(outcome, Dropped):
        return Preview(item, nothing="not_due", why=outcome.reasons)
    assert request is not None
    if is_task(request):
        return Preview(item, request, nothing="task")
    return Preview(item, request, composer.compose(request))
