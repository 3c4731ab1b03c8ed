"""The daily run reads what was claimed before, per invoice, in a fixed number of queries
for the whole company, not per customer (SQLite and PostgreSQL): the engine then never
claims it twice. The customer page reads the same for one customer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import insert, update

from tests.adapters.db.test_collection_records import counted
from tijdig.adapters.db.repositories.claims import claimed_before
from tijdig.adapters.db.schema.collection import InvoiceClaimRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.views.customer_state import load_customer_state
from tijdig.adapters.db.views.workspace import SqlWorkspace
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.engine.advice import advise
from tijdig.engine.model import ClaimedBefore
from tijdig.services.collection import run as dunning
from tijdig.services.companies.companies import add_company
from tijdig.services.read_models import customer_file

DUE = date(2026, 2, 10)
INVOICES = (("B-1", "B1"), ("B-2", "B1"), ("K-1", "K1"), ("K-2", "K1"))


def _seed(app: Tijdig) -> tuple[Company, dict[str, int]]:
    """A business customer B1 and a consumer K1, each with an open invoice (-1) and one
    paid since (-2); costs and interest claimed on all four, some in two messages."""
    company = add_company(
        app.uow(),
        Company(code="ACME", name="Acme B.V."),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    assert company.id is not None
    customers = [Customer("B1", "Bouw BV"), Customer("K1", "Kees", kind=CustomerKind.CONSUMER)]
    with app.uow() as uow:
        uow.customers.save_many(company.id, customers)
        cids = uow.customers.ids_by_number(company.id)
        for number, customer in INVOICES:
            invoice = Invoice(number, customer, date(2026, 1, 10), DUE, Decimal("1000.00"))
            uow.invoices.add(invoice, company_id=company.id, customer_id=cids[customer],
                             fingerprint=number, source="test")  # fmt: skip
        ids = {number: i.id or 0 for i in uow.invoices.search(company.id)
               for number in [i.number]}  # fmt: skip
        claims = [("B-1", 15000, 1196, date(2026, 3, 17)), ("B-1", 0, 250, date(2026, 4, 7)),
                  ("B-2", 15000, 0, date(2026, 3, 17)), ("K-1", 7500, 0, date(2026, 3, 20)),
                  ("K-2", 7500, 208, date(2026, 3, 20))]  # fmt: skip
        uow.session.execute(insert(InvoiceClaimRow), [
            {"company_id": company.id, "invoice_id": ids[n], "costs_minor": costs,
             "interest_minor": interest, "currency": "EUR", "claimed_on": on}
            for n, costs, interest, on in claims
        ])  # fmt: skip
        uow.session.execute(insert(StepTakenRow), [
            {"company_id": company.id, "invoice_id": ids[n], "step_key": key,
             "channel": "letter", "taken_on": on}
            for n in ("K-1", "K-2", "B-2")
            for key, on in (("fourteen_day_letter", date(2026, 3, 3)),
                            ("costs_claim", date(2026, 3, 20)))
        ])  # fmt: skip
        uow.session.execute(
            update(InvoiceRow).where(InvoiceRow.id.in_([ids["B-2"], ids["K-2"]])),
            {"open_minor": 0},
        )
        uow.commit()
    return company, cids


def test_the_run_reads_the_claims_per_invoice_in_three_queries_for_the_company(app: Tijdig) -> None:
    company, cids = _seed(app)
    assert company.id is not None
    with app.uow() as uow, counted(app) as statements:
        claimed, paid_steps = claimed_before(uow.session, company.id)
    assert len(statements) == 3  # on open invoices; on a consumer's paid ones; their steps
    assert claimed[cids["B1"]] == [  # business: the open invoice only
        ClaimedBefore("B-1", Decimal("150.00"), Decimal("14.46"), date(2026, 4, 7))
    ]
    assert sorted(claimed[cids["K1"]], key=lambda c: c.invoice_number) == [
        ClaimedBefore("K-1", Decimal("75.00"), Decimal("0.00"), None),
        ClaimedBefore("K-2", Decimal("75.00"), Decimal("2.08"), date(2026, 3, 20)),
    ]
    assert paid_steps == {cids["K1"]: [
        StepTaken("K-2", "fourteen_day_letter", date(2026, 3, 3), "letter"),
        StepTaken("K-2", "costs_claim", date(2026, 3, 20), "letter"),
    ]}  # fmt: skip
    with app.uow() as uow:
        one = claimed_before(uow.session, company.id, customer_id=cids["B1"])
    assert one == ({cids["B1"]: claimed[cids["B1"]]}, {})


def test_customer_states_carry_the_claims_and_the_paid_invoices_letter(app: Tijdig) -> None:
    company, _ = _seed(app)
    assert company.id is not None
    with app.uow() as uow:
        states = {s.customer.number: s for s in
                  uow.run_data.customer_states(company.id, as_of=date(2026, 4, 8))}  # fmt: skip
    business, consumer = states["B1"], states["K1"]
    assert [c.invoice_number for c in business.claimed] == ["B-1"]
    assert {c.invoice_number for c in consumer.claimed} == {"K-1", "K-2"}
    assert [i.number for i in consumer.invoices] == ["K-1"]
    assert {s.invoice_number for s in consumer.steps_taken} == {"K-1", "K-2"}


def test_the_customer_page_loads_one_customer_as_the_run_does(app: Tijdig) -> None:
    """The workspace's "next planned step" (one customer, customer_state.py) sees the
    claims made before and a consumer's paid invoices' letter, as the daily run does:
    so B-1's EUR 150 costs are not proposed again there either."""
    company, cids = _seed(app)
    assert company.id is not None
    as_of = date(2026, 4, 8)
    with app.uow() as uow:  # B-1 was reminded and warned: the notice of default is next
        [b1] = [i.id for i in uow.invoices.search(company.id) if i.number == "B-1"]
        uow.session.execute(insert(StepTakenRow), [
            {"company_id": company.id, "invoice_id": b1, "step_key": key, "channel": "email",
             "taken_on": on}
            for key, on in (("reminder", date(2026, 2, 17)), ("formal_demand", date(2026, 3, 3)))
        ])  # fmt: skip
        uow.commit()
    with app.uow() as uow:
        run = {s.customer.number: s
               for s in uow.run_data.customer_states(company.id, as_of=as_of)}  # fmt: skip
        company_state, policies = dunning.company_state(uow, company)
        for number in ("B1", "K1"):
            one = load_customer_state(uow.session, company.id, cids[number], as_of=as_of)
            assert one == run[number]
            assert one.claimed and one.claimed_by_invoice() == run[number].claimed_by_invoice()
            assert advise(one, company_state, policies, as_of=as_of) == advise(
                run[number], company_state, policies, as_of=as_of
            )
    assert {s.invoice_number for s in run["K1"].steps_taken} == {"K-1", "K-2"}
    proposal = advise(run["B1"], company_state, policies, as_of=as_of).proposal
    assert proposal is not None and proposal.claim is not None
    assert proposal.step.key == "notice_of_default"
    assert proposal.claim.costs == 0  # claimed on 2026-03-17: not again
    assert proposal.claim.interest > 0  # from 2026-04-08, the day after the last claim
    step = customer_file.next_step(
        SqlWorkspace(app.engine), company, cids["B1"], settings=company_state.settings,
        policies=policies, as_of=as_of,
    )  # fmt: skip
    assert (step.today, step.channel) == (proposal.step.key, proposal.channel.value)
