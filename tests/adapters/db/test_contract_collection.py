"""The runs, collection settings and open-items repositories, one contract for the fake
(tests/fakes_collection.py), SQLite and PostgreSQL: what one returns, the others do.
The outbox's contract is in test_contract_direct_debit.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy import select

from tests.databases import STORE_KINDS, MigratedSchema, units_of_work
from tests.fakes_collection import FakeCollectionDatabase, FakeCollectionUnitOfWork
from tijdig.adapters.db.schema.collection import StepTakenRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.model import Advice, CallTask, CollectionSettings, Hold, InvoiceStage, Proposal
from tijdig.services.collection.payload import MessagePayload, StoredProposal
from tijdig.services.collection.review import Moved, ReviewUnitOfWork
from tijdig.services.collection.views import RunView
from tijdig.services.portal import PortalUnitOfWork

AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
AS_OF = date(2026, 11, 24)
Kind, Status = RunItemKind, RunItemStatus
DISPUTED = reason(Code.DISPUTED, invoice="F3", since="2026-11-01", why="price")


class CollectionUnitOfWork(ReviewUnitOfWork, PortalUnitOfWork, Protocol):
    """What both the fake and the SQL unit of work offer these tests."""


Store = Callable[[], CollectionUnitOfWork]


@pytest.fixture(params=STORE_KINDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> Iterator[Store]:
    """Units of work on one empty store, of each kind."""
    yield from units_of_work(request.param, FakeCollectionDatabase, tmp_path, sqlite_template,
                             postgres_schema)  # fmt: skip


def _steps(uow: CollectionUnitOfWork) -> list[tuple[int, str, str, date, date | None, int]]:
    """Every step taken: (invoice id, step, channel, day, deadline, run item), by id."""
    if isinstance(uow, FakeCollectionUnitOfWork):
        return [(s.invoice_id, s.step_key, s.channel, s.taken_on, s.deadline, s.run_item_id)
                for s in uow.runs._tables.steps_taken]  # fmt: skip
    assert isinstance(uow, SqlUnitOfWork)
    s = StepTakenRow
    rows = uow.session.execute(
        select(s.invoice_id, s.step_key, s.channel, s.taken_on, s.deadline, s.run_item_id)
        .order_by(s.id)
    )  # fmt: skip
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _proposal(number: str, step: str, invoice: str, *, auto: bool = False) -> Proposal:
    policy = default_policy_set().policy("nl_business")
    line = InvoiceStage(invoice, "invoice", step, date(2026, 10, 1), Decimal("121.00"), "EUR", 54)
    return Proposal(number, policy.steps[policy.index_of(step)], "nl_business", (line,),
                    (reason(Code.NO_BANK_IMPORT),), auto_approve=auto)  # fmt: skip


class _Setup:
    """Company ACME with customers K1, K2, K3 and an invoice each (F1, F2, F3 and a
    credit note F1); company ZED with a run of its own that must never show."""

    def __init__(self, store: Store) -> None:
        with store() as uow:
            self.company = uow.companies.add(Company("ACME", "Acme B.V."), at=AT).id or 0
            self.other = uow.companies.add(Company("ZED", "Zed"), at=AT).id or 0
            uow.customers.save_many(self.company, [Customer("K1", "Een"), Customer("K2", "Twee"),
                                                   Customer("K3", "Drie")])  # fmt: skip
            uow.customers.save_many(self.other, [Customer("Z1", "Zed klant")])
            ids = uow.customers.ids_by_number(self.company)
            self.k1, self.k2, self.k3 = ids["K1"], ids["K2"], ids["K3"]
            self.z1 = uow.customers.ids_by_number(self.other)["Z1"]
            self.invoice: dict[str, int] = {}
            for number, customer, kind in (("F1", self.k1, InvoiceKind.INVOICE),
                                           ("F1", self.k1, InvoiceKind.CREDIT_NOTE),
                                           ("F2", self.k2, InvoiceKind.INVOICE),
                                           ("F3", self.k3, InvoiceKind.INVOICE)):  # fmt: skip
                invoice = Invoice(number, "", date(2026, 9, 1), date(2026, 10, 1),
                                  Decimal("121.00"), kind=kind)  # fmt: skip
                invoice_id = uow.invoices.add(
                    invoice, company_id=self.company, customer_id=customer,
                    fingerprint=f"{number}{kind}", source="test",
                )  # fmt: skip
                if kind is InvoiceKind.INVOICE:
                    self.invoice[number] = invoice_id
            uow.invoices.add(Invoice("F1", "", AS_OF, AS_OF, Decimal(5)), company_id=self.other,
                             customer_id=self.z1, fingerprint="z", source="test")  # fmt: skip
            uow.commit()

    def run(self, store: Store, *, other: bool = False) -> int:
        """A run of three customers: a reminder for K1 (with a call), a friendly message
        approved by itself for K2, a hold for K3 and a warning of the company's own."""
        decisions = [
            (self.k1, Advice("K1", _proposal("K1", "reminder", "F1"),
                             calls=(CallTask("K1", (reason(Code.NO_BANK_IMPORT),), AS_OF),))),
            (self.k2, Advice("K2", _proposal("K2", "friendly", "F2", auto=True))),
            (self.k3, Advice("K3", holds=(Hold("K3", DISPUTED, "F3"),))),
        ]  # fmt: skip
        if other:
            decisions = [(self.z1, Advice("Z1", _proposal("Z1", "reminder", "F1")))]
        with store() as uow:
            run_id = uow.runs.create(
                self.other if other else self.company, as_of=AS_OF, created_at=AT,
                decisions=decisions, warnings=(reason(Code.NO_BANK_IMPORT),),
            )  # fmt: skip
            uow.commit()
        return run_id


def _view(uow: CollectionUnitOfWork, run_id: int, *kinds: RunItemKind) -> RunView:
    view = uow.runs.view(run_id, kinds=kinds or None)
    assert view is not None
    return view


def _items(uow: CollectionUnitOfWork, run_id: int) -> list[tuple[str, str, str | None, str | None]]:
    return [(i.kind, i.status, i.customer_number, i.step_key) for i in _view(uow, run_id).items]


def test_a_run_is_stored_with_an_item_per_proposal_call_hold_and_warning(store: Store) -> None:
    s = _Setup(store)
    run_id = s.run(store)
    theirs = s.run(store, other=True)
    with store() as uow:
        assert uow.runs.latest_id(s.company) == run_id and uow.runs.latest_id(s.other) == theirs
        view = uow.runs.view(run_id)
        assert view is not None and (view.company_code, view.as_of) == ("ACME", AS_OF)
        assert _items(uow, run_id) == [
            ("warning", "info", None, None), ("message", "proposed", "K1", "reminder"),
            ("call", "proposed", "K1", None), ("message", "approved", "K2", "friendly"),
            ("hold", "info", "K3", None),
        ]  # fmt: skip
        message = view.items[1]
        assert (message.customer_name, message.policy_code, message.channel) == (
            "Een", "nl_business", "email")  # fmt: skip
        assert message.summary.startswith("reminder by email: ")
        assert isinstance(message.payload, MessagePayload)
        assert message.payload.approved == StoredProposal.of(_proposal("K1", "reminder", "F1"))
        assert view.items[3].auto_approved and not message.auto_approved
        assert [i.kind for i in _view(uow, run_id, Kind.HOLD, Kind.CALL).items] == ["call", "hold"]
        assert uow.runs.view(10_000) is None
        assert uow.runs.item(message.id) == message
        assert uow.runs.run_item(s.company, run_id, message.id) == message
        assert uow.runs.run_item(s.other, run_id, message.id) is None
        assert uow.runs.run_item(s.company, theirs, message.id) is None
        assert uow.runs.company_warnings(run_id) == [reason(Code.NO_BANK_IMPORT)]
        assert uow.runs.customers_waiting(s.company) == {s.k2}  # the approved friendly
        assert uow.runs.foreign_items(run_id, [message.id, 10_000, message.id]) == [10_000]


def test_a_decision_moves_only_proposals_of_its_run_and_group(store: Store) -> None:
    s = _Setup(store)
    older = s.run(store)
    with store() as uow:
        assert uow.runs.supersede_open(s.company, at=AT) == 2  # K1's message and call
        uow.commit()
    run_id = s.run(store)
    with store() as uow:
        [_warning, message, call, friendly, hold] = _view(uow, run_id).items
        assert uow.runs.decide(run_id, status=Status.APPROVED, at=AT,
                               item_ids=[message.id, friendly.id, hold.id]) == [
            Moved(message.id, s.k1, "reminder")]  # fmt: skip
        assert uow.runs.decide(run_id, status=Status.SKIPPED, at=AT, item_ids=None,
                               kind=Kind.MESSAGE, step_key="reminder") == []  # fmt: skip
        assert uow.runs.decide(run_id, status=Status.SKIPPED, at=AT, item_ids=None) == [
            Moved(call.id, s.k1, None, "call")]  # fmt: skip
        uow.commit()
    with store() as uow:
        assert [st for _, st, _, _ in _items(uow, older)] == [
            "info", "superseded", "superseded", "approved", "info"]  # fmt: skip
        assert [st for _, st, _, _ in _items(uow, run_id)] == [
            "info", "approved", "skipped", "approved", "info"]  # fmt: skip
        assert uow.runs.customers_waiting(s.company) == {s.k1, s.k2}
        approved = uow.runs.items_with_status(s.company, Kind.MESSAGE, (Status.APPROVED,))
        assert [i.id for i in approved] == [
            i.id
            for i in _view(uow, older).items + _view(uow, run_id).items
            if i.kind == "message" and i.status == "approved"
        ]
        # a compare-and-set: only from the statuses named
        assert uow.runs.set_status([message.id, friendly.id], Status.QUEUED,
                                   only_from=(Status.APPROVED,), at=AT) == 2  # fmt: skip
        assert uow.runs.set_status([message.id], Status.SENT, only_from=(Status.APPROVED,),
                                   at=AT) == 0  # fmt: skip
        assert uow.runs.set_status([], Status.SENT, only_from=(Status.QUEUED,), at=AT) == 0
        assert uow.runs.item(message.id).status == "queued"  # type: ignore[union-attr]
        # not committed: forgotten


def test_nothing_is_kept_without_a_commit(store: Store) -> None:
    s = _Setup(store)
    run_id = s.run(store)
    with store() as uow:
        uow.runs.decide(run_id, status=Status.APPROVED, at=AT, item_ids=None)
        uow.runs.create(s.company, as_of=AS_OF, created_at=AT, decisions=[])
    with store() as uow:
        assert uow.runs.latest_id(s.company) == run_id
        assert [st for _, st, _, _ in _items(uow, run_id)] == [
            "info", "proposed", "proposed", "approved", "info"]  # fmt: skip


def test_runs_are_paged_newest_first_and_grouped_for_review(store: Store) -> None:
    s = _Setup(store)
    first, second = s.run(store), s.run(store)
    s.run(store, other=True)
    with store() as uow:
        total, page = uow.runs.page(s.company, offset=0, limit=1)
        assert total == 2 and [r.id for r in page] == [second]
        assert [r.id for r in uow.runs.page(s.company, offset=1, limit=5)[1]] == [first]
        record = uow.runs.listing(s.company, first)
        assert record is not None and (record.as_of, record.created_at) == (AS_OF, AT)
        assert record.counts == (
            (Kind.CALL, Status.PROPOSED, 1), (Kind.HOLD, Status.INFO, 1),
            (Kind.MESSAGE, Status.APPROVED, 1), (Kind.MESSAGE, Status.PROPOSED, 1),
            (Kind.WARNING, Status.INFO, 1),
        )  # fmt: skip
        assert uow.runs.listing(s.other, first) is None
        assert sorted(uow.runs.group_counts(first)) == [
            (Kind.CALL, None, Status.PROPOSED, 1), (Kind.HOLD, None, Status.INFO, 1),
            (Kind.MESSAGE, "friendly", Status.APPROVED, 1),
            (Kind.MESSAGE, "reminder", Status.PROPOSED, 1), (Kind.WARNING, None, Status.INFO, 1),
        ]  # fmt: skip

        def group(kind: RunItemKind, step: str | None, status: RunItemStatus | None,
                  offset: int = 0, limit: int = 10) -> list[str | None]:  # fmt: skip
            found = uow.runs.group_items(first, kind=kind, step_key=step, status=status,
                                         offset=offset, limit=limit)  # fmt: skip
            return [i.customer_number for i in found]

        assert group(Kind.MESSAGE, "reminder", None) == ["K1"]
        assert group(Kind.MESSAGE, "friendly", Status.PROPOSED) == []
        assert group(Kind.WARNING, None, None) == [None]
        assert group(Kind.HOLD, None, None) == ["K3"]
        assert group(Kind.CALL, None, None, offset=1) == []


def test_what_a_message_sent_records_per_invoice(store: Store) -> None:
    s = _Setup(store)
    run_id = s.run(store)
    deadline = AS_OF + timedelta(days=14)
    with store() as uow:
        message = uow.runs.view(run_id).items[1]  # type: ignore[union-attr]
        sent = StoredProposal.of(_proposal("K1", "reminder", "F1"))
        uow.runs.set_sent_payload(message.id, sent, sent_on=AS_OF)
        without = (reason(Code.SENT_WITHOUT), reason(Code.PAID_SINCE_RUN, invoice="F9"))
        uow.runs.note(message.id, without[:1])
        uow.runs.note(message.id, without[1:])  # a second note adds to the first
        stored = uow.runs.record_steps(
            s.company, message.id, [("F1", "reminder"), ("F9", "x")], channel="email",
            taken_on=AS_OF, deadline=deadline,
        )  # fmt: skip
        uow.runs.record_claims(s.company, message.id, [
            ("F1", Decimal("40.004"), Decimal("1.5"), "EUR"), ("F9", Decimal(1), Decimal(1), "EUR"),
        ], claimed_on=AS_OF)  # fmt: skip
        uow.runs.record_claims(s.company, message.id, [("F2", Decimal(0), Decimal("0.25"), "EUR")],
                               claimed_on=AS_OF)  # fmt: skip
        uow.runs.record_claims(s.company, message.id, [("F1", Decimal(10), Decimal(0), "EUR")],
                               claimed_on=AS_OF)  # fmt: skip
        uow.commit()
    with store() as uow:
        assert stored == 1  # F9 is no invoice of the company's
        assert _steps(uow) == [(s.invoice["F1"], "reminder", "email", AS_OF, deadline, message.id)]
        item = uow.runs.item(message.id)
        # the notes are codes beside the summary, which stays as the run wrote it
        assert item is not None and (item.summary, item.notes) == (message.summary, without)
        in_english = "Sent without some of its invoices: F9: paid or closed since the run."
        assert item.line == f"{message.summary} [{in_english}]"  # the CLI's and API's line
        assert isinstance(item.payload, MessagePayload)
        assert (item.payload.as_sent, item.payload.sent_on) == (sent, AS_OF)
        assert item.payload.approved == message.payload.approved  # type: ignore[union-attr]
        assert uow.runs.claims_left(s.company, "K1") == {
            "F1": (Decimal("50.00"), Decimal("1.50"))}  # fmt: skip
        assert uow.runs.claims_left(s.company, "K2") == {"F2": (Decimal(0), Decimal("0.25"))}
        assert uow.runs.claims_left(s.company, "K3") == {}
        assert uow.runs.claims_left(s.company, "NOPE") == {}
        items = {i.invoice_number: i for i in uow.matching.open_items(s.company)}
        assert sorted(items) == ["F1", "F2", "F3"]  # invoices only, the company's
        assert (items["F1"].customer_number, items["F1"].outstanding) == ("K1", Decimal("121.00"))
        assert (items["F1"].costs, items["F1"].interest) == (Decimal("50.00"), Decimal("1.50"))
        assert (items["F3"].costs, items["F3"].interest) == (Decimal(0), Decimal(0))


def test_the_portal_reads_its_customer_and_the_claims_left_per_invoice(store: Store) -> None:
    s = _Setup(store)
    run_id = s.run(store)
    with store() as uow:
        message = uow.runs.view(run_id).items[1]  # type: ignore[union-attr]
        uow.runs.record_claims(s.company, message.id, [
            ("F1", Decimal(40), Decimal("1.5"), "EUR"), ("F2", Decimal(0), Decimal("0.25"), "EUR"),
        ], claimed_on=AS_OF)  # fmt: skip
        uow.runs.record_claims(s.company, message.id, [("F1", Decimal(10), Decimal(0), "EUR")],
                               claimed_on=AS_OF)  # fmt: skip
        uow.personal_data.anonymise(s.company, [s.k2], name_prefix="Anonymised ", at=AT)
        uow.commit()
    with store() as uow:
        reads = uow.portal_reads
        assert reads.claims(s.company, s.k1) == {"F1": (Decimal("50.00"), Decimal("1.50"))}
        assert reads.claims(s.company, s.k2) == {"F2": (Decimal(0), Decimal("0.25"))}
        assert reads.claims(s.company, s.k3) == {}
        assert reads.claims(s.other, s.k1) == {}
        assert reads.holder(s.company, s.k1) == (Customer("K1", "Een", id=s.k1), False)
        assert reads.holder(s.company, s.k2) == (Customer("K2", "Anonymised K2", id=s.k2), True)
        assert reads.holder(s.other, s.k1) is None  # another company's customer
        assert reads.holder(s.company, s.z1) is None


def test_collection_settings_are_the_defaults_until_saved(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        assert uow.collection_settings.get(s.company) == (CollectionSettings(), None)
        mine = CollectionSettings(large_amount=Decimal("2500.005"), bank_stale_working_days=3,
                                  auto_approve_friendly=False)  # fmt: skip
        uow.collection_settings.save(s.company, mine, policies_toml="# mine", at=AT)
        uow.commit()
    with store() as uow:
        settings, text = uow.collection_settings.get(s.company)
        assert text == "# mine" and settings.large_amount == Decimal("2500.01")
        assert (settings.bank_stale_working_days, settings.auto_approve_friendly) == (3, False)
        assert uow.collection_settings.get(s.other) == (CollectionSettings(), None)
