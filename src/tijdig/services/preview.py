"""`tijdig preview`: the message a step would send a customer today, rendered, not sent;
with the costs and interest claimed earlier and still open, as `tijdig send` shows them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.engine.preview import preview_proposal
from tijdig.services.collection_send import (
    ComposedMessage,
    Composer,
    MessageRequest,
    SendUnitOfWork,
    is_task,
    message_request,
)
from tijdig.services.dunning import company_state


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
        found = list(
            uow.run_data.customer_states(company.id, as_of=as_of, customer_number=customer_number)
        )
        if not found:
            raise NotFound(f"customer {customer_number!r} has no open invoices at {company.code}")
        proposal = preview_proposal(found[0], state, policies, step_key, as_of=as_of)
        request = message_request(uow, company, proposal, policies, as_of)
    if request is None:
        raise NotFound(f"customer {customer_number!r} has nothing to show at step {step_key}")
    if is_task(request):
        raise RuleViolation(f"step {step_key} is a task for a person, not a message")
    return request, composer.compose(request)
