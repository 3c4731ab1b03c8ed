"""`review.decide`, the one path for approving and skipping a run's proposals (CLI, API,
workspace): the items move and each customer gets one audit entry naming the actor, in
the same transaction; a refused or failing decision changes and audits nothing; only
the latest run is decided. And `run.start_run` audits the run it stores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from tijdig.adapters.db.schema.collection import RunItemRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.run_items import IllegalTransition
from tijdig.domain.errors import Conflict, InvalidValue, RuleViolation
from tijdig.domain.parties import Company
from tijdig.services import audit
from tijdig.services.collection import review
from tijdig.services.collection.run import start_run

AS_OF = date(2026, 11, 24)  # the demo's day (conftest.DEMO_DAY)
AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _start(app: Tijdig, company: Company, actor: str = "cli:anna") -> int:
    return start_run(app.uow(), company, as_of=AS_OF, actor=actor, at=AT, today=AS_OF).run_id


def _proposals(app: Tijdig, run_id: int) -> list[tuple[int, int | None]]:
    """(item id, customer id) of the run's proposed messages, in id order."""
    with app.uow() as uow:
        rows = uow.session.execute(
            select(RunItemRow.id, RunItemRow.customer_id)
            .where(RunItemRow.run_id == run_id, RunItemRow.kind == "message")
            .where(RunItemRow.status == "proposed")
            .order_by(RunItemRow.id)
        )
        return [(item_id, customer_id) for item_id, customer_id in rows]


def _statuses(app: Tijdig, item_ids: list[int]) -> list[str]:
    with app.uow() as uow:
        found = dict(
            uow.session.execute(
                select(RunItemRow.id, RunItemRow.status).where(RunItemRow.id.in_(item_ids))
            ).all()
        )
    return [found[i] for i in item_ids]


def _audit(app: Tijdig, action: str) -> list[Any]:
    with app.uow() as uow:
        return list(
            uow.session.execute(
                select(AuditRow.actor, AuditRow.customer_id, AuditRow.subject, AuditRow.at)
                .where(AuditRow.action == action)
                .order_by(AuditRow.id)
            )
        )


def test_deciding_items_moves_them_and_audits_each_customer_with_the_actor(
    app: Tijdig, company: Company
) -> None:
    run_id = _start(app, company)
    chosen = _proposals(app, run_id)[:3]
    ids = [item_id for item_id, _ in chosen]
    decided = review.decide(
        app.uow(), company, run_id=run_id, decision="approve", item_ids=ids,
        actor="carla (web)", at=AT,
    )  # fmt: skip
    assert (decided.run_id, decided.moved, decided.status) == (run_id, 3, "approved")
    assert _statuses(app, ids) == ["approved"] * 3
    entries = _audit(app, "run.approve")
    assert [(e.actor, e.customer_id) for e in entries] == [
        ("carla (web)", customer) for _, customer in chosen
    ]
    assert [e.subject for e in entries] == [f"run {run_id} item {i}" for i in ids]


def test_every_proposal_of_the_latest_run_gives_one_entry_per_customer(
    app: Tijdig, company: Company
) -> None:
    _start(app, company)
    run_id = _start(app, company)  # the latest
    proposals = _proposals(app, run_id)
    decided = review.decide(
        app.uow(), company, run_id=None, decision="skip", every=True, actor="cli:anna", at=AT
    )
    assert decided.run_id == run_id and decided.moved >= len(proposals)
    customers = [e.customer_id for e in _audit(app, "run.skip")]
    assert len(customers) == len(set(customers))  # one per customer
    assert set(customers) >= {customer for _, customer in proposals}


def test_a_decision_on_an_older_run_is_refused_and_changes_nothing(
    app: Tijdig, company: Company
) -> None:
    older = _start(app, company)
    older_items = [i for i, _ in _proposals(app, older)]
    latest = _start(app, company)
    with pytest.raises(Conflict, match=f"run {older} is not the latest run \\({latest}\\)"):
        review.decide(app.uow(), company, run_id=older, decision="approve",
                      item_ids=older_items[:1], actor="cli:anna", at=AT)  # fmt: skip
    assert _audit(app, "run.approve") == []


def test_a_refused_decision_writes_no_audit_entry(app: Tijdig, company: Company) -> None:
    run_id = _start(app, company)
    [(item_id, _), *_] = _proposals(app, run_id)
    with pytest.raises(RuleViolation, match="has no item 99999999"):
        review.decide(app.uow(), company, run_id=run_id, decision="approve",
                      item_ids=[item_id, 99999999], actor="cli:anna", at=AT)  # fmt: skip
    with pytest.raises(InvalidValue, match="choose at least one item"):
        review.decide(app.uow(), company, run_id=run_id, decision="approve",
                      actor="cli:anna", at=AT)  # fmt: skip
    assert _statuses(app, [item_id]) == ["proposed"]
    assert _audit(app, "run.approve") == []


def test_the_audit_entries_and_the_change_share_one_transaction(
    app: Tijdig, company: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Auditing fails after the items moved: the items stay proposed, nothing is logged."""
    run_id = _start(app, company)
    ids = [i for i, _ in _proposals(app, run_id)[:2]]
    calls: list[int] = []

    def failing_record(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the audit log is unavailable")
        return int(real_record(*args, **kwargs))

    real_record = audit.record
    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        review.decide(app.uow(), company, run_id=run_id, decision="approve", item_ids=ids,
                      actor="cli:anna", at=AT)  # fmt: skip
    monkeypatch.undo()
    assert _statuses(app, ids) == ["proposed", "proposed"]
    assert _audit(app, "run.approve") == []


def test_starting_a_run_audits_it_with_the_actor(app: Tijdig, company: Company) -> None:
    run_id = _start(app, company, actor="cli:bert")
    [entry] = _audit(app, "run.start")
    assert (entry.actor, entry.customer_id, entry.subject) == ("cli:bert", None, f"run {run_id}")


@pytest.mark.parametrize("group", ["hold", "warning"])
def test_approving_holds_or_warnings_is_refused_by_the_lifecycle(
    app: Tijdig, company: Company, group: str
) -> None:
    """They are never proposed, so no decision moves them: refused, naming the move."""
    run_id = _start(app, company)
    with pytest.raises(IllegalTransition, match=f"a {group} item that is proposed cannot"):
        review.decide(app.uow(), company, run_id=run_id, decision="approve", group=group,
                      actor="cli:anna", at=AT)  # fmt: skip
    assert _audit(app, "run.approve") == []
