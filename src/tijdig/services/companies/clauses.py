"""The damages and interest clause of a company's terms for Belgian consumers, and a
customer's own contract clause that overrides it (Book XIX WER; domain/legal/be_clause.py).

A clause above the caps is void: `set_clause` refuses it, naming the cap, and changes
nothing. Every change is audited in the transaction that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.errors import NotFound
from tijdig.domain.legal.be_clause import DamagesClause, check_clause
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.domain.users import AuditEntry
from tijdig.services.access.users import Audit
from tijdig.services.collection.run import Clauses
from tijdig.services.ports import UnitOfWork


class ClauseUnitOfWork(UnitOfWork, Protocol):
    @property
    def clauses(self) -> Clauses: ...
    @property
    def audit(self) -> Audit: ...


def _customer_id(uow: ClauseUnitOfWork, company: Company, number: str | None) -> int | None:
    assert company.id is not None
    if number is None:
        return None
    customer = uow.customers.get(company.id, number)
    if customer is None or customer.id is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=company.code)
    return customer.id


def _whose(company: Company, number: str | None) -> str:
    return f"customer {number}" if number else f"company {company.code}"


def set_clause(
    uow: ClauseUnitOfWork,
    company: Company,
    clause: DamagesClause,
    *,
    customer_number: str | None = None,
    actor: str,
    now: datetime,
    today: date,
) -> DamagesClause:
    """Store the company's clause (or a customer's own), once checked against the caps."""
    assert company.id is not None
    check_clause(clause, on=today)
    with uow:
        customer_id = _customer_id(uow, company, customer_number)
        uow.clauses.save(company.id, clause, customer_id=customer_id, at=now)
        uow.audit.add(AuditEntry(
            at=now, actor=actor, action="clause.set", company_id=company.id,
            customer_id=customer_id, subject=_whose(company, customer_number),
            details=describe(clause),
        ))  # fmt: skip
        uow.commit()
    return clause


def remove_clause(
    uow: ClauseUnitOfWork,
    company: Company,
    *,
    customer_number: str | None = None,
    actor: str,
    now: datetime,
) -> bool:
    """Remove the company's clause (or a customer's own); whether there was one."""
    assert company.id is not None
    with uow:
        customer_id = _customer_id(uow, company, customer_number)
        removed = uow.clauses.remove(company.id, customer_id=customer_id)
        if removed:
            uow.audit.add(AuditEntry(
                at=now, actor=actor, action="clause.remove", company_id=company.id,
                customer_id=customer_id, subject=_whose(company, customer_number),
            ))  # fmt: skip
        uow.commit()
    return removed


@dataclass(frozen=True, slots=True)
class ClauseInForce:
    """The clause in force for a customer (or the company's), and whose it is."""

    clause: DamagesClause | None  # None: nothing is announced or claimed
    own: bool = False  # the customer's own contract clause, not the company's terms


def clause_in_force(
    uow: ClauseUnitOfWork, company: Company, *, customer_number: str | None = None
) -> ClauseInForce:
    """The clause in force: a customer's own, else the company's, else none."""
    assert company.id is not None
    with uow:
        customer_id = _customer_id(uow, company, customer_number)
        own = uow.clauses.get(company.id, customer_id) if customer_id else None
        if own is not None:
            return ClauseInForce(own, own=True)
        return ClauseInForce(uow.clauses.get(company.id))


def clause_of(
    uow: ClauseUnitOfWork, company: Company, *, customer_number: str | None = None
) -> DamagesClause | None:
    """The clause in force: a customer's own, else the company's (None: none)."""
    return clause_in_force(uow, company, customer_number=customer_number).clause


def describe(clause: DamagesClause) -> str:
    """The clause's figures in one line (for the audit log and the CLI)."""
    if clause.legal_scale:
        damages = "damages: the Book XIX maximum"
    elif clause.agrees_damages:
        damages = f"damages: {clause.damages_percent} % of the balance"
        damages += f", at least EUR {clause.damages_minimum}" if clause.damages_minimum else ""
        if clause.damages_maximum is not None:
            damages += f", at most EUR {clause.damages_maximum}"
    else:
        damages = "no damages"
    interest = "no interest" if clause.interest_rate is None else (
        f"interest {clause.interest_rate} % a year")  # fmt: skip
    return f"{clause.reference}: {damages}; {interest}"
