"""A company's limits for payment plans offered without a person's approval."""

from __future__ import annotations

from datetime import datetime

from tijdig.domain.collection.plans import PlanLimits
from tijdig.domain.parties import Company
from tijdig.services import audit
from tijdig.services.plans.ports import PlansUnitOfWork
from tijdig.services.records.ports import company_id_of


def plan_limits(uow: PlansUnitOfWork, company: Company) -> PlanLimits:
    """The company's limits (the defaults until it sets its own)."""
    with uow:
        return uow.plans.limits(company_id_of(company))


def set_plan_limits(
    uow: PlansUnitOfWork, company: Company, limits: PlanLimits, *, actor: str, at: datetime
) -> PlanLimits:
    """Save the company's limits (`plan.limits`)."""
    company_id = company_id_of(company)
    with uow:
        uow.plans.save_limits(company_id, limits, at=at)
        audit.record(
            uow, actor=actor, at=at, action="plan.limits", company_id=company_id,
            details=(f"at most {limits.max_instalments} plan instalments of at least "
                     f"{limits.min_instalment:.2f}, over at most {limits.max_months} months, "
                     f"deposit {'required' if limits.deposit_required else 'optional'}"),
        )  # fmt: skip
        uow.commit()
    return limits
