"""ACME's customer C1, late with F1, on the fakes: the world of the plan B tests and of
the dated examples of docs/dunning.md ("Plan B")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from tests.fakes_plans import FakePlansDatabase
from tijdig.domain.collection.ladder import AgreementKind
from tijdig.domain.collection.plans import PaymentPlan, PlanInstalment, PlanStatus
from tijdig.domain.collection.records import Promise, TaskKind
from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reason_texts import plain
from tijdig.engine.model import CustomerState
from tijdig.services.collection import review
from tijdig.services.collection.run import start_run
from tijdig.services.collection.views import RunItem

D = Decimal
LEAP = date(2028, 2, 29)


class World:
    """ACME with customer C1, late with F1 (500.00, due 2028-01-31)."""

    def __init__(self) -> None:
        self.db = FakePlansDatabase()
        at = datetime(2028, 1, 1, tzinfo=UTC)
        with self.db.uow() as uow:
            self.company = uow.companies.add(Company("ACME", "Acme"), at=at)
            self.cid = self.company.id or 0
            uow.customers.save_many(self.cid, [Customer("C1", "Cees")])
            self.customer_id = uow.customers.ids_by_number(self.cid)["C1"]
            invoice = Invoice("F1", "C1", date(2028, 1, 1), date(2028, 1, 31), D("500.00"))
            uow.invoices.add(invoice, company_id=self.cid, customer_id=self.customer_id,
                             fingerprint="F1", source="test")  # fmt: skip
            uow.commit()

    def states(self, as_of: date) -> None:
        self.db.set_last_statement(self.cid, as_of - timedelta(days=1))
        with self.db.uow() as uow:
            customer = uow.customers.get(self.cid, "C1")
            assert customer is not None
            open_ = uow.invoices.search(self.cid, customer_id=self.customer_id, open_only=True)
            promises = uow.promises.in_force_by_customer(self.cid, as_of).get(self.customer_id, [])
        self.db.set_states(self.cid, [CustomerState(customer, tuple(open_),
                                                    promises=tuple(promises))])  # fmt: skip

    def promise(self, promised: date, made: date) -> int:
        with self.db.uow() as uow:
            found = uow.promises.add(self.cid, self.customer_id, Promise("C1", promised, made))
            uow.commit()
        return found

    def broken_plan(self, made: date, ended: date) -> int:
        plan = PaymentPlan("C1", "", ("F1",), "EUR", D("500.00"), D(0), D(0),
                           (PlanInstalment(1, made, D("500.00")),), made,
                           status=PlanStatus.IN_FORCE, accepted_on=made)  # fmt: skip
        with self.db.uow() as uow:
            invoice_id = uow.plans.plannable(self.cid, self.customer_id)[0].invoice_id
            plan_id = uow.plans.add(self.cid, self.customer_id, plan, invoice_ids=[invoice_id],
                                    outside=(), created_by="test")  # fmt: skip
            uow.plans.set_reference(self.cid, plan_id, f"RFPLAN{plan_id}")
            assert uow.plans.move(self.cid, plan_id, PlanStatus.IN_FORCE, PlanStatus.BROKEN,
                                  on=ended)  # fmt: skip
            uow.commit()
        return plan_id

    def run_all(self, as_of: date) -> list[RunItem]:
        """A run on `as_of`: its items."""
        self.states(as_of)
        at = datetime.combine(as_of, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
        run_id = start_run(self.db.uow(), self.company, as_of=as_of, actor="test", at=at,
                           today=as_of).run_id  # fmt: skip
        with self.db.uow() as uow:
            view = uow.runs.view(run_id)
        assert view is not None
        return list(view.items)

    def run(self, as_of: date) -> list[RunItem]:
        """A run on `as_of`: its plan B items."""
        return [i for i in self.run_all(as_of) if i.kind is RunItemKind.FALLBACK]

    def decide(self, decision: str, item: RunItem, on: date) -> None:
        at = datetime.combine(on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
        review.decide(self.db.uow(), self.company, run_id=None, decision=decision,
                      item_ids=[item.id], actor="anne", at=at)  # fmt: skip

    def tasks(self) -> list[tuple[TaskKind, str]]:
        with self.db.uow() as uow:
            found = uow.tasks.open_for_customer(self.cid, self.customer_id)
        return [(t.kind, plain(t.title)) for _, t in found]

    def new_terms(self) -> list[date]:
        """The days of the customer's new terms."""
        with self.db.uow() as uow:
            found = uow.promises.for_customer(self.cid, self.customer_id)
        return sorted(p.promised_date for p in found if p.kind is AgreementKind.NEW_TERM)

    def handed_over(self) -> list[str]:
        """The invoices a hand-over step was recorded on."""
        with self.db.uow() as uow:
            numbers = {i.id: i.number for i in uow.invoices.search(self.cid)}
        return [numbers[s.invoice_id] for s in self.db.steps_taken() if s.step_key == "hand_over"]

    def pay_all(self) -> None:
        """F1 (and any later invoice) paid in full."""
        with self.db.uow() as uow:
            numbers = [i.number for i in uow.invoices.search(self.cid)]
            uow.ledger.settle(self.cid, *numbers)
            uow.commit()

    def late_again(self, *, due: date) -> None:
        """A new invoice, F2 (300.00), due on `due`."""
        invoice = Invoice("F2", "C1", due - timedelta(days=30), due, D("300.00"))
        with self.db.uow() as uow:
            uow.invoices.add(invoice, company_id=self.cid, customer_id=self.customer_id,
                             fingerprint="F2", source="test")  # fmt: skip
            uow.commit()
