"""What a bounce does, end to end on a real database: a hard bounce makes the address
undeliverable, with a task, and the next message goes to the next contact or by post; a
soft bounce is only counted; a bounced 14-day letter counts as not received and goes
again by post, with its term counted from the day and channel it goes by, and the
costs' term from the letter sent, never from the bounced e-mail."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tijdig.adapters.db.schema.collection import InvoiceClaimRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.sms import LoggingSms
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.policy import LegalNotice, StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set, dump_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal import law_of_notice, terms
from tijdig.domain.parties import (
    BankAccount,
    Company,
    Contact,
    ContactRole,
    Customer,
    CustomerKind,
)
from tijdig.domain.reasons import Code
from tijdig.engine import claims
from tijdig.engine.model import Advice, CollectionSettings
from tijdig.engine.preview import preview_proposal
from tijdig.services.collection.delivery import send_pending
from tijdig.services.collection.messages import channel_for, email_of, record_sent
from tijdig.services.collection.queue import queue_approved
from tijdig.services.collection.review import decide
from tijdig.services.collection.run import company_state
from tijdig.services.companies.companies import add_company
from tijdig.services.contacts.bounces import record_bounce
from tijdig.services.outbox import OutgoingMessage, Release
from tijdig.services.receivables.imports import with_reference

IBAN = "NL91ABNA0417164300"


@dataclass
class Recorder:
    sent: list[OutgoingMessage] = field(default_factory=list)

    def send(self, message: OutgoingMessage, *, release: Release) -> None:
        release()
        self.sent.append(message)


def _moment(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _setup(app: Tijdig, customer: Customer, *, notice_by_email: bool = False) -> Company:
    acme = Company(code="ACME", name="Acme B.V.", bank_accounts=(BankAccount(IBAN),),
                   registration_number="12345678", email="debiteuren@acme.nl",
                   address="Dorpsstraat 1\n3512 AB Utrecht")  # fmt: skip
    company = add_company(
        app.uow(), acme, validate=False, actor="test", at=_moment(date(2026, 1, 5))
    )
    assert company.id is not None
    with app.uow() as uow:
        if notice_by_email:  # the company sends its legal notices by e-mail
            policies = default_policy_set()
            changed = replace(policies, policies=tuple(
                replace(p, steps=tuple(
                    replace(s, channel=StepChannel.EMAIL)
                    if s.legal_notice is not LegalNotice.NONE else s for s in p.steps))
                for p in policies.policies))  # fmt: skip
            uow.collection_settings.save(company.id, CollectionSettings(),
                                         policies_toml=dump_policy_set(changed),
                                         at=_moment(date(2026, 1, 5)))  # fmt: skip
        uow.customers.save_many(company.id, [customer])
        cid = uow.customers.ids_by_number(company.id)[customer.number]
        invoice = Invoice("A", customer.number, date(2026, 6, 1), date(2026, 7, 1),
                          Decimal("1000.00"))  # fmt: skip
        uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                         customer_id=cid, fingerprint="A", source="test")  # fmt: skip
        uow.commit()
    return company


def _steps_before(uow: SqlUnitOfWork, company_id: int, keys: list[str], day: date) -> None:
    invoice_id = uow.session.scalar(select(InvoiceRow.id).where(InvoiceRow.number == "A"))
    taken = set(uow.session.scalars(select(StepTakenRow.step_key)))
    uow.session.add_all(
        StepTakenRow(company_id=company_id, invoice_id=invoice_id, step_key=key,
                     channel="email", taken_on=day - timedelta(days=40 - n),
                     deadline=day - timedelta(days=30 - n))
        for n, key in enumerate(keys) if key not in taken
    )  # fmt: skip
    uow.session.flush()


def _send_step(app: Tijdig, company: Company, step: str, day: date, tmp: Path) -> Recorder:
    """Propose `step`, approve, queue and send it as `run`, `run approve` and `send` do."""
    assert company.id is not None
    now = _moment(day)
    with app.uow() as uow:
        state, policies = company_state(uow, company)
        [customer] = uow.run_data.customer_states(company.id, as_of=day, customer_number="C1")
        proposal = preview_proposal(customer, state, policies, step, as_of=day)
        keys = [s.key for s in policies.policy(proposal.policy_code).steps]
        _steps_before(uow, company.id, keys[: keys.index(step)], day)
        uow.runs.supersede_open(company.id, at=now)
        decisions = [(customer.customer.id or 0, Advice("C1", proposal))]
        uow.runs.create(company.id, as_of=day, created_at=now, decisions=decisions)
        uow.commit()
    decide(app.uow(), company, run_id=None, decision="approve", every=True, actor="test", at=now)
    return _queue_and_send(app, company, day, tmp)


def _queue_and_send(app: Tijdig, company: Company, day: date, tmp: Path) -> Recorder:
    now = _moment(day, 10)
    report = queue_approved(app.uow, company, RenderComposer(), now=now, today=day)
    assert report.queued == 1, report
    recorder = Recorder()
    sent = send_pending(app.uow, recorder, LoggingSms(tmp / "sms.log"), now=now,
                        on_sent=record_sent(today=day, actor="test", at=now),
                        printer=recorder)  # fmt: skip
    assert len(sent.sent) == 1
    return recorder


def _customer(app: Tijdig, company: Company) -> Customer:
    with app.uow() as uow:
        found = uow.customers.get(company.id or 0, "C1")
    assert found is not None
    return found


def _tasks(app: Tijdig, company: Company) -> list[str]:
    customer = _customer(app, company)
    with app.uow() as uow:
        found = uow.tasks.open_for_customer(company.id or 0, customer.id or 0)
    return [getattr(task.title, "code", task.title) for _, task in found]


def _timeline_codes(app: Tijdig, company: Company) -> list[object]:
    customer = _customer(app, company)
    with app.uow() as uow:
        events = uow.contact_log.timeline(company.id or 0, customer.id or 0)
    return [getattr(e.summary, "code", None) for e in events]


TWO_ADDRESSES = Customer(
    "C1",
    "Bakkerij Jansen",
    email="info@jansen.nl",
    address="Kerkweg 5\n3511 AA Utrecht",
    contacts=(Contact("Eline Bos", ContactRole.ACCOUNTS_PAYABLE, email="AP@jansen.nl"),),
)


def test_a_hard_bounce_passes_the_address_over_with_a_task_then_the_letter_takes_over(
    app: Tijdig, tmp_path: Path
) -> None:
    company = _setup(app, TWO_ADDRESSES)
    day = date(2026, 8, 4)
    first = _send_step(app, company, "reminder", day, tmp_path)
    assert first.sent[0].recipient == "AP@jansen.nl"

    done = record_bounce(app.uow(), company, address="ap@jansen.nl", hard=True,
                         sent_message_id=f"<{first.sent[0].key}@acme.nl>",
                         diagnostic="550 5.1.1 user unknown", actor="mail",
                         at=_moment(day, 11))  # fmt: skip
    [bounced] = done.customers
    assert (bounced.undeliverable, bounced.writes_to, bounced.task_added) == (
        True, "info@jansen.nl", True)  # fmt: skip
    assert bounced.resent_item_id is None  # a reminder is no legal notice
    assert email_of(_customer(app, company)) == "info@jansen.nl"  # the next address
    assert _tasks(app, company) == [Code.TASK_FIND_ADDRESS]

    # The same address again: counted, no second task. Then the customer's own address.
    record_bounce(app.uow(), company, address="ap@jansen.nl", hard=True, sent_message_id=None,
                  diagnostic="5.1.1", actor="mail", at=_moment(day, 12))  # fmt: skip
    record_bounce(app.uow(), company, address="Info@Jansen.nl", hard=True,
                  sent_message_id=None, diagnostic="5.1.2", actor="mail",
                  at=_moment(day, 13))  # fmt: skip
    customer = _customer(app, company)
    assert email_of(customer) is None
    assert channel_for(StepChannel.EMAIL, customer) is StepChannel.LETTER
    assert _tasks(app, company) == [Code.TASK_FIND_ADDRESS, Code.TASK_FIND_ADDRESS]
    assert _timeline_codes(app, company).count(Code.BOUNCE_HARD) == 3
    with app.uow() as uow:
        [ap, info] = uow.contact_quality.states(company.id or 0, customer.id or 0)
    assert (ap.hard_bounces, ap.undeliverable_since, info.hard_bounces) == (2, day, 1)

    # The engine's next message, an e-mail step, goes by post.
    later = day + timedelta(days=17)
    after = _send_step(app, company, "formal_demand", later, tmp_path)
    assert after.sent[0].channel.value == "letter"


def test_a_soft_bounce_is_only_counted(app: Tijdig, tmp_path: Path) -> None:
    company = _setup(app, TWO_ADDRESSES)
    day = date(2026, 8, 5)
    for hour in (10, 11):
        done = record_bounce(app.uow(), company, address="ap@jansen.nl", hard=False,
                             sent_message_id=None, diagnostic="452 4.2.2 mailbox full",
                             actor="mail", at=_moment(day, hour))  # fmt: skip
    [bounced] = done.customers
    assert (bounced.undeliverable, bounced.writes_to, bounced.task_added) == (
        False, "AP@jansen.nl", False)  # fmt: skip
    customer = _customer(app, company)
    with app.uow() as uow:
        [state] = uow.contact_quality.states(company.id or 0, customer.id or 0)
    assert (state.soft_bounces, state.hard_bounces, state.undeliverable_since) == (2, 0, None)
    assert _tasks(app, company) == []
    assert _timeline_codes(app, company).count(Code.BOUNCE_SOFT) == 2
    sent = _send_step(app, company, "reminder", date(2026, 8, 6), tmp_path)
    assert sent.sent[0].recipient == "AP@jansen.nl"


def test_an_address_of_no_customer_changes_nothing(app: Tijdig) -> None:
    company = _setup(app, TWO_ADDRESSES)
    done = record_bounce(app.uow(), company, address="someone@else.nl", hard=True,
                         sent_message_id="<unknown-key@acme.nl>", diagnostic="5.1.1",
                         actor="mail", at=_moment(date(2026, 8, 5)))  # fmt: skip
    assert done.customers == ()
    assert _tasks(app, company) == []


CONSUMER = Customer("C1", "J. de Vries", kind=CustomerKind.CONSUMER, email="j@devries.nl",
                    address="Kerkweg 5\n3511 AA Utrecht")  # fmt: skip
LETTER = law_of_notice(LegalNotice.NL_FOURTEEN_DAY_LETTER)


def _steps(app: Tijdig, key: str) -> list[StepTaken]:
    s = StepTakenRow
    with app.uow() as uow:
        rows = uow.session.execute(
            select(s.step_key, s.taken_on, s.channel, s.deadline).where(s.step_key == key)
        )
        return [StepTaken("A", *row) for row in rows]


@pytest.mark.parametrize(
    ("sent_on", "bounced_on"),
    [
        (date(2026, 11, 24), date(2026, 11, 27)),  # bounced on a Friday
        (date(2026, 9, 29), date(2026, 9, 30)),  # at the end of a month
        (date(2026, 12, 22), date(2026, 12, 24)),  # December: the post's days around Christmas
        (date(2026, 12, 29), date(2026, 12, 31)),  # the year's last day
    ],
)
def test_a_bounced_14_day_letter_goes_again_by_post_with_its_own_term_and_no_costs_follow(
    app: Tijdig, tmp_path: Path, sent_on: date, bounced_on: date
) -> None:
    assert LETTER is not None
    company = _setup(app, CONSUMER, notice_by_email=True)
    mailed = _send_step(app, company, "fourteen_day_letter", sent_on, tmp_path)
    assert mailed.sent[0].channel.value == "email"
    [taken] = _steps(app, "fourteen_day_letter")
    email_term = LETTER.reminder_term(sent_on, terms.NoticeDelivery.EMAIL)
    assert taken.deadline == email_term.last_day

    done = record_bounce(app.uow(), company, address="j@devries.nl", hard=True,
                         sent_message_id=f"<{mailed.sent[0].key}@acme.nl>",
                         diagnostic="550 5.1.1", actor="mail",
                         at=_moment(bounced_on, 8))  # fmt: skip
    [bounced] = done.customers
    assert bounced.resent_item_id is not None
    assert _steps(app, "fourteen_day_letter") == []  # not received: it took no step
    assert Code.NOTICE_BOUNCED in _timeline_codes(app, company)

    posted = _queue_and_send(app, company, bounced_on, tmp_path)
    assert posted.sent[0].channel.value == "letter"
    [again] = _steps(app, "fourteen_day_letter")
    post_term = LETTER.reminder_term(bounced_on, terms.NoticeDelivery.POST)
    assert (again.taken_on, again.channel, again.deadline) == (
        bounced_on, "letter", post_term.last_day)  # fmt: skip
    assert post_term.last_day > email_term.last_day

    # The costs' condition is the letter received: its term, not the bounced e-mail's.
    with app.uow() as uow:
        _, policies = company_state(uow, company)
    policy = policies.policy("nl_consumer")
    costs_from = claims.term_costs_from("NL", policy, [again], consumer=True)
    assert costs_from == post_term.costs_from
    assert costs_from > email_term.costs_from
    with app.uow() as uow:
        assert list(uow.session.scalars(select(InvoiceClaimRow))) == []
