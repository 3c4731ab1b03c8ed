"""Every page and every reason speaks the reader's language completely.

A marker catalogue, made here from the msgids Babel extracts (templates, the web's Python
and the reasons' words), translates each text as "⟦text⟧". A Dutch user, and then an
English and a French one, opens every page of the app (listed from its routes, so a new
page is covered without a change here) on one seeded database, and a Dutch and a French
debtor the portal. Whatever visible text is left once the marked parts are taken out must
be a name, a number, a date, an amount or a code from the data (an invoice number, a
reference): anything else was not translated. Nor may a requirement code such as "(S1-4)"
ever reach a reader.

English needs no catalogue (the msgids are English); Dutch and French must translate every
msgid (test_i18n.py). A language is added by its catalogue: `i18n.LANGUAGES` drives this
test, French included.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.dates import get_day_names, get_month_names
from babel.support import NullTranslations
from sqlalchemy import select

from tests.services.mailbox.inbox_world import add_reply
from tijdig import clock
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import (
    ContactEventRow,
    DamagesClauseRow,
    DisputeRow,
    RunItemRow,
    TaskRow,
)
from tijdig.adapters.db.schema.hand_over import HandOverCaseRow, HandOverStatusRow
from tijdig.adapters.db.schema.jobs import UploadRow
from tijdig.adapters.db.schema.ledger import CompanyRow, ContactRow, CustomerRow, InvoiceRow
from tijdig.adapters.db.schema.mailbox import MailAttachmentRow, MailMessageRow
from tijdig.adapters.db.schema.users import PortalSettingsRow, UserRow
from tijdig.adapters.demo.camt import write_statements
from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.adapters.queue import PollingQueue
from tijdig.adapters.security.links import PortalKey
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain import reason_texts, refusal_texts
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.collection.internal import Department, NoteKind
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import ContactEvent, ContactKind, ReasonCode, Task, TaskKind
from tijdig.domain.errors import TijdigError
from tijdig.domain.hand_over import Source
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import Money
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, Param, Reason, reason, written_from_text
from tijdig.domain.refusals import Refusal
from tijdig.domain.users import Role
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.app import create_app
from tijdig.entrypoints.web.rendering import said
from tijdig.services import privacy, uploads
from tijdig.services.background import Moment, run_job
from tijdig.services.bank import matching as bank_matching
from tijdig.services.collection import experiments, invoice_copies, review
from tijdig.services.collection import run as dunning
from tijdig.services.collection.send import send_approved
from tijdig.services.hand_over import cases as hand_over_cases
from tijdig.services.plans import plans
from tijdig.services.plans.plans import PlanTerms
from tijdig.services.receivables.customer_language import set_customer_language
from tijdig.services.receivables.sync import apply_sync, diff_export
from tijdig.services.records import contacts, dispute_cases, disputes, notes
from tijdig.services.records.outcomes import Agreement

from .conftest import TestClient, add_user, csrf_of, sign_in
from .test_i18n import _msgids

AS_OF = date(2026, 11, 24)  # a Tuesday
OPEN, CLOSE = "⟦", "⟧"
IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}")
PAYER = "NL02ABNA0123456789"  # who paid an invoice the bank then returned
REQUIREMENT = re.compile(r"\(?\bS\d-\d+\b")
# Pages that answer a file, not a page to read; and the messages themselves (a preview's
# e-mail body), written per language in the message templates, not through gettext.
FILES = {"invoice_copy", "portal_copy", "run_item_preview_file", "settings_template_attachment",
         "run_item_preview_body", "settings_template_preview_body"}  # fmt: skip


class Markers(NullTranslations):
    """Each known msgid comes back between markers; an unknown text comes back bare,
    so a text shown through `_()` without being extracted is caught too."""

    def __init__(self, msgids: set[str]) -> None:
        super().__init__()
        self.msgids = msgids

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}" if message in self.msgids else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        chosen = singular if n == 1 else plural
        known = singular in self.msgids or plural in self.msgids
        return f"{OPEN}{chosen}{CLOSE}" if known else chosen


@pytest.fixture(scope="module")
def markers() -> Iterator[Markers]:
    catalogue = Markers(set(_msgids()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "translations", lambda language: catalogue)
        yield catalogue


class _Text(HTMLParser):
    """The text a reader sees: text nodes and the attributes read out or shown."""

    SHOWN = ("title", "placeholder", "aria-label", "alt")
    # Not words of the UI: code, and what a person typed (a policy file, a clause, a
    # call script in the customer's own language) shown for reading or editing.
    HIDDEN = frozenset({"script", "style", "code", "pre", "textarea"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._open: list[str] = []  # the hidden elements open, innermost last
        self._language: str | None = None  # the page's own, from <html lang>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # aria-hidden: a decoration such as the brand mark "T", never read out; lang: a
        # part the page itself declares to be in another language (an error's detail)
        named = dict(attrs)
        if tag == "html":
            self._language = named.get("lang")
        other = tag != "html" and named.get("lang", self._language) != self._language
        if tag in self.HIDDEN or named.get("aria-hidden") == "true" or other:
            self._hidden += 1
            self._open.append(tag)
        self.parts += [v for k, v in attrs if k in self.SHOWN and v]
        if tag == "input" and named.get("type") in {"submit", "button"} and named.get("value"):
            self.parts.append(named["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[-1]:
            self._open.pop()
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def unmarked(text: str) -> str:
    """The text with every marked part (innermost first: params sit inside) taken out."""
    inner = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        shorter = inner.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


URL = re.compile(r"\S+://\S+")  # an address, as an example in a field: not words
WORD = re.compile(r"[^\W\d_][\w'’.@/-]*", re.UNICODE)


def leftovers(text: str, allowed: set[str]) -> list[str]:
    """Words outside the markers that are no name or code of the data; anything with a
    digit (an amount, a date, a number) and punctuation never counts."""
    rest = URL.sub(" ", unmarked(text))
    words = []
    for word in WORD.findall(rest):
        clean = word.strip(string.punctuation + "’")
        if clean and not any(c.isdigit() for c in clean) and clean.lower() not in allowed:
            words.append(clean)
    return words


# --- the seeded installation --------------------------------------------------------


class Seeded:
    def __init__(
        self, app: Tijdig, company: Company, client: TestClient, ids: dict[str, Any]
    ) -> None:
        self.app, self.company, self.client, self.ids = app, company, client, ids


def _names(app: Tijdig, company: Company) -> set[str]:
    """The words of names and codes in the data: customers, companies, users, invoices."""
    with app.uow() as uow:
        session = uow.session
        texts = [
            *session.scalars(select(CustomerRow.name)),
            *session.scalars(select(CustomerRow.number)),
            *session.scalars(select(CustomerRow.email)),
            *session.scalars(select(CompanyRow.name)),
            *session.scalars(select(CompanyRow.code)),
            *session.scalars(select(UserRow.username)),
            *session.scalars(select(UserRow.name)),
            *session.scalars(select(InvoiceRow.number)),
            *session.scalars(select(BankTransactionRow.counterparty_name)),
            *session.scalars(select(BankTransactionRow.remittance)),
            *session.scalars(select(BankTransactionRow.account_iban)),
            *session.scalars(select(ContactRow.name)),
            *session.scalars(select(ContactRow.email)),
            *session.scalars(select(UploadRow.filename)),  # an uploaded file's name
            # a message read: what its sender wrote, and its attachments' names and types
            *session.scalars(select(MailMessageRow.subject)),
            *session.scalars(select(MailMessageRow.from_address)),
            *session.scalars(select(MailAttachmentRow.filename)),
            *session.scalars(select(MailAttachmentRow.mime_type)),
            *(v for table in (CompanyRow, DamagesClauseRow, PortalSettingsRow)
              for row in session.execute(select(table)).scalars()
              for v in vars(row).values() if isinstance(v, str)),
            # policy codes and step keys: the names a company gave its ladder
            *(p.code for p in default_policy_set().policies),
            *(s.key for p in default_policy_set().policies for s in p.steps),
            # and the templates its steps use, by their file's name
            *(s.template for p in default_policy_set().policies for s in p.steps),
            # the citation of the law (not a parenthesis in words): "art. 52 lid 4 AWR"
            re.sub(r"\(.*?\)", "", privacy.retention(app.uow(), company).source),
            # what a person wrote down: a contact's summary, with whom, by whom (what the
            # system logged is a code, said in the reader's words, so not a name)
            *(v for row in session.execute(select(ContactEventRow)).scalars()
              for v in (row.by, row.with_whom, row.outcome, row.next_step)),
            *(v for v in session.scalars(select(ContactEventRow.summary))
              if isinstance(written_from_text(v), str)),
            # a dispute's note (the demo's disputes have some), a hand-over's reason and
            # status notes: a person's words too
            *session.scalars(select(DisputeRow.note)),
            *session.scalars(select(HandOverCaseRow.reason)),
            *session.scalars(select(HandOverStatusRow.note)),
            *session.scalars(select(HandOverStatusRow.actor)),
        ]  # fmt: skip
    words = {w.lower() for t in texts if t for w in re.findall(r"[\w'’.@/-]+", t)}
    # An IBAN is shown in groups of four: its bank code is a word of its own (RABO).
    words |= {t[4:8].lower() for t in texts if t and IBAN.fullmatch(t.replace(" ", ""))}
    return words | {w.strip(string.punctuation).lower() for w in words}


def _dates_words(locale: str) -> set[str]:
    """Month and day names as Babel writes dates in the locale."""
    found: set[str] = set()
    for width in ("abbreviated", "wide"):
        for ctx in ("format", "stand-alone"):
            found |= {
                str(m).lower().strip(".") for m in get_month_names(width, ctx, locale).values()
            }
            found |= {str(d).lower().strip(".") for d in get_day_names(width, ctx, locale).values()}
    return found


# Not words of a language: units, currency symbols and codes, file and brand names.
NEUTRAL = {
    "eur", "usd", "gbp", "iban", "bic", "pdf", "csv", "excel", "xml", "json", "api", "tijdig",
    "sepa", "htmx", "nl", "be", "fr", "en", "ok", "x", "mt940", "camt",
    "k", "mln", "mld", "mrd",  # compact amounts: € 1,6K
    "english", "nederlands", "français",  # a language is offered in its own name
}  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, markers: Markers) -> Iterator[Seeded]:
    folder = tmp_path_factory.mktemp("markers")
    settings = Settings(database_url=f"sqlite:///{folder / 'tijdig.db'}",
                        mail_dir=folder / "mail", letters_dir=folder / "letters",
                        sms_log=folder / "sms.log")  # fmt: skip
    app = bootstrap(settings)
    at = datetime(2026, 11, 24, 9, tzinfo=UTC)
    loaded = load_demo(app.engine, DemoSpec(as_of=AS_OF, customers=40, invoices=400, bank_days=5))
    with app.uow() as uow:
        company = uow.companies.by_id(loaded.company_id)
    assert company is not None and company.id is not None and loaded.bank is not None
    paths = write_statements(loaded.bank, folder / "bank")
    read = dict(zip(paths, app.read_statements(paths), strict=True))
    bank_matching.import_and_match(app.uow(), paths, read=read.__getitem__, company_hint=None,
                                   actor="test", at=at, match_all=app.match_all())  # fmt: skip
    _waiting_for_review(app, company, at)
    run_id = dunning.start_run(app.uow(), company, as_of=AS_OF, actor="test", at=at,
                               today=AS_OF).run_id  # fmt: skip
    with app.uow() as uow:
        session = uow.session
        # an e-mail of the run to a customer with two open invoices or more: one to
        # report a problem with in the portal, another to dispute (the demo has history)
        for candidate, number in session.execute(
            select(RunItemRow.id, CustomerRow.number)
            .join(CustomerRow, RunItemRow.customer_id == CustomerRow.id)
            .where(RunItemRow.run_id == run_id, RunItemRow.kind == "message",
                   RunItemRow.channel == "email")
            .order_by(RunItemRow.id)
        ).all():  # fmt: skip
            open_ones = session.execute(
                select(CustomerRow.id, InvoiceRow.id, InvoiceRow.number)
                .join(InvoiceRow, InvoiceRow.customer_id == CustomerRow.id)
                .where(CustomerRow.number == number, InvoiceRow.open_minor > 0)
                .order_by(InvoiceRow.id)
            ).all()  # fmt: skip
            if len(open_ones) > 1:
                item_id = candidate
                break
        customer_id, invoice_id, invoice_no = open_ones[0]
        line_id = session.scalar(select(BankTransactionRow.id).where(  # one waiting for review
            BankTransactionRow.company_id == company.id, BankTransactionRow.status == "review",
        ).order_by(BankTransactionRow.id).limit(1))  # fmt: skip
    _written_by_the_system(app, company, run_id, item_id, number, open_ones[0][2], at)
    add_user(app, "marker", Role.ADMIN)
    owned = dispute_cases.Ownership(Department.SALES, "marker", AS_OF + timedelta(days=7))
    dispute_id = dispute_cases.open_case(
        app.uow(), company, open_ones[-1][2], ReasonCode.DISSATISFIED, note="", ownership=owned,
        as_of=AS_OF, actor="test", at=at,
    ).id  # fmt: skip
    notes.add_note(app.uow(), company, number, department=Department.DELIVERY,
                   kind=NoteKind.PENDING_DELIVERY, text="Tweede oven", until=AS_OF,
                   as_of=AS_OF, actor="test", at=at)  # fmt: skip
    _records(app, company, number, customer_id, at)
    # A payment plan offered over the first open invoice: the portal shows it with its
    # tick box; and one more open invoice, for the plan a proposal makes over it.
    with app.uow() as uow:
        one_more = Invoice("2026-PLAN-1", number, date(2026, 9, 1), date(2026, 10, 1),
                           Decimal("300.00"))  # fmt: skip
        uow.invoices.add(one_more, company_id=company.id or 0, fingerprint="marker-plan",
                         customer_id=customer_id, source="test")  # fmt: skip
        uow.commit()
    offered = plans.offer_plan(app.uow(), company, number,
                               PlanTerms((invoice_no,), 3, clock.today() + timedelta(days=7)),
                               on=clock.today(), actor="test", at=at)  # fmt: skip
    # handed over: the customer page shows the case, its history and its status form
    handed = hand_over_cases.open_case(
        app.uow(), app.hand_over_files(), app.invoice_copies(), company, number,
        reason="Geen reactie", actor="marker", source=Source.WORKSPACE, at=at, as_of=AS_OF,
    )  # fmt: skip
    job_id = _import_job(app, company, at)
    upload_id = _book_export(app, company, customer_id, at)
    # an A/B test of the reminder, waiting for its arms (the effects and experiments
    # pages), and a reply asking for a plan (the inbox links to the plan form)
    with app.uow() as uow:
        uow.experiments.save_variant(company.id or 0, "nl", "reminder", "B", "Tekst B", at=at,
                                     by="test")  # fmt: skip
        uow.commit()
    experiments.start_experiment(app.uow(), company, "reminder", baseline=0.5,
                                 smallest_effect=0.1, on=AS_OF, actor="test", at=at)  # fmt: skip
    add_reply(app, company, "Kunnen we een betalingsregeling treffen?", at, customer=number,
              key="<plan@klant.nl>")  # fmt: skip
    _reads_in(app, "nl")
    token = app.portal_links().token(PortalKey(company.id, customer_id))
    # a reply read from the mailbox, read as a promise with its reasons (the inbox)
    mail_id = add_reply(app, company, "Wij betalen de factuur op 14-12-2026.", at,
                        customer=number)  # fmt: skip
    with app.uow() as uow:
        [attachment] = uow.replies.attachments(company.id, mail_id)
    ids = {"mail_id": mail_id, "attachment_id": attachment.id,
           "number": number, "invoice": invoice_no, "run_id": run_id, "item_id": item_id,
           "line_id": line_id, "token": token, "invoice_id": invoice_id, "index": 0,
           "code": company.code, "plan_id": offered.plan_id,
           "reference": handed.reference, "dispute_id": dispute_id,
           "job_id": job_id, "upload_id": upload_id, "policy_code": "nl_business",
           "language": "nl",
           "template": "reminder"}  # fmt: skip
    with TestClient(create_app(settings)) as client:
        sign_in(client, "marker")
        yield Seeded(app, company, client, ids)
    app.close()


def _book_export(app: Tijdig, company: Company, customer_id: int, at: datetime) -> int:
    """The customer's open invoices synced from the books; then a later export uploaded
    (not applied) in which one is gone, one has another due date and one is new: the
    sync's preview shows each part."""
    assert company.id is not None
    with app.uow() as uow:
        held = uow.invoices.search(company.id, customer_id=customer_id, open_only=True)
    held = [i for i in held if not i.is_credit][:2]
    apply_sync(app.uow(), company, held, source="csv", exported_on=AS_OF - timedelta(days=30),
               filename="oktober.csv", actor="marker", at=at)  # fmt: skip
    later = (replace(held[0], due_date=held[0].due_date + timedelta(days=7)),
             Invoice("M-SYNC-1", held[0].customer_number, AS_OF, AS_OF + timedelta(days=30),
                     Decimal("121.00")))  # fmt: skip
    rows = "".join(f"{i.number};{i.customer_number};{i.issue_date};{i.due_date};{i.total:.2f};"
                   f"{i.outstanding:.2f}\n" for i in later)  # fmt: skip
    text = "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;openstaand\n" + rows
    export = uploads.NewUpload(uploads.UploadKind.INVOICES, "november.csv", text.encode())
    shown = diff_export(app.uow(), company, later, source="csv", exported_on=AS_OF).diff
    assert (len(shown.new), len(shown.changed), len(shown.gone)) == (1, 1, 1)
    return app.uploads().add(company.id, export, by="marker", at=at)


def _import_job(app: Tijdig, company: Company, at: datetime) -> int:
    """An upload of customers, imported by its job: the job page shows its result."""
    csv = b"klantnummer;naam\nM-900;Marker Nieuw\n"
    job_id = uploads.queue_import(
        app.jobs(), PollingQueue(), app.uploads(), company,
        [uploads.NewUpload(uploads.UploadKind.CUSTOMERS, "klanten.csv", csv)],
        max_bytes=app.settings.max_import_bytes, actor="marker", at=at,
    )  # fmt: skip
    done = run_job(app, app.jobs(), job_id, Moment(at=at, today=AS_OF, now=lambda: at))
    assert done is not None and done.result and done.result["files"][0]["outcome"] == "booked"
    return job_id


def _records(app: Tijdig, company: Company, number: str, customer_id: int, at: datetime) -> None:
    """A call logged with a promise to pay, and a call the run planned (with its reasons),
    so that the timeline and the agenda have entries of every kind to say."""
    call = ContactEvent(number, ContactKind.CALL, at, "Gebeld", by="Marker", with_whom="Lisa",
                        reason=ReasonCode.CASH_FLOW)  # fmt: skip
    contacts.log_contact(app.uow(), company, call, actor="marker",
                         agreed=Agreement(promise_date=date(2026, 12, 1), amount=Decimal("100")),
                         at=at)  # fmt: skip
    planned = (reason(Code.LARGE_AMOUNT, overdue=(Money("EUR", Decimal("6000.00")),),
                      threshold=Decimal("5000.00")), reason(Code.FIRST_TIME_LATE))  # fmt: skip
    task = Task(number, TaskKind.CALL, AS_OF, "Call: a large amount", reasons=planned,
                contact_role="accounts_payable")  # fmt: skip
    with app.uow() as uow:
        uow.tasks.add(company.id or 0, customer_id, task)
        uow.commit()


def _written_by_the_system(
    app: Tijdig,
    company: Company,
    run_id: int,
    item_id: int,
    number: str,
    invoice: str,
    at: datetime,
) -> None:
    """What the system writes down for a person, each made the way it comes about: the
    customer's message sent and a copy of its invoice e-mailed (the timeline), a call
    whose detail was erased failing (the run page), and a payment of the invoice returned
    by the bank (the agenda's follow-up, and the timeline's)."""
    assert company.id is not None
    review.decide(app.uow(), company, run_id=run_id, decision="approve", item_ids=[item_id],
                  actor="test", at=at)  # fmt: skip
    with app.uow() as uow:  # an approved call, as erasing its customer's data leaves it
        customer_id = uow.session.scalar(select(RunItemRow.customer_id)
                                         .where(RunItemRow.id == item_id))  # fmt: skip
        call = RunItemRow(run_id=run_id, company_id=company.id, customer_id=customer_id,
                          kind="call", status="approved", summary="", payload="{}")  # fmt: skip
        uow.session.add(call)
        uow.commit()
    send_approved(app.company_uow(company.id), company, app.composer(), app.mailroom(),
                  actor="test", at=at, day=AS_OF, today=AS_OF)  # fmt: skip
    _disputed_after_approval(app, company, run_id, at)
    invoice_copies.resend_copy(app.uow, app.workspace, app.invoice_copies(), app.mailer(),
                               company, number, invoice, form_key="marker-copy-key-0001",
                               by="marker", actor="test", now=at,
                               policy=app.retry_policy())  # fmt: skip
    _payment_returned(app, company, invoice, at)


def _disputed_after_approval(app: Tijdig, company: Company, run_id: int, at: datetime) -> None:
    """Another customer's reminder approved, then an invoice of it disputed: sent without
    that invoice, or not at all; the run page says why."""
    with app.uow() as uow:
        other, invoice = uow.session.execute(
            select(RunItemRow.id, InvoiceRow.number)
            .join(InvoiceRow, InvoiceRow.customer_id == RunItemRow.customer_id)
            .where(RunItemRow.run_id == run_id, RunItemRow.status == "proposed",
                   RunItemRow.kind == "message", InvoiceRow.open_minor > 0)
            .order_by(RunItemRow.id, InvoiceRow.id).limit(1)
        ).one()  # fmt: skip
    review.decide(app.uow(), company, run_id=run_id, decision="approve", item_ids=[other],
                  actor="test", at=at)  # fmt: skip
    disputes.open_dispute(app.uow(), company, invoice, ReasonCode.INVOICE_INCORRECT, note="",
                          as_of=AS_OF, actor="test", at=at)  # fmt: skip
    send_approved(app.company_uow(company.id), company, app.composer(), app.mailroom(),
                  actor="test", at=at, day=AS_OF, today=AS_OF)  # fmt: skip
    with app.uow() as uow:
        notes = uow.session.scalar(select(RunItemRow.notes).where(RunItemRow.id == other))
    assert notes and notes != "[]", "the disputed reminder was not dropped"


def _waiting_for_review(app: Tijdig, company: Company, at: datetime) -> None:
    """A credit matching cannot place, for the bank page's queue and its search (which
    answers only for a line waiting in the company's own queue)."""
    iban = company.bank_accounts[0].iban
    vague = BankTransaction(AS_OF, Decimal("12.34"), "EUR", counterparty_name="Onbekend",
                            remittance="zie mail", end_to_end_id="E2E-VAGUE")  # fmt: skip
    statement = BankStatement(iban, "EUR", "MV", None, None, None, AS_OF, (vague,))
    bank_matching.import_and_match(
        app.uow(), [Path("marker-vague.xml")], read=lambda _path: ImportResult(items=(statement,)),
        company_hint=None, actor="test", at=at, match_all=app.match_all(),
    )  # fmt: skip


def _payment_returned(app: Tijdig, company: Company, number: str, at: datetime) -> None:
    with app.uow() as uow:
        reference, open_minor = uow.session.execute(
            select(InvoiceRow.payment_reference, InvoiceRow.open_minor)
            .where(InvoiceRow.company_id == company.id, InvoiceRow.number == number)
        ).one()  # fmt: skip
    amount = Decimal(open_minor) / 100
    iban = company.bank_accounts[0].iban
    paid = BankTransaction(AS_OF - timedelta(days=1), amount, "EUR", counterparty_iban=PAYER,
                           structured_reference=reference, end_to_end_id="E2E-MARKER")  # fmt: skip
    back = BankTransaction(AS_OF, -amount, "EUR", counterparty_iban=PAYER,
                           end_to_end_id="E2E-MARKER", return_reason="MD06")  # fmt: skip
    for n, tx in enumerate((paid, back)):
        statement = BankStatement(iban, "EUR", f"M{n}", None, None, None, tx.booking_date, (tx,))
        bank_matching.import_and_match(
            app.uow(), [Path(f"marker-{n}.xml")],
            read=lambda _path, s=statement: ImportResult(items=(s,)),
            company_hint=None, actor="test", at=at, match_all=app.match_all(),
        )  # fmt: skip
    with app.uow() as uow:
        titles = [written_from_text(t) for t in uow.session.scalars(select(TaskRow.title))]
    assert reason(Code.PAYMENT_RETURNED, return_reason="MD06", invoices=number) in titles


def _page_routes(client: TestClient) -> list[tuple[str, str]]:
    """(name, path) of every GET page of the workspace and the portal."""
    found = []

    def walk(routes: Any) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None) or getattr(route, "router", None)
            if inner is not None and hasattr(inner, "routes"):
                walk(inner.routes)
            elif "GET" in (getattr(route, "methods", None) or ()) and getattr(
                route, "endpoint", None
            ):
                module = route.endpoint.__module__
                if module.startswith("tijdig.entrypoints.web.ui") and route.name not in FILES:
                    found.append((route.name, route.path))

    walk(client.app.routes)  # type: ignore[attr-defined]
    return found


# Pages visited with choices made: the message of a step for a customer; a run's groups;
# the plan a proposal in the portal makes, shown before anything is stored.
QUERIES: dict[str, list[dict[str, str]]] = {
    "settings_template_preview": [{"step": "reminder"}],
    # the reminders (one sent, one not sent or only in part) and a call that failed
    "run": [{}, {"group": "step:friendly"}, {"group": "call"}],
    "portal_plan_new": [{"instalments": "3",
                         "first": (clock.today() + timedelta(days=7)).isoformat()}],
}  # fmt: skip


def _url(path: str, ids: dict[str, Any]) -> str:
    names = re.findall(r"{(\w+)}", path)
    missing = [n for n in names if n not in ids]
    assert not missing, f"{path}: the test has no value for {missing}: add one to `seeded`"
    return path.format(**ids)


def _reads_in(app: Tijdig, language: str) -> None:
    """The signed-in user's language, which every page is rendered in."""
    with app.uow() as uow:
        uow.session.execute(UserRow.__table__.update().where(UserRow.username == "marker")
                            .values(language=language))  # fmt: skip
        uow.commit()


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_page_is_translated_completely(seeded: Seeded, language: str) -> None:
    _reads_in(seeded.app, language)
    allowed = _names(seeded.app, seeded.company) | _dates_words(i18n.LOCALES[language]) | NEUTRAL
    # the portal speaks the debtor's language (Dutch here), whoever is signed in
    debtors = allowed | _dates_words("nl_NL")
    routes = _page_routes(seeded.client)
    assert {"dashboard", "customer", "run", "agenda", "portal_page"} <= {n for n, _ in routes}
    problems = []
    visits = [(name, path, extra) for name, path in routes for extra in QUERIES.get(name, [{}])]
    for name, path, extra in visits:
        url = _url(path, seeded.ids)
        query = {"as_of": AS_OF.isoformat(), **extra}
        response = seeded.client.get(url, params=query)
        if response.status_code != 200:
            problems.append(f"{name}: {url} answers {response.status_code}")
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for text in visible(response.text):
            if REQUIREMENT.search(text):
                problems.append(f"{name}: a requirement code: {text.strip()!r}")
            words = leftovers(text, debtors if name.startswith("portal") else allowed)
            if words:
                problems.append(f"{name}: {' '.join(words)!r} in {text.strip()[:120]!r}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_a_french_debtors_portal_is_translated_completely(seeded: Seeded) -> None:
    """The portal speaks the debtor's language: the customer set to French (as the
    customer page does) reads every portal page in French, whoever is signed in."""
    number, at = seeded.ids["number"], datetime(2026, 11, 24, 9, tzinfo=UTC)
    set_customer_language(seeded.app.uow(), seeded.company, number, "fr", actor="test", at=at)
    allowed = (_names(seeded.app, seeded.company) | _dates_words("fr_BE")
               | _dates_words("fr_FR") | NEUTRAL)  # fmt: skip
    try:
        routes = [(n, p) for n, p in _page_routes(seeded.client) if n.startswith("portal")]
        assert routes
        problems = []
        for name, path in routes:
            response = seeded.client.get(_url(path, seeded.ids), params={"as_of": AS_OF})
            if not response.headers["content-type"].startswith("text/html"):
                continue
            assert '<html lang="fr"' in response.text, name
            problems += [f"{name}: {words}" for text in visible(response.text)
                         if (words := leftovers(text, allowed))]  # fmt: skip
        assert not problems, "\n".join(sorted(set(problems)))
    finally:
        set_customer_language(seeded.app.uow(), seeded.company, number, "nl", actor="test", at=at)


@pytest.mark.parametrize("url", ["/no/such/page", "/customers/NOPE", "/runs/999999"])
def test_an_error_page_is_translated_and_keeps_the_menu(seeded: Seeded, url: str) -> None:
    _reads_in(seeded.app, "nl")  # the refusal itself is said in the reader's language too
    response = seeded.client.get(url)
    assert response.status_code == 404
    assert 'class="mainnav"' in response.text
    assert ('class="error-message"' in response.text) == (url != "/no/such/page")
    allowed = _names(seeded.app, seeded.company) | NEUTRAL
    assert not [t for t in visible(response.text) if leftovers(t, allowed)]


def test_a_refused_form_says_why_in_the_readers_language(seeded: Seeded) -> None:
    _reads_in(seeded.app, "nl")
    page = seeded.client.get("/settings/users")
    form = {"username": "Not A Name!", "password": "long enough password", "csrf_token":
            csrf_of(page.text)}  # fmt: skip
    response = seeded.client.post("/settings/users", data=form)
    assert response.status_code == 422
    assert 'class="form-error"' in response.text
    allowed = _names(seeded.app, seeded.company) | NEUTRAL | _dates_words("nl_NL")
    problems = [t for t in visible(response.text) if leftovers(t, allowed)]
    assert not problems, problems


SAMPLES: dict[str, Param] = {
    "money": Money("EUR", Decimal("424945.52")),
    "day": date(2026, 12, 6),
    "number": 3,
    "decimal": Decimal("5000.00"),
    "text": "F-2026-0001",
}
# The sample a param gets by its name: amounts, days, counts; the rest names a code.
KINDS = {
    "received": "money", "open": "money", "amount": "money",
    "last": "day", "since": "day", "promised": "day", "made": "day", "day": "day",
    "next": "day", "on": "day", "due": "day", "issued": "day", "deadline": "day",
    "costs_from": "day", "paid_on": "day",
    "days": "number", "count": "number", "minimum": "decimal", "threshold": "decimal",
}  # fmt: skip


def _sample(code: Code) -> Reason:
    names = re.findall(r"{(\w+)}", reason_texts.TEXTS[code])
    params: dict[str, Param] = {}
    for name in names:
        if name in {"overdue", "totals"}:
            params[name] = (Money("EUR", Decimal("10.00")), Money("USD", Decimal("5.00")))
        elif reason_texts.WORDS.get(name):
            params[name] = next(iter(reason_texts.WORDS[name]))
        else:
            params[name] = SAMPLES[KINDS.get(name, "text")]
    return Reason(code, params)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_reason_code_is_said_completely(markers: Markers, language: str) -> None:
    allowed = {"f-2026-0001", *NEUTRAL, *_dates_words(i18n.LOCALES[language])}
    problems = []
    for code in Code:
        text = said(_sample(code), language)
        if REQUIREMENT.search(text) or not text.startswith(OPEN) or leftovers(text, allowed):
            problems.append(f"{code}: {text}")
    assert not problems, "\n".join(problems)


# The sample a refusal's param gets by its name; the rest names a code or a thing.
REFUSAL_KINDS = {
    **KINDS, "balance": "money", "agreed": "money", "cap": "money",
    "first": "day", "until": "day", "today": "day", "submitted": "day", "opened": "day",
    "length": "number", "places": "number", "years": "number", "line": "number",
    "item": "number", "run": "number", "latest": "number", "low": "number",
    "high": "number", "rate": "decimal",
}  # fmt: skip


def _refused(code: Refusal) -> TijdigError:
    names = re.findall(r"{(\w+)}", refusal_texts.TEXTS[code])
    params: dict[str, Param] = {}
    for name in names:
        words = refusal_texts.WORDS.get(name)
        params[name] = next(iter(words)) if words else SAMPLES[REFUSAL_KINDS.get(name, "text")]
    return TijdigError(code, **params)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_refusal_code_is_said_completely(markers: Markers, language: str) -> None:
    allowed = {"f-2026-0001", *NEUTRAL, *_dates_words(i18n.LOCALES[language])}
    problems = []
    for code in Refusal:
        text = said(_refused(code), language)
        if REQUIREMENT.search(text) or not text.startswith(OPEN) or leftovers(text, allowed):
            problems.append(f"{code}: {text}")
    assert not problems, "\n".join(problems)


def test_the_markers_catch_an_untranslated_text(markers: Markers) -> None:
    """The test can fail: a bare English word, or a requirement code, is found; only a
    part the page declares to be in another language is left out."""
    page = '<html lang="nl"><p>Open</p><p lang="en">detail</p><span aria-hidden="true">T</span>'
    assert visible(page) == ["Open"]
    assert leftovers(f"{OPEN}Open{CLOSE} Bakkerij Jansen", {"bakkerij", "jansen"}) == []
    assert leftovers(f"{OPEN}Due {OPEN}Reminder{CLOSE}{CLOSE} overdue 3 mrt", {"mrt"}) == [
        "overdue"
    ]
    assert REQUIREMENT.search("large amount (S1-4)")
    assert markers.gettext("Sign out") == f"{OPEN}Sign out{CLOSE}"
    assert markers.gettext("not a msgid of ours") == "not a msgid of ours"
