"""In-memory stand-ins for the runs, the collection settings and what a run reads, for
the collection service tests (tests/services/collection).

`FakeCollectionDatabase().uow()` gives the direct-debit fake unit of work
(tests/fakes_direct_debit.py: with it the outbox) with the runs and their items, the
steps taken and claims recorded for them, the collection settings and the open items
added, and what the debtor portal reads (a customer, the claims left per invoice), in
the same committed tables, so one commit keeps all or nothing. They read as
adapters/db/repositories/runs.py and collection_settings.py do: an item's summary,
payload and first status made by the adapter's own row builder (`_items`), lists in
the SQL's order, moments in UTC, amounts in cents, and every status change a
compare-and-set on the status an item is in. tests/adapters/db/test_contract_collection.py
holds them to SQLite and PostgreSQL.

What a run reads about the customers (`run_data`) is not re-implemented: the SQL
loader (adapters/db/views/customer_state.py) joins eight tables. The test builds the
`CustomerState`s (`FakeCollectionDatabase.set_states`) from invoices it stored, so the
ids the services look up exist; the loader itself is tested on the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Self

from tests.fakes import _cents, _Sequences
from tests.fakes_direct_debit import (
    DirectDebitTables,
    FakeDirectDebitDatabase,
    FakeDirectDebitUnitOfWork,
)
from tests.fakes_ladder import FakeAgreements
from tijdig.adapters.db.repositories.runs import _items, _warning_row
from tijdig.domain.collection.ladder import AgreementKind, Ladder, Rung
from tijdig.domain.collection.run_items import DECIDABLE, RunItemKind, RunItemStatus
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.mailbox import WaitingReply
from tijdig.domain.parties import Customer
from tijdig.domain.reasons import Reason, many_from_json, many_to_json
from tijdig.engine.model import Advice, CollectionSettings, CustomerState
from tijdig.matching.model import OpenItem
from tijdig.services.collection.payload import AS_SENT, StoredProposal, sent_json
from tijdig.services.collection.review import Moved
from tijdig.services.collection.views import RunItem, RunRecord, RunView
from tijdig.services.mailbox.inbox_ports import AttachmentFile, AttachmentInfo, InboxReply
from tijdig.services.portal import OpenTotals

Kind, Status = RunItemKind, RunItemStatus
GroupCount = tuple[RunItemKind, str | None, RunItemStatus, int]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class _Run:
    company_id: int
    as_of: date
    created_at: datetime


@dataclass
class _Item:
    """A run item's row, as the adapter's `_items` builds it."""

    run_id: int
    company_id: int
    customer_id: int | None
    kind: str
    status: str
    summary: str
    payload: str
    auto_approved: bool
    policy_code: str | None
    step_key: str | None
    channel: str | None
    decided_at: datetime | None
    notes: str = "[]"  # reasons as JSON, as the column keeps them


@dataclass(frozen=True)
class StepRecorded:
    """A step taken on an invoice, as the steps-taken table keeps it."""

    invoice_id: int
    step_key: str
    channel: str
    taken_on: date
    deadline: date | None
    run_item_id: int


@dataclass(frozen=True)
class _Claimed:
    company_id: int
    invoice_id: int
    currency: str
    costs: Decimal
    interest: Decimal
    claimed_on: date
    run_item_id: int


@dataclass
class CollectionTables(DirectDebitTables):
    runs: dict[int, _Run] = field(default_factory=dict)
    run_items: dict[int, _Item] = field(default_factory=dict)
    steps_taken: list[StepRecorded] = field(default_factory=list)
    claims: list[_Claimed] = field(default_factory=list)
    settings: dict[int, tuple[CollectionSettings, str | None]] = field(default_factory=dict)
    # what run_data gives, as the test built it: by company, then customer id
    states: dict[int, dict[int, CustomerState]] = field(default_factory=dict)
    last_statement: dict[int, date] = field(default_factory=dict)
    # plan B (tests/fakes_ladder.py): ladders by company, plans' fallbacks by plan id,
    # the day a fallback was carried out by (agreement kind, id)
    ladders: dict[int, Ladder] = field(default_factory=dict)
    plan_fallbacks: dict[int, Rung] = field(default_factory=dict)
    fallback_done: dict[tuple[AgreementKind, int], date] = field(default_factory=dict)
    # a company's own template texts: (company id, language, template) -> (text, when)
    template_texts: dict[tuple[int, str, str], tuple[str, datetime]] = field(default_factory=dict)


# -------------------------------------------------------------------------- the runs


class FakeRuns:
    def __init__(self, tables: CollectionTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def create(
        self,
        company_id: int,
        *,
        as_of: date,
        created_at: datetime,
        decisions: Sequence[tuple[int, Advice]],
        warnings: Sequence[Reason] = (),
    ) -> int:
        run_id = self._ids.next("runs")
        self._tables.runs[run_id] = _Run(company_id, as_of, _utc(created_at))
        rows = [_warning_row(run_id, company_id, None, w) for w in warnings]
        for customer_id, decision in decisions:
            rows.extend(_items(run_id, company_id, customer_id, decision))
        for row in rows:
            self._tables.run_items[self._ids.next("run_items")] = _Item(**row)
        return run_id

    # ------------------------------------------------------------------ reading items

    def _read(self, item_id: int, stored: _Item) -> RunItem:
        customer = None
        if stored.customer_id is not None:
            customer = self._tables.customer(stored.customer_id)
        return RunItem(
            id=item_id, run_id=stored.run_id, kind=Kind(stored.kind),
            status=Status(stored.status),
            customer_number=None if customer is None else customer.number,
            customer_name=None if customer is None else customer.name,
            policy_code=stored.policy_code, step_key=stored.step_key, channel=stored.channel,
            summary=stored.summary, payload_json=stored.payload or "{}",
            auto_approved=stored.auto_approved,
            notes=many_from_json(json.loads(stored.notes or "[]")),
        )  # fmt: skip

    def _items(self, **where: object) -> list[tuple[int, _Item]]:
        """The items whose columns have these values, by id."""
        return [
            (item_id, stored)
            for item_id, stored in sorted(self._tables.run_items.items())
            if all(getattr(stored, column) == value for column, value in where.items())
        ]

    def latest_id(self, company_id: int) -> int | None:
        mine = [run_id for run_id, run in self._tables.runs.items() if run.company_id == company_id]
        return max(mine, default=None)

    def view(self, run_id: int, *, kinds: Sequence[RunItemKind] | None = None) -> RunView | None:
        run = self._tables.runs.get(run_id)
        if run is None:
            return None
        items = tuple(
            self._read(item_id, stored)
            for item_id, stored in self._items(run_id=run_id)
            if not kinds or stored.kind in kinds
        )
        code = self._tables.companies[run.company_id].code
        return RunView(run_id, code, run.as_of, items)

    def item(self, item_id: int) -> RunItem | None:
        stored = self._tables.run_items.get(item_id)
        return None if stored is None else self._read(item_id, stored)

    def run_item(self, company_id: int, run_id: int, item_id: int) -> RunItem | None:
        stored = self._tables.run_items.get(item_id)
        if stored is None or (stored.run_id, stored.company_id) != (run_id, company_id):
            return None
        return self._read(item_id, stored)

    def items_with_status(
        self, company_id: int, kind: RunItemKind, statuses: Sequence[RunItemStatus]
    ) -> list[RunItem]:
        return [
            self._read(item_id, stored)
            for item_id, stored in self._items(company_id=company_id, kind=kind)
            if stored.status in statuses
        ]

    def customers_waiting(self, company_id: int) -> set[int]:
        return {
            stored.customer_id
            for _id, stored in self._items(company_id=company_id, kind=Kind.MESSAGE)
            if stored.status in (Status.APPROVED, Status.QUEUED) and stored.customer_id is not None
        }

    def company_warnings(self, run_id: int) -> list[Reason | str]:
        found: list[Reason | str] = []
        for _id, stored in self._items(run_id=run_id, kind=Kind.WARNING, customer_id=None):
            reasons = many_from_json(json.loads(stored.payload or "{}").get("reasons"))
            found.extend(reasons or [stored.summary])
        return found

    def foreign_items(self, run_id: int, item_ids: Sequence[int]) -> list[int]:
        mine = {item_id for item_id, _ in self._items(run_id=run_id)}
        return [i for i in sorted(set(item_ids)) if i not in mine]

    # ----------------------------------------------------------------- changing items

    def _move(self, item_id: int, status: RunItemStatus, at: datetime) -> None:
        stored = self._tables.run_items[item_id]
        stored.status, stored.decided_at = status.value, at

    def set_status(
        self,
        item_ids: Sequence[int],
        status: RunItemStatus,
        *,
        only_from: Sequence[RunItemStatus],
        at: datetime,
    ) -> int:
        moving = [
            i for i in set(item_ids)
            if i in self._tables.run_items and self._tables.run_items[i].status in only_from
        ]  # fmt: skip
        for item_id in moving:
            self._move(item_id, status, at)
        return len(moving)

    def supersede_open(self, company_id: int, *, at: datetime) -> int:
        open_ = self._items(company_id=company_id, status=Status.PROPOSED)
        for item_id, _stored in open_:
            self._move(item_id, Status.SUPERSEDED, at)
        return len(open_)

    def decide(
        self,
        run_id: int,
        *,
        status: RunItemStatus,
        at: datetime,
        item_ids: Sequence[int] | None,
        kind: RunItemKind | None = None,
        step_key: str | None = None,
    ) -> list[Moved]:
        moved = []
        for item_id, stored in self._items(run_id=run_id, status=Status.PROPOSED):
            if item_ids is not None and item_id not in item_ids:
                continue
            if not _in_group(stored, kind, step_key):
                continue
            self._move(item_id, status, at)
            moved.append(Moved(item_id, stored.customer_id, stored.step_key, stored.kind))
        return moved

    def note(self, item_id: int, notes: Sequence[Reason]) -> None:
        stored = self._tables.run_items.get(item_id)
        if stored is not None:
            before = many_from_json(json.loads(stored.notes or "[]"))
            stored.notes = json.dumps(many_to_json([*before, *notes]))

    def set_sent_payload(self, item_id: int, sent: StoredProposal, *, sent_on: date) -> None:
        stored = self._tables.run_items.get(item_id)
        if stored is not None:
            kept = json.loads(stored.payload) | {AS_SENT: sent_json(sent, sent_on)}
            stored.payload = json.dumps(kept)

    # ------------------------------------------------------------------ what was sent

    def _invoice_ids(self, company_id: int, numbers: Sequence[str]) -> dict[str, int]:
        """Invoice ids by number (invoices, not credit notes), for the numbers given."""
        return {
            s.invoice.number: invoice_id
            for invoice_id, s in self._tables.invoices.items()
            if s.company_id == company_id and s.invoice.kind is InvoiceKind.INVOICE
            and s.invoice.number in numbers
        }  # fmt: skip

    def record_steps(
        self,
        company_id: int,
        run_item_id: int,
        steps: Sequence[tuple[str, str]],
        *,
        channel: str,
        taken_on: date,
        deadline: date | None = None,
    ) -> int:
        ids = self._invoice_ids(company_id, [number for number, _ in steps])
        found = [
            StepRecorded(ids[number], key, channel, taken_on, deadline, run_item_id)
            for number, key in steps
            if number in ids
        ]
        self._tables.steps_taken.extend(found)
        return len(found)

    def record_claims(
        self,
        company_id: int,
        run_item_id: int,
        claims: Sequence[tuple[str, Decimal, Decimal, str]],
        *,
        claimed_on: date,
    ) -> None:
        ids = self._invoice_ids(company_id, [number for number, *_ in claims])
        self._tables.claims.extend(
            _Claimed(company_id, ids[number], currency, _cents(costs, currency),
                     _cents(interest, currency), claimed_on, run_item_id)
            for number, costs, interest, currency in claims
            if number in ids
        )  # fmt: skip

    def claims_left(
        self, company_id: int, customer_number: str
    ) -> dict[str, tuple[Decimal, Decimal]]:
        """Claimed and not yet paid: the fakes book no payment on costs or interest, so
        every claim is left whole."""
        customer_id = next(
            (cid for cid, (owner, c) in self._tables.customers.items()
             if owner == company_id and c.number == customer_number),
            None,
        )  # fmt: skip
        if customer_id is None:
            return {}
        return claims_left(self._tables, company_id, customer_id=customer_id)

    # -------------------------------------------------------------- reviewing runs

    def _record(self, run_id: int) -> RunRecord:
        run = self._tables.runs[run_id]
        counted: dict[tuple[str, str], int] = {}
        for _id, stored in self._items(run_id=run_id):
            key = (stored.kind, stored.status)
            counted[key] = counted.get(key, 0) + 1
        counts = tuple((Kind(k), Status(s), n) for (k, s), n in sorted(counted.items()))
        return RunRecord(run_id, run.as_of, run.created_at, counts)

    def page(self, company_id: int, *, offset: int, limit: int) -> tuple[int, list[RunRecord]]:
        mine = sorted(
            (run_id for run_id, run in self._tables.runs.items() if run.company_id == company_id),
            reverse=True,
        )
        return len(mine), [self._record(run_id) for run_id in mine[offset : offset + limit]]

    def listing(self, company_id: int, run_id: int) -> RunRecord | None:
        run = self._tables.runs.get(run_id)
        return None if run is None or run.company_id != company_id else self._record(run_id)

    def group_counts(self, run_id: int) -> list[GroupCount]:
        counted: dict[tuple[str, str | None, str], int] = {}
        for _id, stored in self._items(run_id=run_id):
            step = None if stored.status == Status.INFO else stored.step_key
            key = (stored.kind, step, stored.status)
            counted[key] = counted.get(key, 0) + 1
        return [(Kind(k), step, Status(s), n) for (k, step, s), n in counted.items()]

    def group_items(
        self,
        run_id: int,
        *,
        kind: RunItemKind,
        step_key: str | None,
        status: RunItemStatus | None,
        offset: int,
        limit: int,
    ) -> list[RunItem]:
        if status is not None:
            statuses: Sequence[RunItemStatus] = (status,)
        elif kind in (Kind.HOLD, Kind.WARNING):
            statuses = (Status.INFO,)
        else:
            statuses = DECIDABLE
        found = [
            self._read(item_id, stored)
            for item_id, stored in self._items(run_id=run_id)
            if stored.status in statuses and _in_group(stored, kind, step_key)
        ]
        return found[offset : offset + limit]


def _in_group(stored: _Item, kind: RunItemKind | None, step_key: str | None) -> bool:
    if kind is None:
        return True
    return stored.kind == kind and (kind != Kind.MESSAGE or stored.step_key == step_key)


def claims_left(
    tables: CollectionTables, company_id: int, *, customer_id: int | None = None
) -> dict[str, tuple[Decimal, Decimal]]:
    """Per invoice number: the costs and interest claimed on it (none paid, see above)."""
    left: dict[str, tuple[Decimal, Decimal]] = {}
    for claim in tables.claims:
        stored = tables.invoices[claim.invoice_id]
        if claim.company_id != company_id or customer_id not in (None, stored.customer_id):
            continue
        costs, interest = left.get(stored.invoice.number, (Decimal(0), Decimal(0)))
        left[stored.invoice.number] = (
            _cents(costs + claim.costs, claim.currency),
            _cents(interest + claim.interest, claim.currency),
        )
    return left


# -------------------------------------------------- settings and what a run reads


class FakeCollectionSettings:
    def __init__(self, tables: CollectionTables) -> None:
        self._tables = tables

    def get(self, company_id: int) -> tuple[CollectionSettings, str | None]:
        return self._tables.settings.get(company_id, (CollectionSettings(), None))

    def save(
        self,
        company_id: int,
        settings: CollectionSettings,
        *,
        policies_toml: str | None,
        at: datetime,
    ) -> None:
        stored = replace(settings, large_amount=_cents(settings.large_amount, "EUR"))
        self._tables.settings[company_id] = (stored, policies_toml)


class FakeTemplateTexts:
    """A company's own wording of its templates, as template_texts.py in the adapters."""

    def __init__(self, tables: CollectionTables) -> None:
        self._tables = tables

    def get(self, company_id: int, language: str, template: str) -> str | None:
        found = self._tables.template_texts.get((company_id, language, template))
        return None if found is None else found[0]

    def edited(self, company_id: int) -> dict[tuple[str, str], datetime]:
        return {(language, template): at
                for (company, language, template), (_, at) in self._tables.template_texts.items()
                if company == company_id}  # fmt: skip

    def save(
        self, company_id: int, language: str, template: str, text: str, *, at: datetime, by: str
    ) -> None:
        self._tables.template_texts[(company_id, language, template)] = (text, at)

    def remove(self, company_id: int, language: str, template: str) -> bool:
        return self._tables.template_texts.pop((company_id, language, template), None) is not None


class FakeOpenItems:
    """The open invoices with the costs and interest still claimed on them, as the
    matching view gives them (`uow.matching.open_items`)."""

    def __init__(self, tables: CollectionTables) -> None:
        self._tables = tables

    def open_items(self, company_id: int) -> list[OpenItem]:
        claimed = claims_left(self._tables, company_id)
        found = []
        for s in self._tables.invoices.values():
            invoice = s.invoice
            if s.company_id != company_id or invoice.kind is not InvoiceKind.INVOICE:
                continue
            if invoice.outstanding <= 0:
                continue
            number = self._tables.customer_number(s.customer_id)
            costs, interest = claimed.get(invoice.number, (Decimal(0), Decimal(0)))
            found.append(OpenItem.from_invoice(replace(invoice, customer_number=number),
                                               costs=costs, interest=interest))  # fmt: skip
        return found


class FakeRunData:
    """The customers' states as the test set them (`FakeCollectionDatabase.set_states`)."""

    def __init__(self, tables: CollectionTables) -> None:
        self._tables = tables

    def last_statement_on(self, company_id: int) -> date | None:
        return self._tables.last_statement.get(company_id)

    def customer_states(
        self, company_id: int, *, as_of: date, customer_number: str | None = None
    ) -> Iterator[CustomerState]:
        """Those with something open (the run's), or the one asked for."""
        for _id, state in sorted(self._tables.states.get(company_id, {}).items()):
            if customer_number in (None, state.customer.number) and state.invoices:
                yield state

    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None:
        return self._tables.states.get(company_id, {}).get(customer_id)


# ---------------------------------------------------------------- the unit of work


class FakePortalReads:
    """What the debtor portal reads (adapters/db/repositories/portal.py)."""

    def __init__(self, tables: CollectionTables) -> None:
        self._tables = tables

    def holder(self, company_id: int, customer_id: int) -> tuple[Customer, bool] | None:
        found = self._tables.customers.get(customer_id)
        if found is None or found[0] != company_id:
            return None
        # as the SQL reads it: without contacts or group
        customer = replace(found[1], contacts=(), parent_number=None)
        return customer, customer_id in self._tables.anonymised

    def claims(self, company_id: int, customer_id: int) -> dict[str, tuple[Decimal, Decimal]]:
        return claims_left(self._tables, company_id, customer_id=customer_id)

    def open_totals(self, company_id: int, customer_id: int) -> OpenTotals:
        claims = self.claims(company_id, customer_id)
        to_pay: dict[str, Decimal] = {}
        count = 0
        for stored in self._tables.invoices.values():
            invoice = stored.invoice
            if (stored.company_id, stored.customer_id) != (company_id, customer_id) or not (
                invoice.outstanding
            ):
                continue
            count += 1
            extra = sum(claims.get(invoice.number, ()), Decimal(0))
            amount = -invoice.outstanding if invoice.is_credit else invoice.outstanding + extra
            to_pay[invoice.currency] = to_pay.get(invoice.currency, Decimal(0)) + amount
        return OpenTotals(count, to_pay)


class FakeReplies:
    """The reply inbox's store of a database without a mailbox: no message was read."""

    def waiting(self, company_id: int) -> list[InboxReply]:
        return []

    def reply(self, company_id: int, mail_id: int) -> InboxReply | None:
        return None

    def raw(self, company_id: int, mail_id: int) -> bytes | None:
        return None

    def attachments(self, company_id: int, mail_id: int) -> list[AttachmentInfo]:
        return []

    def attachment(
        self, company_id: int, mail_id: int, attachment_id: int
    ) -> AttachmentFile | None:
        return None

    def confirm(self, company_id: int, mail_id: int, kind: str, *, by: str, at: datetime) -> None:
        raise AssertionError("no message to confirm")

    def task_raised(self, company_id: int, mail_id: int, *, at: datetime) -> None:
        raise AssertionError("no message to raise a task for")

    def waiting_by_customer(
        self, company_id: int, *, customer_id: int | None = None
    ) -> dict[int, list[WaitingReply]]:
        return {}

    def of_customer(self, company_id: int, customer_id: int) -> list[InboxReply]:
        return []

    def invoices_answered(self, company_id: int, mail_ids: Sequence[int]) -> dict[int, list[str]]:
        return {}


class FakeCollectionDatabase(FakeDirectDebitDatabase):
    def __init__(self) -> None:
        super().__init__()
        self.tables = CollectionTables()

    def uow(self) -> FakeCollectionUnitOfWork:
        return FakeCollectionUnitOfWork(self)

    def set_states(self, company_id: int, states: Sequence[CustomerState]) -> None:
        """What `run_data` gives for the company from now on (customers stored already)."""
        assert isinstance(self.tables, CollectionTables)
        self.tables.states[company_id] = {s.customer.id or 0: s for s in states}

    def set_last_statement(self, company_id: int, on: date) -> None:
        assert isinstance(self.tables, CollectionTables)
        self.tables.last_statement[company_id] = on

    def steps_taken(self) -> list[StepRecorded]:
        assert isinstance(self.tables, CollectionTables)
        return list(self.tables.steps_taken)


class FakeExperiments:
    """No experiment runs in the fakes' world: sending leaves every message as it is
    (the experiments themselves are tested on the real database)."""

    def running(self, company_id: int, template: str) -> None:
        return None


class FakeCollectionUnitOfWork(FakeDirectDebitUnitOfWork):
    runs: FakeRuns
    run_data: FakeRunData
    collection_settings: FakeCollectionSettings
    matching: FakeOpenItems
    portal_reads: FakePortalReads
    agreements: FakeAgreements
    template_texts: FakeTemplateTexts
    experiments: FakeExperiments
    replies: FakeReplies

    def __enter__(self) -> Self:
        super().__enter__()
        tables, ids = self._tables, self._database.ids
        assert isinstance(tables, CollectionTables)
        self.runs = FakeRuns(tables, ids)
        self.run_data = FakeRunData(tables)
        self.collection_settings = FakeCollectionSettings(tables)
        self.matching = FakeOpenItems(tables)
        self.portal_reads = FakePortalReads(tables)
        self.agreements = FakeAgreements(tables)
        self.template_texts = FakeTemplateTexts(tables)
        self.experiments = FakeExperiments()
        self.replies = FakeReplies()
        return self
