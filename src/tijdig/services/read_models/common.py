"""What every read model shares: a page of a longer list, and the stored company's id."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer list, and how long the whole list is."""

    items: tuple[T, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Window:
    """Which page: at most `limit` items after skipping `offset`."""

    limit: int
    offset: int = 0


class InvoiceOrder(StrEnum):
    """How a list of one customer's invoices is sorted, as its URL says (`?sort=-due`):
    a leading `-` reverses. Each ends on the id, so that pages never overlap."""

    DUE = "due"  # the oldest due first: the default
    DUE_DESC = "-due"
    NUMBER = "number"
    NUMBER_DESC = "-number"
    OPEN = "open"
    OPEN_DESC = "-open"  # the largest open amount first


def company_id_of(company: Company) -> int:
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    return company.id
