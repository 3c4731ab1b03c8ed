"""The hardship repository, one contract for the fake (tests/fakes.py), SQLite and
PostgreSQL: what one returns, the others do."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.adapters.db.conftest import Store
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.parties import Company, Customer

AT = datetime(2026, 1, 1, tzinfo=UTC)
D = date(2026, 10, 1)


def _setup(store: Store) -> tuple[int, int, int, int, int]:
    """Two companies; customers K1 and K2 of the first, Z1 of the second."""
    with store() as uow:
        company = uow.companies.add(Company("ACME", "Acme"), at=AT).id or 0
        other = uow.companies.add(Company("ZED", "Zed"), at=AT).id or 0
        uow.customers.save_many(company, [Customer("K1", "Een"), Customer("K2", "Twee")])
        uow.customers.save_many(other, [Customer("Z1", "Zed")])
        ids = uow.customers.ids_by_number(company)
        z1 = uow.customers.ids_by_number(other)["Z1"]
        uow.commit()
    return company, other, ids["K1"], ids["K2"], z1


def test_statuses_are_kept_with_their_history_and_found_active_on_a_day(store: Store) -> None:
    company, other, k1, k2, z1 = _setup(store)
    counselling = HardshipStatus("x", HardshipKind.DEBT_COUNSELLING, date(2026, 3, 1), "brief")
    wsnp = HardshipStatus("x", HardshipKind.WSNP, D, "vonnis", "dossier/2026-17.pdf")
    with store() as uow:
        first = uow.hardship.add(company, k1, counselling)
        uow.hardship.add(company, k1, wsnp)
        uow.hardship.add(company, k2, HardshipStatus("x", HardshipKind.DECEASED, D, "akte"))
        uow.hardship.add(other, z1, HardshipStatus("x", HardshipKind.BANKRUPTCY, D, "vonnis"))
        uow.hardship.end(other, first, D)  # another company's id: nothing
        uow.commit()
    with store() as uow:
        assert uow.hardship.active_by_customer(company, date(2026, 5, 1)) == {
            k1: HardshipStatus("K1", HardshipKind.DEBT_COUNSELLING, date(2026, 3, 1), "brief")
        }
        uow.hardship.end(company, first, D)
        uow.commit()
    with store() as uow:
        history = uow.hardship.for_customer(company, k1)
        assert [s for _id, s in history] == [
            HardshipStatus("K1", HardshipKind.WSNP, D, "vonnis", "dossier/2026-17.pdf"),
            HardshipStatus("K1", HardshipKind.DEBT_COUNSELLING, date(2026, 3, 1), "brief",
                           ended_on=D),
        ]  # fmt: skip
        assert history[1][0] == first
        # a past day sees the status as it was then: ended only from D
        assert uow.hardship.active_by_customer(company, date(2026, 5, 1)) == {k1: history[1][1]}
        on_d = uow.hardship.active_by_customer(company, D)
        assert {c: s.kind for c, s in on_d.items()} == {
            k1: HardshipKind.WSNP, k2: HardshipKind.DECEASED}  # fmt: skip
        assert uow.hardship.active_by_customer(company, date(2026, 2, 28)) == {}
        only = uow.hardship.active_by_customer(company, D, customer_id=k2)
        assert {c: s.kind for c, s in only.items()} == {k2: HardshipKind.DECEASED}
        assert [s.customer_number for _i, s in uow.hardship.for_customer(other, z1)] == ["Z1"]


def test_a_company_keeps_its_own_task_texts_per_kind(store: Store) -> None:
    company, other, *_ = _setup(store)
    with store() as uow:
        uow.hardship.save_task_text(company, HardshipKind.WSNP, "Meld aan bij de bewindvoerder.")
        uow.hardship.save_task_text(company, HardshipKind.BANKRUPTCY, "Curator!")
        uow.hardship.save_task_text(other, HardshipKind.WSNP, "Zed's eigen tekst")
        uow.commit()
    with store() as uow:
        uow.hardship.save_task_text(company, HardshipKind.BANKRUPTCY, "Meld aan bij de curator.")
        uow.hardship.save_task_text(company, HardshipKind.WSNP, None)  # back to the default
        uow.commit()
    with store() as uow:
        assert uow.hardship.task_texts(company) == {
            HardshipKind.BANKRUPTCY: "Meld aan bij de curator."
        }
        assert uow.hardship.task_texts(other) == {HardshipKind.WSNP: "Zed's eigen tekst"}
