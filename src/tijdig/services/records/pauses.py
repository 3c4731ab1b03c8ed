"""Pause dunning of a customer until a day, with a reason (issue 15), and read the
customer's pauses. The daily run and the check at send hold the customer while a pause
holds (engine/checks.py `pause_hold`, coded `dunning_paused`); on its `until` day
collection resumes by itself. Setting one is audited (`customer.pause`) and written to
the contact log, so the timeline shows it at once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.services import audit
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of, customer_of


class PauseStore(Protocol):
    def add(self, company_id: int, customer_id: int, pause: DunningPause, *, by: str) -> int: ...
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


def pauses_of(uow: PausesUnitOfWork, company: Company, customer_number: str) -> list[DunningPause]:
    """The customer's pauses, the latest set first. Writes nothing."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        return uow.pauses.for_customer(company_id, customer.id)
