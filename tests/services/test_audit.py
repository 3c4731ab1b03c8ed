"""`audit.record` writes in the caller's transaction: with the change, or not at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.services.audit import record

AT = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)


def _entries(app: Tijdig) -> list[tuple[str, int | None]]:
    with app.uow() as uow:
        rows = uow.session.execute(
            select(AuditRow.action, AuditRow.customer_id).order_by(AuditRow.id)
        )
        return [(action, customer) for action, customer in rows]


def test_one_entry_per_customer_touched_each_once_or_one_for_the_company(app: Tijdig) -> None:
    with app.uow() as uow:
        assert record(uow, actor="cli:anna", at=AT, action="a.b", company_id=None,
                      customer_ids=[None, None]) == 1  # fmt: skip
        assert record(uow, actor="cli:anna", at=AT, action="c.d", company_id=None) == 1
        uow.commit()
    assert _entries(app) == [("a.b", None), ("c.d", None)]


def test_an_entry_rolls_back_with_the_change_it_records(app: Tijdig) -> None:
    with pytest.raises(RuntimeError), app.uow() as uow:
        record(uow, actor="cli:anna", at=AT, action="x.y", company_id=None)
        raise RuntimeError("the change failed before its commit")
    with app.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditRow)) == 0
