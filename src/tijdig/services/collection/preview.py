"""`tijdig preview`: the message a step would send a customer today, rendered, not sent;
by the channel the customer can be reached by, with the costs and interest claimed
earlier and still open, as `tijdig send` shows them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.engine.preview import preview_proposal
from tijdig.services.collection.messages import (
    ComposedMessage,
    Composer,
    MessageRequest,
    SendUnitOfWork,
    channel_for,
    is_task,
    message_request,
)
from tijdig.services.collection.run import company_state


def preview(
    uow_factory: Callable[[], SendUnitOfWork],
    company: Company,
    composer: Composer,
    customer_number: str,
    step_key: str,
    *,
    as_of: date,
) -> tuple[MessageRequest, ComposedMessage]:
    """Render the message `step_key` would send the customer today, sending nothing."""
    assert company.id is not None
    with uow_factory() as uow:
        state, policies = company_state(uow, company)
        customer = uow.customers.get(company.id, customer_number)
        found = None
        if customer is not None and customer.id is not None:
            found = uow.run_data.customer_state(company.id, customer.id, as_of=as_of)
        if found is None or customer is None or not found.invoices:
            raise NotFound(f"customer {customer_number!r} has no open invoices at {company.code}")
        policy_step = preview_proposal(found, state, policies, step_key, as_of=as_of).step
        channel = channel_for(policy_step.channel, customer)
        proposal = preview_proposal(found, state, policies, step_key, as_of=as_of,
                                    channel=channel)  # fmt: skip
        request = message_request(uow, company, customer, found.invoices, proposal, policies,
                                  as_of, None)  # fmt: skip
    if is_task(request):
        raise RuleViolation(f"step {step_key} is a task for a person, not a message")
    return request, composer.compose(request)
