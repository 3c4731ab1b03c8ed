"""Pause dunning of a customer until a day, with a reason (issue 15), lift the pause before
its day, and read the customer's pauses. The daily run and the check at send hold the
customer while a pause holds (engine/checks.py `pause_hold`, coded `dunning_paused`); on
its `until` day collection resumes by itself. Setting one is audited (`customer.pause`)
and written to the contact log, so the timeline shows it at once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of, customer_of


class PauseStore(Protocol):
    def add(self, company_id: int, customer_id: int, pause: DunningPause, *, by: str) -> int: ...
    def lift(self, company_id: int, pause_id: int, lifted_on: date) -> None: ...
    def for_customer(self, company_id: int, customer_id: int) -> list[DunningPause]: ...


class PausesUnitOfWork(RecordsUnitOfWork, Protocol):
    @property
    def pauses(self) -> PauseStore: ...


def pause_dunning(
    uow: PausesUnitOfWork,
    company: Company,
    customer_number: str,
    *,
    until: date,
    why: str,
    as_of: date,
    actor: str,
    at: datetime,
) -> DunningPause:
    """Hold the customer from `as_of` until `until` (collection resumes that day), for
    the reason given. Audited as `customer.pause`; logged as a note in the contact log."""
    pause = DunningPause(customer_number, as_of, until, " ".join(why.split()))
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        pause_id = uow.pauses.add(company_id, customer.id, pause, by=actor)
        said = reason(Code.PAUSE_SET, until=until, why=pause.reason)
        event = ContactEvent(customer.number, ContactKind.NOTE, at, said, by=actor)
        uow.contact_log.add(company_id, customer.id, event)
        audit.record(uow, actor=actor, at=at, action="customer.pause", company_id=company_id,
                     customer_ids=[customer.id], subject=f"customer {customer.number}",
                     details=f"from {as_of} until {until}")  # fmt: skip
        uow.commit()
    return DunningPause(customer.number, as_of, until, pause.reason, None, pause_id)


def lift_pause(
    uow: PausesUnitOfWork,
    company: Company,
    customer_number: str,
    *,
    as_of: date,
    actor: str,
    at: datetime,
) -> list[DunningPause]:
    """Resume dunning from `as_of`: every pause of the customer holding that day holds no
    more (refused when none does). Audited as `customer.pause_lift`."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        holding = [p for p in uow.pauses.for_customer(company_id, customer.id) if p.holds_on(as_of)]
        if not holding:
            raise NotFound(Refusal.NOT_PAUSED, customer=customer.number, day=as_of)
        for pause in holding:
            assert pause.id is not None
            uow.pauses.lift(company_id, pause.id, as_of)
        until = max(p.until for p in holding)
        said = reason(Code.PAUSE_LIFTED, on=as_of, until=until)
        event = ContactEvent(customer.number, ContactKind.NOTE, at, said, by=actor)
        uow.contact_log.add(company_id, customer.id, event)
        audit.record(uow, actor=actor, at=at, action="customer.pause_lift",
                     company_id=company_id, customer_ids=[customer.id],
                     subject=f"customer {customer.number}", details=f"on {as_of}")  # fmt: skip
        uow.commit()
    return holding


def pauses_of(uow: PausesUnitOfWork, company: Company, customer_number: str) -> list[DunningPause]:
    """The customer's pauses, the latest set first. Writes nothing."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        return uow.pauses.for_customer(company_id, customer.id)
