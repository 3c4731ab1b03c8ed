"""Credit hold by rule through the API, as the CLI: a hold by hand and its lifting
(`/customers/{number}/credit/hold|lift`), the company's rules and webhooks
(`/companies/{code}/credit-rules`, `/companies/{code}/webhooks`: administrators only),
the delivery log, and a refresh. A customer's status: `GET /customers/{number}/credit`.
How a receiver checks a webhook's signature: docs/webhooks.md."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from tijdig.domain.credit import MAX_OVERDUE_AMOUNT, MAX_OVERDUE_DAYS, CreditRules
from tijdig.domain.webhooks import MAX_URL
from tijdig.entrypoints.web.api.common import NO_NUL, CustomerNumberPath, check_change
from tijdig.entrypoints.web.api.companies import CompanyPath
from tijdig.entrypoints.web.api.customers import CreditStatusRead, credit_read
from tijdig.entrypoints.web.api.schemas import Amount, described
from tijdig.entrypoints.web.auth import CurrentUser, actor, company_for, now, require_admin
from tijdig.entrypoints.web.deps import AsOfDate, CompanyCode, Installation, today
from tijdig.services.credit import status as credit
from tijdig.services.credit import webhooks as hooks
from tijdig.services.credit.ports import Webhook, WebhookEvent
from tijdig.services.credit.status import MAX_REASON, Refreshed

router = APIRouter(tags=["credit"])
WebhookId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The webhook's id.")]


class HoldWrite(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=1, max_length=MAX_REASON, pattern=NO_NUL,
                        description="Why the customer is put on hold.")  # fmt: skip


class RulesBody(BaseModel):
    """The company's rules; each is off (null / false) or on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    overdue_days: int | None = Field(default=None, ge=0, le=MAX_OVERDUE_DAYS, description=(
        "Hold when an invoice is more than this many days overdue; null: off."))  # fmt: skip
    overdue_amount: Amount | None = Field(default=None, ge=Decimal(0), le=MAX_OVERDUE_AMOUNT,
                                          decimal_places=2, description=(
        "Hold when more than this (EUR) is overdue; null: off."))  # fmt: skip
    over_limit: bool = described("Hold when the open EUR amount exceeds the credit limit.",
                                 default=True)  # fmt: skip
    broken_plan: bool = described("Hold while a broken payment plan's invoices are open.",
                                  default=False)  # fmt: skip
    handed_over: bool = described("Hold when the customer is handed over (agency, lawyer).",
                                  default=True)  # fmt: skip

    @classmethod
    def of(cls, rules: CreditRules) -> RulesBody:
        return cls(overdue_days=rules.overdue_days, overdue_amount=rules.overdue_amount,
                   over_limit=rules.over_limit, broken_plan=rules.broken_plan,
                   handed_over=rules.handed_over)  # fmt: skip

    def rules(self) -> CreditRules:
        return CreditRules(self.overdue_days, self.overdue_amount, self.over_limit,
                           self.broken_plan, self.handed_over)  # fmt: skip


class ChangeRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer: str = described("Customer number.")
    before: str = described("The status announced before: ok or hold.")
    after: str = described("The status now: ok or hold.")


class RefreshRead(BaseModel):
    """What a refresh found: the customers whose status changed, the events queued."""

    model_config = ConfigDict(frozen=True)

    checked: int = described("Customers worked out.")
    changes: list[ChangeRead] = described("Each customer whose status changed.")
    events: int = described("Webhook events queued (one per change and URL).")

    @classmethod
    def of(cls, done: Refreshed) -> RefreshRead:
        return cls(checked=done.checked, events=done.events, changes=[
            ChangeRead(customer=c.customer, before=c.before.state.value,
                       after=c.after.state.value) for c in done.changes])  # fmt: skip


class WebhookWrite(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(min_length=1, max_length=MAX_URL, pattern=NO_NUL,
                     description="An https:// URL to post events to.")  # fmt: skip


class WebhookRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = described("The webhook's id.")
    url: str = described("Where events are posted.")
    created_by: str = described("Who added it.")
    created_at: datetime = described("When it was added.")

    @classmethod
    def of(cls, hook: Webhook) -> WebhookRead:
        return cls(id=hook.id, url=hook.url, created_by=hook.created_by,
                   created_at=hook.created_at)  # fmt: skip


class WebhookCreated(WebhookRead):
    secret: str = described("The signing secret: shown this once, keep it.")


class AttemptRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int = described("1 for the first attempt.")
    at: datetime = described("When it was made.")
    status_code: int | None = described("The HTTP status answered; null: no answer.")
    error: str | None = described("What went wrong, if it did.")


class EventRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: str = described("The event's id: the same on every attempt.")
    type: str = described("The event's type, e.g. credit.status_changed.")
    url: str = described("Where it is posted.")
    customer: str | None = described("The customer it is about.")
    status: str = described("pending, sending, delivered or cancelled.")
    next_attempt_at: datetime | None = described("When it is tried again, if it will be.")
    attempts: list[AttemptRead] = described("Every attempt, the first first.")

    @classmethod
    def of(cls, e: WebhookEvent) -> EventRead:
        return cls(
            event_id=e.event_id, type=e.kind, url=e.url, customer=e.customer,
            status=e.status.value, next_attempt_at=e.next_attempt_at,
            attempts=[AttemptRead(number=a.number, at=a.at, status_code=a.status_code,
                                  error=a.error) for a in e.attempts],
        )  # fmt: skip


@router.post("/customers/{number}/credit/hold", response_model=CreditStatusRead,
             tags=["customers"])  # fmt: skip
def hold(
    number: CustomerNumberPath, body: HoldWrite, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> CreditStatusRead:  # fmt: skip
    """Put the customer on hold by hand, saying why (409 while one runs); announced."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    on = today()
    credit.hold(tijdig.uow(), company, number, reason=body.reason, as_of=on,
                actor=actor(signed_in), at=now())  # fmt: skip
    return credit_read(tijdig, company, number, on)


@router.post("/customers/{number}/credit/lift", response_model=CreditStatusRead,
             tags=["customers"])  # fmt: skip
def lift(
    number: CustomerNumberPath, tijdig: Installation, signed_in: CurrentUser,
    code: CompanyCode = None,
) -> CreditStatusRead:  # fmt: skip
    """Lift the customer's hold by hand (404 when there is none); the rules may still
    hold it. Announced."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    on = today()
    credit.lift(tijdig.uow(), company, number, as_of=on, actor=actor(signed_in), at=now())
    return credit_read(tijdig, company, number, on)


@router.post("/companies/{code}/credit/refresh", response_model=RefreshRead)
def refresh(
    code: CompanyPath, tijdig: Installation, signed_in: CurrentUser, as_of: AsOfDate
) -> RefreshRead:
    """Work every customer's status out for the day; each change is queued for the
    webhooks."""
    check_change(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    done = credit.refresh_credit_statuses(tijdig.uow(), company, as_of=as_of,
                                          actor=actor(signed_in), at=now())  # fmt: skip
    return RefreshRead.of(done)


@router.get("/companies/{code}/credit-rules", response_model=RulesBody)
def get_rules(code: CompanyPath, tijdig: Installation, signed_in: CurrentUser) -> RulesBody:
    """The company's rules for putting a customer on hold."""
    company = company_for(tijdig, signed_in.user, code)
    return RulesBody.of(credit.rules(tijdig.uow(), company))


@router.put("/companies/{code}/credit-rules", response_model=RefreshRead)
def put_rules(
    code: CompanyPath, body: RulesBody, tijdig: Installation, signed_in: CurrentUser
) -> RefreshRead:
    """Store the company's rules (administrators); statuses are worked out again today."""
    require_admin(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    done = credit.save_rules(tijdig.uow(), company, body.rules(), as_of=today(),
                             actor=actor(signed_in), at=now())  # fmt: skip
    return RefreshRead.of(done)


@router.get("/companies/{code}/webhooks", response_model=list[WebhookRead])
def list_webhooks(
    code: CompanyPath, tijdig: Installation, signed_in: CurrentUser
) -> list[WebhookRead]:
    """The company's webhook URLs (administrators)."""
    require_admin(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    return [WebhookRead.of(h) for h in hooks.webhooks(tijdig.uow(), company)]


@router.post("/companies/{code}/webhooks", response_model=WebhookCreated,
             status_code=HTTPStatus.CREATED)  # fmt: skip
def add_webhook(
    code: CompanyPath, body: WebhookWrite, tijdig: Installation, signed_in: CurrentUser
) -> WebhookCreated:
    """Add a URL (https only; administrators); its signing secret is in this answer only."""
    require_admin(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    made = hooks.add_webhook(tijdig.uow(), company, body.url,
                             allow_local_http=tijdig.settings.webhooks_allow_local_http,
                             actor=actor(signed_in), at=now())  # fmt: skip
    return WebhookCreated(**WebhookRead.of(made.webhook).model_dump(), secret=made.secret)


@router.delete("/companies/{code}/webhooks/{webhook_id}", status_code=HTTPStatus.NO_CONTENT)
def remove_webhook(
    code: CompanyPath, webhook_id: WebhookId, tijdig: Installation, signed_in: CurrentUser
) -> None:
    """Remove a URL (administrators): its undelivered events are cancelled."""
    require_admin(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    hooks.remove_webhook(tijdig.uow(), company, webhook_id, actor=actor(signed_in), at=now())


@router.get("/companies/{code}/webhooks/log", response_model=list[EventRead])
def webhook_log(code: CompanyPath, tijdig: Installation, signed_in: CurrentUser) -> list[EventRead]:
    """The latest 50 events with every attempt (administrators)."""
    require_admin(signed_in)
    company = company_for(tijdig, signed_in.user, code)
    return [EventRead.of(e) for e in hooks.delivery_log(tijdig.uow(), company)]
