"""One path per use case: every use case that changes data, driven through each entry
point that offers it (the CLI, the REST API, the workspace, the debtor portal), leaves
the same state and writes the same audit entries: the same action, for the same
customers (one entry each, or one for the company), naming the entry point's actor
(`cli:<user>`, `<user> (api)`, `<user> (web)`, `portal`).

Each `UseCase` holds ONE expectation (`check` for the state, `audit` for the entries)
and one driver per entry point; the test is parametrized over (use case, entry point),
each on a fresh seeded database (`one_path_world`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import OutboxRow, RunItemRow
from tijdig.bootstrap import Tijdig
from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.collection.policy_toml import default_policy_set, dump_policy_set
from tijdig.domain.debit_collections import CollectionStatus, earliest_notified_date
from tijdig.domain.hand_over import CaseStatus, Source
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.mandates import Scheme, is_target2_day
from tijdig.domain.parties import Customer
from tijdig.domain.reason_texts import plain
from tijdig.domain.reasons import Reason
from tijdig.domain.users import Role
from tijdig.services import privacy
from tijdig.services.access import users
from tijdig.services.collection import review
from tijdig.services.companies import clauses, company_settings
from tijdig.services.direct_debit import direct_debit
from tijdig.services.hand_over import cases as hand_over_cases
from tijdig.services.records import hardship

from .one_path_world import NOW, SETUP, World, actors, world
from .web.conftest import add_customers, add_invoices, invoice

Driver = Callable[[World], Any]
Expected = tuple[tuple[str, str | None], ...]  # (action, customer number or None) in order

DAY = NOW.date()
IBAN = "NL91ABNA0417164300"
PASSWORD = "a new secret 456"
COLLECTING_IBAN = "NL02ABNA0123456789"
CREDITOR_ID = "NL69ZZZ123456780000"
COLLECTED_ON = earliest_notified_date(DAY, 14)
STATEMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Id>S-2026-03-16</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-16</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">500.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-16</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-03-16</Dt></BookgDt><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Peeters NV</Nm>
</Dbtr></RltdPties><RmtInf><Ustrd>Factuur F-004</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
"""
UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>E-001</cbc:ID><cbc:IssueDate>2026-03-02</cbc:IssueDate>
<cbc:DueDate>2026-04-01</cbc:DueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Acme Groothandel B.V.
</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Peeters NV</cbc:Name>
</cac:PartyName></cac:Party></cac:AccountingCustomerParty>
<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">242.00</cbc:PayableAmount>
</cac:LegalMonetaryTotal></Invoice>
"""
FORM_KEY = "resend-F-001-once"
POLICIES = dump_policy_set(default_policy_set())
CLAUSE = DamagesClause("artikel 7", "Bij niet-betaling ...", None, legal_scale=True)


@dataclass(frozen=True)
class UseCase:
    """One use case: what each entry point does, and what they all must leave behind."""

    name: str
    drivers: dict[str, Driver]
    check: Callable[[World], None]
    audit: Expected | Callable[[World], Expected]
    prepare: Callable[[World], None] = lambda w: None
    at_least: bool = False  # imports: entries per company or per customer (helper I)
    xfail: dict[str, str] = field(default_factory=dict)  # entry point -> known bug


# --- reading back -------------------------------------------------------------------


def message(w: World) -> int:
    [(item_id, _)] = w.items("message")
    return item_id


def message_group(w: World) -> str:
    """The workspace's group of the message: its step."""
    with w.app.uow() as uow:
        step = uow.session.scalar(select(RunItemRow.step_key).where(RunItemRow.id == message(w)))
    return review.group_key("message", step)


def item_status(w: World) -> str:
    return dict(w.items("message"))[message(w)]


def invoice_ids(w: World) -> dict[str, int]:
    with w.app.uow() as uow:
        return {i.number: i.id or 0 for i in uow.invoices.search(w.company_id)}


def open_disputes(w: World) -> set[str]:
    numbers = {i: n for n, i in invoice_ids(w).items()}
    with w.app.uow() as uow:
        found = uow.disputes.open_for(w.company_id, list(numbers))
    return {numbers[i] for i in found}


def bank_line(w: World) -> BankTransactionRow:
    with w.app.uow() as uow:
        row = uow.session.scalars(
            select(BankTransactionRow).where(BankTransactionRow.company_id == w.company_id)
        ).one()
        uow.session.expunge(row)
    return row


def user(w: World, username: str) -> Any:
    return users.get_user(w.app.uow(), username)


def runs_of(w: World) -> list[int]:
    from tijdig.adapters.db.schema.collection import RunRow

    with w.app.uow() as uow:
        return list(uow.session.scalars(select(RunRow.id).where(RunRow.company_id == w.company_id)))


# --- preparing ----------------------------------------------------------------------


def approved(w: World) -> None:
    review.decide(w.app.uow(), w.company, run_id=None, decision="approve",
                  item_ids=[message(w)], actor="test", at=SETUP)  # fmt: skip


def bert(w: World) -> None:
    users.add_user(w.app.uow(), w.app.passwords(), username="bert", name="Bert",
                   password="first secret 123", role=Role.CREDIT_CONTROLLER, language="nl",
                   company_ids=(), actor="test", at=SETUP)  # fmt: skip


def old_token(w: World) -> None:
    users.create_api_token(w.app.uow(), user(w, "anne"), "old", actor="test", at=SETUP)


def token_id(w: World, name: str) -> int:
    anne = user(w, "anne")
    with w.app.uow() as uow:
        return next(i for i, n, *_ in uow.api_tokens.of_user(anne.id) if n == name)


def mandate(w: World) -> None:
    direct_debit.add_mandate(w.app.uow(), w.company, "C001", "M-1", date(2026, 3, 1),
                             Scheme.CORE, IBAN, actor="test", at=SETUP)  # fmt: skip


def collecting(w: World) -> None:
    """C001's mandate, and an account of ACME's to collect on."""
    company_settings.add_bank_account(w.app.uow(), w.company, COLLECTING_IBAN, "",
                                      actor="test", at=SETUP)  # fmt: skip
    mandate(w)


def notified(w: World) -> None:
    """A collection announced to C001, its pre-notification sent."""
    collecting(w)
    w.cli("sepa", "notify", "--date", str(COLLECTED_ON), "--creditor-id", CREDITOR_ID)
    w.cli("send")


def target2_day_before(day: date) -> date:
    before = day - timedelta(days=1)
    while not is_target2_day(before):
        before -= timedelta(days=1)
    return before


def collections(w: World) -> list[tuple[str, str]]:
    found = direct_debit.list_collections(w.app.uow(), w.company, zone=BUSINESS_TIMEZONE)
    return [(c.mandate.customer_number, c.status.value) for c in found]


def check_announced(w: World) -> None:
    assert collections(w) == [("C001", CollectionStatus.PLANNED.value)]


def check_exported(w: World) -> None:
    assert collections(w) == [("C001", CollectionStatus.PRESENTED.value)]
    assert (w.folder / "dd.xml").is_file()


def check_statement_imported(w: World) -> None:
    with w.app.uow() as uow:
        amounts = uow.session.scalars(
            select(BankTransactionRow.amount_minor).where(
                BankTransactionRow.company_id == w.company_id
            )
        ).all()
    assert sorted(amounts) == [50_000, 121_000]


def unconfirmed(w: World) -> None:
    """A copy of F-001 to C001 whose delivery is unknown (the mail server did not answer)."""
    with w.app.uow() as uow:
        uow.session.add(OutboxRow(
            company_id=w.company_id, customer_id=w.customer_id("C001"),
            idempotency_key="copy-F-001-unknown", channel="email", recipient="eline@jansen.nl",
            subject="Kopie factuur F-001", body_text="...", status="unconfirmed", attempts=1,
            created_at=SETUP,
        ))  # fmt: skip
        uow.commit()


def outbox_id(w: World) -> int:
    with w.app.uow() as uow:
        found = uow.session.scalar(
            select(OutboxRow.id).where(OutboxRow.idempotency_key == "copy-F-001-unknown")
        )
    assert found is not None
    return found


def check_outbox(status: str) -> Callable[[World], None]:
    def check(w: World) -> None:
        with w.app.uow() as uow:
            found = uow.session.scalar(select(OutboxRow.status).where(OutboxRow.id == outbox_id(w)))
        assert found == status

    return check


def quiet_customer(w: World) -> None:
    """C009: one invoice of 2015, paid: nothing open, the retention period long past."""
    add_customers(w.app, w.company, [Customer("C009", "Jan Modaal", email="jan@modaal.nl")])
    add_invoices(
        w.app,
        w.company,
        [
            invoice(
                "F-2015",
                "C009",
                date(2015, 1, 1),
                date(2015, 1, 31),
                "50.00",
                open_amount=Decimal(0),
            )
        ],
    )


def company_clause(w: World) -> None:
    clauses.set_clause(w.app.uow(), w.company, CLAUSE, actor="test", now=SETUP, today=DAY)


def customer_clause(w: World) -> None:
    clauses.set_clause(w.app.uow(), w.company, CLAUSE, customer_number="C003", actor="test",
                       now=SETUP, today=DAY)  # fmt: skip


HARDSHIP = {"kind": "bankruptcy", "since": "2026-03-02", "evidence": "Vonnis",
            "evidence_file": "C002.pdf"}  # fmt: skip
OWN_TASK = "Meld de vordering aan bij de bewindvoerder."


def in_hardship(w: World) -> None:
    hardship.set_hardship(w.app.uow(), w.company, "C002", HardshipKind.BANKRUPTCY,
                          since=date(2026, 3, 2), evidence=hardship.Evidence("Vonnis", "C002.pdf"),
                          as_of=DAY, actor="test", at=SETUP)  # fmt: skip


def check_in_hardship(w: World) -> None:
    [status] = hardship.hardship_history(w.app.uow(), w.company, "C002")
    assert status == HardshipStatus("C002", HardshipKind.BANKRUPTCY, date(2026, 3, 2), "Vonnis",
                                    "C002.pdf")  # fmt: skip
    with w.app.uow() as uow:
        tasks = uow.tasks.open_for_customer(w.company_id, w.customer_id("C002"))
    assert [plain(t.title) for _id, t in tasks if isinstance(t.title, Reason)] == [
        "Bankruptcy since 2026-03-02: Register the claim with the trustee in bankruptcy."
    ]


def check_hardship_ended(w: World) -> None:
    [status] = hardship.hardship_history(w.app.uow(), w.company, "C002")
    assert status.ended_on == date(2026, 3, 16)


def check_task_text(w: World) -> None:
    assert hardship.task_texts(w.app.uow(), w.company) == {HardshipKind.WSNP: OWN_TASK}


HAND_OVER_REASON = "Geen reactie op de ingebrekestelling"


def handed_over(w: World) -> None:
    hand_over_cases.open_case(
        w.app.uow(), w.app.hand_over_files(), w.app.invoice_copies(), w.company, "C002",
        reason=HAND_OVER_REASON, actor="test", source=Source.CLI, at=SETUP, as_of=DAY,
    )  # fmt: skip


def check_handed_over(w: World) -> None:
    [case] = hand_over_cases.cases_of(w.app.uow(), w.company, "C002")
    assert (case.reference, case.opened_on, case.reason, case.status, case.off_policy) == (
        "HO000001", DAY, HAND_OVER_REASON, CaseStatus.HANDED_OVER, True)  # fmt: skip
    assert hand_over_cases.case_file(w.app.uow(), w.company, "C002")[0] == (
        "hand-over-HO000001-C002.zip")  # fmt: skip


def check_case_accepted(w: World) -> None:
    [case] = hand_over_cases.cases_of(w.app.uow(), w.company, "C002")
    assert [c.status for c in case.history] == [CaseStatus.HANDED_OVER, CaseStatus.ACCEPTED]
    assert case.history[-1].note == "Aangenomen"


def account(w: World) -> None:
    company_settings.add_bank_account(w.app.uow(), w.company, IBAN, "", actor="test", at=SETUP)


def write(w: World, name: str, text: str) -> str:
    path = w.folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- the checks -----------------------------------------------------------------------


def check_new_run(w: World) -> None:
    assert len(runs_of(w)) == 2


def check_status(expected: str) -> Callable[[World], None]:
    def check(w: World) -> None:
        assert item_status(w) == expected

    return check


def check_sent(w: World) -> None:
    assert item_status(w) == "sent"


def check_disputed(w: World) -> None:
    assert open_disputes(w) == {"F-001", "F-003"}


def check_resolved(w: World) -> None:
    assert open_disputes(w) == set()


def check_promised(w: World) -> None:
    with w.app.uow() as uow:
        found = uow.promises.for_customer(w.company_id, w.customer_id("C003"))
    assert [p.promised_date for p in found] == [date(2026, 4, 1)]


def check_logged(w: World) -> None:
    with w.app.uow() as uow:
        found = uow.contact_log.timeline(w.company_id, w.customer_id("C003"))
    assert [e.summary for e in found] == ["Asked about F-004"]


def check_task_done(w: World) -> None:
    with w.app.uow() as uow:
        task = uow.tasks.get(w.company_id, w.seeded.task_id)
    assert task is not None and task.done_on is not None and task.outcome == "pays Friday"


def check_line(status: str) -> Callable[[World], None]:
    def check(w: World) -> None:
        assert bank_line(w).status == status

    return check


def check_customer_imported(w: World) -> None:
    with w.app.uow() as uow:
        assert "C010" in uow.customers.ids_by_number(w.company_id)


def check_invoice_imported(w: World) -> None:
    assert "F-010" in invoice_ids(w)


def check_einvoice_imported(w: World) -> None:
    assert "E-001" in invoice_ids(w)


def check_company_added(w: World) -> None:
    with w.app.uow() as uow:
        assert uow.companies.find("BETA") is not None


def company(w: World) -> Any:
    with w.app.uow() as uow:
        return uow.companies.by_id(w.company_id)


def check_company_details(w: World) -> None:
    assert company(w).payment_term_days == 14


def check_account_added(w: World) -> None:
    assert [a.iban for a in company(w).bank_accounts] == [IBAN]


def check_account_removed(w: World) -> None:
    assert company(w).bank_accounts == ()


def check_collection_settings(w: World) -> None:
    with w.app.uow() as uow:
        settings, _ = uow.collection_settings.get(w.company_id)
    assert (settings.auto_approve_friendly, settings.large_amount,
            settings.bank_stale_working_days) == (True, Decimal(5000), 3)  # fmt: skip


def check_policies(w: World) -> None:
    with w.app.uow() as uow:
        _, stored = uow.collection_settings.get(w.company_id)
    assert stored is not None and stored.strip() == POLICIES.strip()


def check_portal(w: World) -> None:
    with w.app.uow() as uow:
        found = uow.portal.get(w.company_id)
    assert (found.enabled, found.max_promise_days) == (True, 21)


def check_user_added(w: World) -> None:
    added = user(w, "bert")
    assert (added.role, added.language, added.company_ids) == (
        Role.CREDIT_CONTROLLER,
        "en",
        frozenset({w.company_id}),
    )


def check_user_changed(w: World) -> None:
    assert user(w, "bert").role is Role.SALES


def check_language(w: World) -> None:
    assert user(w, "anne").language == "nl"


def check_password(w: World) -> None:
    found = users.authenticate(w.app.uow(), w.app.passwords(), "bert", PASSWORD, at=SETUP)
    assert found is not None and found.username == "bert"


def check_token_created(w: World) -> None:
    assert token_id(w, "sync") > 0


def check_token_revoked(w: World) -> None:
    anne = user(w, "anne")
    with w.app.uow() as uow:
        [revoked] = [r for _, n, _, _, r in uow.api_tokens.of_user(anne.id) if n == "old"]
    assert revoked is not None


def the_mandate(w: World) -> Any:
    with w.app.uow() as uow:
        found = uow.mandates.get(w.company_id, "M-1")
    assert found is not None
    return found


def check_mandate_added(w: World) -> None:
    assert the_mandate(w).iban == IBAN


def check_mandate_set(w: World) -> None:
    assert the_mandate(w).final


def check_mandate_revoked(w: World) -> None:
    assert the_mandate(w).revoked_on == DAY


def check_nothing(w: World) -> None:
    """An export changes nothing but the audit log."""


def check_erased(w: World) -> None:
    with w.app.uow() as uow:
        found = uow.customers.get(w.company_id, "C009")
    assert found is not None and found.name.startswith(privacy.ANONYMOUS_PREFIX)
    assert found.email is None


def check_retention(w: World) -> None:
    assert privacy.retention(w.app.uow(), w.company).years == 9


def clause_of(w: World, number: str | None) -> DamagesClause | None:
    return clauses.clause_in_force(w.app.uow(), w.company, customer_number=number).clause


def check_company_clause(w: World) -> None:
    found = clause_of(w, None)
    assert found is not None and found.legal_scale and found.reference == "artikel 7"


def check_no_company_clause(w: World) -> None:
    assert clause_of(w, None) is None


def check_customer_clause(w: World) -> None:
    found = clauses.clause_in_force(w.app.uow(), w.company, customer_number="C003")
    assert found.own and found.clause is not None and found.clause.legal_scale


def check_no_customer_clause(w: World) -> None:
    found = clauses.clause_in_force(w.app.uow(), w.company, customer_number="C003")
    assert not found.own


def check_copy_resent(w: World) -> None:
    with w.app.uow() as uow:
        found = uow.session.execute(
            select(OutboxRow.customer_id, OutboxRow.status, OutboxRow.recipient).where(
                OutboxRow.company_id == w.company_id
            )
        ).all()
    [(customer_id, status, recipient)] = found
    assert (customer_id, recipient) == (w.customer_id("C001"), "eline@jansen.nl")
    assert status == "sent"


def check_portal_dispute(w: World) -> None:
    assert open_disputes(w) == {"F-003", "F-004"}


def check_portal_promise(w: World) -> None:
    with w.app.uow() as uow:
        found = uow.promises.for_customer(w.company_id, w.customer_id("C003"))
    assert date(2026, 3, 25) in [p.promised_date for p in found]


# --- the use cases ----------------------------------------------------------------------


def _run_item(w: World, path: str) -> str:
    return f"/runs/{w.seeded.run_id}/{path}"


CLAUSE_FORM = {"reference": "artikel 7", "text": "Bij niet-betaling ...", "damages": "scale"}
CLAUSE_BODY = {"reference": "artikel 7", "text": "Bij niet-betaling ...", "legal_scale": True}
CLAUSE_ARGS = ("--reference", "artikel 7", "--text", "Bij niet-betaling ...", "--legal-scale")

USE_CASES = (
    UseCase(
        "run start",
        {
            "cli": lambda w: w.cli("run", "--as-of", DAY.isoformat()),
            "page": lambda w: w.page("/runs"),
        },
        check_new_run,
        # the day's run works the credit statuses out: C002, on hold in its customer
        # file, is announced on hold
        (("run.start", None), ("credit.refresh", None)),
    ),
    UseCase(
        "run approve",
        {
            "cli": lambda w: w.cli("run", "approve", str(message(w))),
            "api": lambda w: w.api("POST", _run_item(w, "approve"), {"items": [message(w)]}),
            "page": lambda w: w.page(
                _run_item(w, "decide"), {"action": "approve", "item": message(w)}
            ),
            "cli all": lambda w: w.cli("run", "approve", "--all"),
            "api all": lambda w: w.api("POST", _run_item(w, "approve"), {"items": None}),
            "page group": lambda w: w.page(
                _run_item(w, "decide"), {"action": "approve_group", "group": message_group(w)}
            ),
        },
        check_status("approved"),
        lambda w: (("run.approve", w.item_customer(message(w))),),
    ),
    UseCase(
        "run skip",
        {
            "cli": lambda w: w.cli("run", "skip", str(message(w))),
            "api": lambda w: w.api("POST", _run_item(w, "skip"), {"items": [message(w)]}),
            "page": lambda w: w.page(
                _run_item(w, "decide"), {"action": "skip", "item": message(w)}
            ),
            "page group": lambda w: w.page(
                _run_item(w, "decide"), {"action": "skip_group", "group": message_group(w)}
            ),
        },
        check_status("skipped"),
        lambda w: (("run.skip", w.item_customer(message(w))),),
    ),
    UseCase(
        "send",
        {"cli": lambda w: w.cli("send"), "page": lambda w: w.page_job("/runs/send")},
        check_sent,
        lambda w: (("message.send", w.item_customer(message(w))), ("run.send", None)),
        prepare=approved,
    ),
    UseCase(
        "settle delivered",
        {"cli": lambda w: w.cli("settle", str(outbox_id(w)), "--delivered")},
        check_outbox("sent"),
        (("message.send", "C001"),),
        prepare=unconfirmed,
    ),
    UseCase(
        "settle not delivered",
        {"cli": lambda w: w.cli("settle", str(outbox_id(w)), "--not-delivered")},
        check_outbox("pending"),
        (("message.settle", "C001"),),
        prepare=unconfirmed,
    ),
    UseCase(
        "dispute open",
        {
            "cli": lambda w: w.cli(
                "dispute", "add", "F-001", "--reason", "dissatisfied", "--note", "late delivery"
            ),
            "api": lambda w: w.api(
                "POST",
                "/disputes",
                {"invoice": "F-001", "reason": "dissatisfied", "note": "late delivery"},
            ),
        },
        check_disputed,
        (("dispute.open", "C001"),),
    ),
    UseCase(
        "dispute resolve",
        {
            "cli": lambda w: w.cli("dispute", "resolve", "F-003"),
            "api": lambda w: w.api("POST", "/disputes/F-003/resolve"),
            "page": lambda w: w.page(f"/disputes/{dispute_id(w)}/resolve"),
        },
        check_resolved,
        (("dispute.resolve", "C002"),),
    ),
    UseCase(
        "promise add",
        {
            "cli": lambda w: w.cli("promise", "add", "C003", "--date", "2026-04-01"),
            "api": lambda w: w.api(
                "POST", "/promises", {"customer": "C003", "promised_date": "2026-04-01"}
            ),
        },
        check_promised,
        (("promise.add", "C003"),),
    ),
    UseCase(
        "contact log",
        {
            "cli": lambda w: w.cli(
                "log",
                "add",
                "C003",
                "--kind",
                "call",
                "--summary",
                "Asked about F-004",
                "--with",
                "Jan Peeters",
            )
        },
        check_logged,
        (("contact.call", "C003"),),
    ),
    UseCase(
        "task done",
        {
            "cli": lambda w: w.cli(
                "task", "done", str(w.seeded.task_id), "--outcome", "pays Friday"
            ),
            "api": lambda w: w.api(
                "POST", f"/tasks/{w.seeded.task_id}/complete", {"outcome": "pays Friday"}
            ),
            "page": lambda w: w.page(
                f"/agenda/tasks/{w.seeded.task_id}", {"outcome": "pays Friday"}
            ),
        },
        check_task_done,
        (("task.done", "C001"),),
    ),
    UseCase(
        "bank book suggestion",
        {"page": lambda w: w.page(f"/bank/lines/{bank_line(w).id}/suggestion", {"choice": 0})},
        check_line("matched"),
        (("bank.book", "C001"), ("credit.refresh", None)),  # C002 announced: its file's hold
    ),
    UseCase(
        "bank book invoices",
        {"page": lambda w: w.page(f"/bank/lines/{bank_line(w).id}/invoices", {"invoice": "F-001"})},
        check_line("matched"),
        (("bank.book", "C001"), ("credit.refresh", None)),  # C002 announced: its file's hold
    ),
    UseCase(
        "bank book customer",
        {"page": lambda w: w.page(f"/bank/lines/{bank_line(w).id}/customer", {"customer": "C001"})},
        check_line("matched"),
        (("bank.book", "C001"), ("credit.refresh", None)),  # C002 announced: its file's hold
    ),
    UseCase(
        "bank dismiss",
        {"page": lambda w: w.page(f"/bank/lines/{bank_line(w).id}/dismiss", {"note": "not ours"})},
        check_line("ignored"),
        (("bank.dismiss", None),),
    ),
    UseCase(
        "import customers",
        {
            "cli": lambda w: w.cli(
                "import",
                "customers",
                write(w, "c.csv", "klantnummer;naam;soort;land\nC010;Nieuw B.V.;zakelijk;NL\n"),
            )
        },
        check_customer_imported,
        (("customers.import", None),),
        at_least=True,
    ),
    UseCase(
        "import invoices",
        {
            "cli": lambda w: w.cli(
                "import",
                "invoices",
                write(
                    w,
                    "i.csv",
                    "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;valuta\n"
                    "F-010;C003;01-03-2026;31-03-2026;100,00;EUR\n",
                ),
            )
        },
        check_invoice_imported,
        (("invoices.import", None),),
        at_least=True,
    ),
    UseCase(
        "import e-invoices",
        {
            "cli": lambda w: w.cli(
                "import", "invoices", "--company", "ACME", write(w, "e-001.xml", UBL)
            )
        },
        check_einvoice_imported,
        (("einvoices.import", None),),
        at_least=True,
    ),
    UseCase(
        "import bank",
        {"cli": lambda w: w.cli("import", "bank", write(w, "statement.xml", STATEMENT))},
        check_statement_imported,
        (("bank.import", None),),
        prepare=account,
        at_least=True,
    ),
    UseCase(
        "company add",
        {"cli": lambda w: w.cli("company", "add", "BETA", "--name", "Beta B.V.")},
        check_company_added,
        (("company.add", None),),
    ),
    UseCase(
        "company details",
        {
            "page": lambda w: w.page(
                "/settings/company",
                {
                    "name": "Acme Groothandel B.V.",
                    "payment_term_days": 14,
                    "can_deduct_vat": "true",
                },
            )
        },
        check_company_details,
        (("company.update", None),),
    ),
    UseCase(
        "bank account add",
        {"page": lambda w: w.page("/settings/accounts", {"iban": IBAN})},
        check_account_added,
        (("company.account_add", None),),
    ),
    UseCase(
        "bank account remove",
        {"page": lambda w: w.page("/settings/accounts/remove", {"iban": IBAN})},
        check_account_removed,
        (("company.account_remove", None),),
        prepare=account,
    ),
    UseCase(
        "collection settings",
        {
            "cli": lambda w: w.cli(
                "policy",
                "settings",
                "--auto-approve-friendly",
                "--large-amount",
                "5000",
                "--bank-stale-days",
                "3",
            ),
            "page": lambda w: w.page(
                "/settings/collection",
                {
                    "large_amount": "5000",
                    "bank_stale_working_days": 3,
                    "auto_approve_friendly": "true",
                },
            ),
        },
        check_collection_settings,
        (("collection.settings", None),),
    ),
    UseCase(
        "policy import",
        {
            "cli": lambda w: w.cli("policy", "import", write(w, "policies.toml", POLICIES)),
            "page": lambda w: w.page("/settings/policies", {"policies_toml": POLICIES}),
        },
        check_policies,
        (("policy.import", None),),
    ),
    UseCase(
        "portal settings",
        {
            "cli": lambda w: w.cli("portal", "settings", "--enable", "--max-promise-days", "21"),
            "page": lambda w: w.page(
                "/settings/portal", {"max_promise_days": 21, "enabled": "true"}
            ),
        },
        check_portal,
        (("portal.settings", None),),
    ),
    UseCase(
        "user add",
        {
            "cli": lambda w: w.cli(
                "user",
                "add",
                "bert",
                "--name",
                "Bert",
                "--role",
                "credit_controller",
                "--company",
                "ACME",
                "--language",
                "en",
                "--password",
                PASSWORD,
            ),
            "page": lambda w: w.page(
                "/settings/users",
                {
                    "username": "bert",
                    "name": "Bert",
                    "password": PASSWORD,
                    "role": "credit_controller",
                    "language": "en",
                    "company": "ACME",
                },
            ),
        },
        check_user_added,
        (("user.add", None),),
    ),
    UseCase(
        "user change",
        {
            "cli": lambda w: w.cli("user", "set", "bert", "--role", "sales"),
            "page": lambda w: w.page(
                "/settings/users/bert", {"role": "sales", "language": "nl", "active": "true"}
            ),
        },
        check_user_changed,
        (("user.change", None),),
        prepare=bert,
    ),
    UseCase(
        "user language",
        {
            "cli": lambda w: w.cli("user", "set", "anne", "--language", "nl"),
            "page": lambda w: w.page("/me/language", {"language": "nl", "next": "/"}),
        },
        check_language,
        (("user.change", None),),
    ),
    UseCase(
        "user password",
        {
            "cli": lambda w: w.cli("user", "password", "bert", "--password", PASSWORD),
            "page": lambda w: w.page("/settings/users/bert/password", {"password": PASSWORD}),
        },
        check_password,
        (("user.password", None),),
        prepare=bert,
    ),
    UseCase(
        "token create",
        {"cli": lambda w: w.cli("token", "create", "anne", "--name", "sync")},
        check_token_created,
        (("token.create", None),),
    ),
    UseCase(
        "token revoke",
        {"cli": lambda w: w.cli("token", "revoke", "anne", str(token_id(w, "old")))},
        check_token_revoked,
        (("token.revoke", None),),
        prepare=old_token,
    ),
    UseCase(
        "mandate add",
        {
            "cli": lambda w: w.cli(
                "sepa",
                "mandate",
                "add",
                "C001",
                "--reference",
                "M-1",
                "--signed",
                "2026-03-01",
                "--iban",
                IBAN,
            )
        },
        check_mandate_added,
        (("mandate.add", "C001"),),
    ),
    UseCase(
        "mandate set",
        {"cli": lambda w: w.cli("sepa", "mandate", "set", "M-1", "--last")},
        check_mandate_set,
        (("mandate.set", "C001"),),
        prepare=mandate,
    ),
    UseCase(
        "mandate revoke",
        {"cli": lambda w: w.cli("sepa", "mandate", "revoke", "M-1")},
        check_mandate_revoked,
        (("mandate.revoke", "C001"),),
        prepare=mandate,
    ),
    UseCase(
        "sepa notify",
        {
            "cli": lambda w: w.cli(
                "sepa", "notify", "--date", str(COLLECTED_ON), "--creditor-id", CREDITOR_ID
            )
        },
        check_announced,
        (("debit.notify", "C001"),),
        prepare=collecting,
    ),
    UseCase(
        "sepa export",
        {
            "cli": lambda w: w.cli(
                "sepa",
                "export",
                "--date",
                str(COLLECTED_ON),
                "--as-of",
                str(target2_day_before(COLLECTED_ON)),
                "--creditor-id",
                CREDITOR_ID,
                "--out",
                str(w.folder / "dd.xml"),
            )
        },
        check_exported,
        (("debit.export", "C001"),),
        prepare=notified,
    ),
    UseCase(
        "privacy export",
        {
            "cli": lambda w: w.cli("privacy", "export", "C001", "--out", str(w.folder / "c.json")),
            "page": lambda w: w.page("/privacy/customers/C001/export"),
            "page form": lambda w: w.page("/privacy/export", {"customer": "C001"}),
        },
        check_nothing,
        (("customer.export", "C001"),),
    ),
    UseCase(
        "privacy erase",
        {
            "cli": lambda w: w.cli("privacy", "erase", "C009", "--yes"),
            "page": lambda w: w.page("/privacy/customers/C009/erase"),
            "page form": lambda w: w.page("/privacy/erase", {"customer": "C009"}),
        },
        check_erased,
        (("customer.erase", "C009"),),
        prepare=quiet_customer,
    ),
    UseCase(
        "privacy retention",
        {
            "cli": lambda w: w.cli("privacy", "retention", "--years", "9"),
            "page": lambda w: w.page("/settings/privacy", {"years": 9}),
        },
        check_retention,
        (("privacy.retention", None),),
    ),
    UseCase(
        "privacy apply",
        {"cli": lambda w: w.cli("privacy", "apply"), "page": lambda w: w.page("/privacy/apply")},
        check_erased,
        (("customer.erase", "C009"),),
        prepare=quiet_customer,
    ),
    UseCase(
        "company clause set",
        {
            "cli": lambda w: w.cli("company", "clause", "set", *CLAUSE_ARGS),
            "api": lambda w: w.api("PUT", "/companies/ACME/clause", CLAUSE_BODY),
            "page": lambda w: w.page("/settings/clause", CLAUSE_FORM),
        },
        check_company_clause,
        (("clause.set", None),),
    ),
    UseCase(
        "company clause remove",
        {
            "cli": lambda w: w.cli("company", "clause", "remove"),
            "api": lambda w: w.api("DELETE", "/companies/ACME/clause"),
            "page": lambda w: w.page("/settings/clause/remove"),
        },
        check_no_company_clause,
        (("clause.remove", None),),
        prepare=company_clause,
    ),
    UseCase(
        "customer clause set",
        {
            "cli": lambda w: w.cli("company", "clause", "set", *CLAUSE_ARGS, "--customer", "C003"),
            "api": lambda w: w.api("PUT", "/customers/C003/clause", CLAUSE_BODY),
            "page": lambda w: w.page("/customers/C003/clause", CLAUSE_FORM),
        },
        check_customer_clause,
        (("clause.set", "C003"),),
    ),
    UseCase(
        "customer clause remove",
        {
            "cli": lambda w: w.cli("company", "clause", "remove", "--customer", "C003"),
            "api": lambda w: w.api("DELETE", "/customers/C003/clause"),
            "page": lambda w: w.page("/customers/C003/clause/remove"),
        },
        check_no_customer_clause,
        (("clause.remove", "C003"),),
        prepare=customer_clause,
    ),
    UseCase(
        "hardship set",
        {
            "cli": lambda w: w.cli(
                "hardship",
                "set",
                "C002",
                "--kind",
                "bankruptcy",
                "--since",
                "2026-03-02",
                "--evidence",
                "Vonnis",
                "--file",
                "C002.pdf",
            ),
            "api": lambda w: w.api("POST", "/customers/C002/hardship", HARDSHIP),
            "page": lambda w: w.page("/customers/C002/hardship", HARDSHIP),
        },
        check_in_hardship,
        (("customer.hardship", "C002"),),
    ),
    UseCase(
        "hand-over",
        {
            "cli": lambda w: w.cli("hand-over", "C002", "--reason", HAND_OVER_REASON),
            "api": lambda w: w.api(
                "POST", "/hand-overs", {"customer": "C002", "reason": HAND_OVER_REASON}
            ),
            "page": lambda w: w.page("/customers/C002/hand-over", {"reason": HAND_OVER_REASON}),
        },
        check_handed_over,
        # the hold by hand in the case's name, announced at once
        (("credit.hold", "C002"), ("customer.hand_over", "C002")),
    ),
    UseCase(
        "hand-over status",
        {
            "cli": lambda w: w.cli(
                "hand-over", "status", "HO000001", "accepted", "--note", "Aangenomen"
            ),
            "api": lambda w: w.api(
                "POST", "/hand-overs/HO000001/status", {"status": "accepted", "note": "Aangenomen"}
            ),
            "page": lambda w: w.page(
                "/customers/C002/hand-over/status", {"status": "accepted", "note": "Aangenomen"}
            ),
        },
        check_case_accepted,
        (("hand_over.status", "C002"),),
        prepare=handed_over,
    ),
    UseCase(
        "hardship end",
        {
            "cli": lambda w: w.cli("hardship", "end", "C002", "--on", "2026-03-16"),
            "api": lambda w: w.api(
                "POST", "/customers/C002/hardship/end", {"ended_on": "2026-03-16"}
            ),
            "page": lambda w: w.page("/customers/C002/hardship/end", {"ended_on": "2026-03-16"}),
        },
        check_hardship_ended,
        (("customer.hardship_end", "C002"),),
        prepare=in_hardship,
    ),
    UseCase(
        "hardship task text",
        {
            "cli": lambda w: w.cli("hardship", "task-text", "wsnp", OWN_TASK),
            "page": lambda w: w.page("/settings/hardship-tasks", {"task_wsnp": OWN_TASK}),
        },
        check_task_text,
        (("settings.hardship_task", None),),
    ),
    UseCase(
        "invoice copy resend",
        {
            "page": lambda w: w.page(
                "/customers/C001/invoices/F-001/resend", {"form_key": "resend-F-001-once"}
            )
        },
        check_copy_resent,
        (("invoice.copy_resent", "C001"),),
    ),
    UseCase(
        "portal problem",
        {
            "portal": lambda w: w.portal(
                "C003",
                "problem",
                {
                    "invoice": invoice_ids(w)["F-004"],
                    "reason": "invoice_incorrect",
                    "note": "De prijs klopt niet",
                },
            )
        },
        check_portal_dispute,
        (("portal.dispute", "C003"),),
    ),
    UseCase(
        "portal promise",
        {"portal": lambda w: w.portal("C003", "promise", {"promised_date": "2026-03-25"})},
        check_portal_promise,
        (("portal.promise", "C003"),),
    ),
)


def dispute_id(w: World) -> int:
    with w.app.uow() as uow:
        _, found = uow.worklists.open_disputes(w.company_id, reason=None, offset=0, limit=100)
    [dispute] = found
    return dispute.id


def _cases() -> list[Any]:
    cases = []
    for case in USE_CASES:
        for entry in case.drivers:
            marks = []
            if entry in case.xfail:
                marks.append(pytest.mark.xfail(strict=True, reason=case.xfail[entry]))
            cases.append(pytest.param(case, entry, id=f"{case.name}-{entry}", marks=marks))
    return cases


@pytest.mark.parametrize(("case", "entry"), _cases())
def test_each_entry_point_leaves_the_same_state_and_audit_entries(
    case: UseCase,
    entry: str,
    app: Tijdig,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    frozen_clock: Any,
) -> None:
    frozen_clock.set(NOW)
    with world(app, database_url, tmp_path, monkeypatch) as w:
        case.prepare(w)
        expected = case.audit(w) if callable(case.audit) else case.audit
        mark = w.audit_mark()
        case.drivers[entry](w)
        case.check(w)
        actor = actors()[entry.split(maxsplit=1)[0]]
        written = w.audit_since(mark)
    if case.at_least:
        [(action, _)] = expected
        assert any(a == action and who == actor for a, who, _ in written), written
    else:
        assert written == [(action, actor, customer) for action, customer in expected]
