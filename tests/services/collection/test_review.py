"""`review.decide`, the one path for approving and skipping a run's proposals (CLI, API,
workspace): the items move and each customer gets one audit entry naming the actor, in
the same transaction; a refused or failing decision changes and audits nothing; only
the latest run is decided. And `run.start_run` audits the run it stores. On the fakes
(conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.fakes_collection import FakeCollectionDatabase
from tests.services.collection.data import AS_OF, DISPUTED, LATE, SOON
from tijdig.domain.collection.run_items import IllegalTransition, RunItemKind
from tijdig.domain.errors import Conflict, InvalidValue, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.users import AuditEntry
from tijdig.services import audit
from tijdig.services.collection import review
from tijdig.services.collection.run import start_run

AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _start(db: FakeCollectionDatabase, company: Company, actor: str = "cli:anna") -> int:
    return start_run(db.uow(), company, as_of=AS_OF, actor=actor, at=AT, today=AS_OF).run_id


def _proposals(db: FakeCollectionDatabase, run_id: int) -> list[tuple[int, int | None]]:
    """(item id, customer id) of the run's proposed messages, in id order."""
    with db.uow() as uow:
        view = uow.runs.view(run_id, kinds=[RunItemKind.MESSAGE])
        assert view is not None
        owner = uow.companies.find(view.company_code)
        assert owner is not None and owner.id is not None
        ids = uow.customers.ids_by_number(owner.id)
    return [(i.id, ids[i.customer_number or ""]) for i in view.items if i.status == "proposed"]


def _statuses(db: FakeCollectionDatabase, item_ids: list[int]) -> list[str]:
    with db.uow() as uow:
        found = [uow.runs.item(i) for i in item_ids]
    return [str(item.status) if item else "gone" for item in found]


def _audit(db: FakeCollectionDatabase, action: str) -> list[AuditEntry]:
    return [e for e in db.audit_entries if e.action == action]


def test_deciding_items_moves_them_and_audits_each_customer_with_the_actor(
    db: FakeCollectionDatabase, company: Company
) -> None:
    run_id = _start(db, company)
    chosen = _proposals(db, run_id)[:3]
    ids = [item_id for item_id, _ in chosen]
    decided = review.decide(
        db.uow(), company, run_id=run_id, decision="approve", item_ids=ids,
        actor="carla (web)", at=AT,
    )  # fmt: skip
    assert (decided.run_id, decided.moved, decided.status) == (run_id, 3, "approved")
    assert _statuses(db, ids) == ["approved"] * 3
    entries = _audit(db, "run.approve")
    assert [(e.actor, e.customer_id) for e in entries] == [
        ("carla (web)", customer) for _, customer in chosen
    ]
    assert [e.subject for e in entries] == [f"run {run_id} item {i}" for i in ids]


def test_every_proposal_of_the_latest_run_gives_one_entry_per_customer(
    db: FakeCollectionDatabase, company: Company
) -> None:
    _start(db, company)
    run_id = _start(db, company)  # the latest
    proposals = _proposals(db, run_id)
    decided = review.decide(
        db.uow(), company, run_id=None, decision="skip", every=True, actor="cli:anna", at=AT
    )
    assert len(proposals) == len(LATE) + 1  # the reminders and SOON's friendly e-mail
    assert (decided.run_id, decided.moved) == (run_id, len(proposals))
    assert _statuses(db, [i for i, _ in proposals]) == ["skipped"] * len(proposals)
    customers = [e.customer_id for e in _audit(db, "run.skip")]
    assert customers == [customer for _, customer in proposals]  # one each, in item order


def test_a_group_moves_its_step_only_and_names_it_per_customer(
    db: FakeCollectionDatabase, company: Company
) -> None:
    run_id = _start(db, company)
    proposals = _proposals(db, run_id)
    decided = review.decide(db.uow(), company, run_id=run_id, decision="approve",
                            group="step:reminder", actor="cli:anna", at=AT)  # fmt: skip
    assert decided.moved == len(LATE)
    assert _statuses(db, [i for i, _ in proposals]) == ["approved"] * len(LATE) + ["proposed"]
    entries = _audit(db, "run.approve")
    assert [(e.actor, e.customer_id, e.details) for e in entries] == [
        ("cli:anna", customer, "reminder") for _, customer in proposals[: len(LATE)]
    ]


def test_a_decision_on_an_older_run_is_refused_and_changes_nothing(
    db: FakeCollectionDatabase, company: Company
) -> None:
    older = _start(db, company)
    older_items = [i for i, _ in _proposals(db, older)]
    latest = _start(db, company)
    with pytest.raises(Conflict, match=f"run {older} is not the latest run \\({latest}\\)"):
        review.decide(db.uow(), company, run_id=older, decision="approve",
                      item_ids=older_items[:1], actor="cli:anna", at=AT)  # fmt: skip
    assert _statuses(db, older_items[:1]) == ["superseded"]  # by the latest run, not approved
    assert _audit(db, "run.approve") == []


def test_a_refused_decision_writes_no_audit_entry(
    db: FakeCollectionDatabase, company: Company
) -> None:
    run_id = _start(db, company)
    [(item_id, _), *_] = _proposals(db, run_id)
    with pytest.raises(RuleViolation, match="has no item 99999999"):
        review.decide(db.uow(), company, run_id=run_id, decision="approve",
                      item_ids=[item_id, 99999999], actor="cli:anna", at=AT)  # fmt: skip
    with pytest.raises(InvalidValue, match="choose at least one item"):
        review.decide(db.uow(), company, run_id=run_id, decision="approve",
                      actor="cli:anna", at=AT)  # fmt: skip
    assert _statuses(db, [item_id]) == ["proposed"]
    assert _audit(db, "run.approve") == []


def test_the_audit_entries_and_the_change_share_one_transaction(
    db: FakeCollectionDatabase, company: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Auditing fails after the items moved: the items stay proposed, nothing is logged."""
    run_id = _start(db, company)
    ids = [i for i, _ in _proposals(db, run_id)[:2]]
    calls: list[int] = []

    def failing_record(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the audit log is unavailable")
        return int(real_record(*args, **kwargs))

    real_record = audit.record
    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        review.decide(db.uow(), company, run_id=run_id, decision="approve", item_ids=ids,
                      actor="cli:anna", at=AT)  # fmt: skip
    monkeypatch.undo()
    assert _statuses(db, ids) == ["proposed", "proposed"]
    assert _audit(db, "run.approve") == []


def test_starting_a_run_audits_it_with_the_actor(
    db: FakeCollectionDatabase, company: Company
) -> None:
    run_id = _start(db, company, actor="cli:bert")
    [entry] = _audit(db, "run.start")
    assert (entry.actor, entry.customer_id, entry.subject) == ("cli:bert", None, f"run {run_id}")
    assert entry.details.startswith(
        f"as of {AS_OF}: 8 customers, 7 proposals (0 approved automatically), 0 calls, 1 holds"
    )
    with db.uow() as uow:
        view = uow.runs.view(run_id)
    assert view is not None
    [hold] = [i for i in view.items if i.kind == "hold"]
    assert (hold.customer_number, hold.status) == (DISPUTED, "info")
    assert [i.customer_number for i in view.items if i.step_key == "friendly"] == [SOON]


@pytest.mark.parametrize("group", ["hold", "warning"])
def test_approving_holds_or_warnings_is_refused_by_the_lifecycle(
    db: FakeCollectionDatabase, company: Company, group: str
) -> None:
    """They are never proposed, so no decision moves them: refused, naming the move."""
    run_id = _start(db, company)
    with pytest.raises(IllegalTransition, match=f"a {group} item that is proposed cannot"):
        review.decide(db.uow(), company, run_id=run_id, decision="approve", group=group,
                      actor="cli:anna", at=AT)  # fmt: skip
    assert _audit(db, "run.approve") == []
