"""A hand-over to a collection agency end to end through the CLI on a real database
(SQLite, and PostgreSQL when TIJDIG_TEST_DATABASE_URL is set).

Bakkerij De Ster (K1) owes R1 (due Tue 3 February 2026) and R2 (due Mon 9 February).
Every working day `tijdig run`, `run approve --all` and `tijdig send` carry out the
default business policy: reminders by e-mail over real SMTP (aiosmtpd), the notice of
default as a letter to the print queue. A call is logged with a promise (broken), R2 is
disputed. Sending the approved hand-over step opens the case and writes its file. The
test then opens the ZIP and checks every part against the database; the run holds K1;
the agency's sample status file (docs/samples/agency_status.csv) moves the case and books
its payment, once; a payment by bank after the hand-over is reported to the agency once;
a case returned gives K1 back to dunning with the credit hold kept.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pypdf import PdfReader
from sqlalchemy import select
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tests.webhook_receiver import Receiver, receiving
from tijdig.adapters.db.schema.collection import (
    ContactEventRow,
    DisputeRow,
    OutboxAttachmentRow,
    OutboxRow,
    PromiseRow,
)
from tijdig.adapters.db.schema.hand_over import AgencyPaymentRow
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.hand_over import CaseStatus, HandOverCase
from tijdig.entrypoints.cli.app import app as cli_app
from tijdig.services.hand_over.file import claim_on

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "hand_over_file.schema.json").read_text(encoding="utf-8"))
SAMPLE = ROOT / "docs" / "samples" / "agency_status.csv"
IBAN = "NL91ABNA0417164300"
CUSTOMERS = """klantnummer;naam;soort;land;taal;e-mail;adres
K1;Bakkerij De Ster B.V.;zakelijk;NL;nl;ap@dester.example;Markt 1, 3511 AA Utrecht
K2;Slagerij Vos;zakelijk;NL;nl;info@vos.example;Plein 2, 3511 AB Utrecht
"""
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl
R1;K1;04-01-2026;03-02-2026;1.210,00
R2;K1;10-01-2026;09-02-2026;2.450,25
S1;K2;10-01-2026;09-05-2026;100,00
"""


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def cli(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[RecordingHandler, int],
    tmp_path: Path,
) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(smtp[1]))
    monkeypatch.setenv("TIJDIG_MAIL_FROM", "debiteuren@acme.example")
    monkeypatch.setenv("TIJDIG_LETTERS_DIR", str(tmp_path / "letters"))
    monkeypatch.setenv("TIJDIG_SMS_LOG", str(tmp_path / "sms.log"))
    monkeypatch.setenv("TIJDIG_WEBHOOKS_ALLOW_LOCAL_HTTP", "true")
    runner = CliRunner()
    _ok(runner, "company", "add", "ACME", "--name", "Acme B.V.", "--kvk", "12345678",
        "--iban", IBAN, "--email", "debiteuren@acme.example",
        "--address", "Dorpsstraat 1, 3512 AB Utrecht")  # fmt: skip
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (tmp_path / "invoices.csv").write_text(INVOICES, encoding="utf-8")
    _ok(runner, "import", "customers", str(tmp_path / "customers.csv"))
    _ok(runner, "import", "invoices", str(tmp_path / "invoices.csv"))
    return runner


def _ok(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _cases(app: Tijdig) -> list[HandOverCase]:
    with app.uow() as uow:
        company = uow.companies.find("ACME")
        assert company is not None and company.id is not None
        return uow.hand_overs.listed(company.id)


def _walk(cli: CliRunner, app: Tijdig, clock: FrozenClock, start: date, end: date) -> date:
    """Run, approve and send every working day from `start`; the day a case opened. On
    the way: a call with a promise once a reminder went, and R2 disputed later."""
    day, called, disputed = start, False, False
    while day <= end:
        if day.weekday() < 5:
            clock.set(day)
            out = _ok(cli, "run", "--as-of", day.isoformat())
            if not re.search(r" 0 proposals .*, 0 calls", " ".join(out.split())):
                _ok(cli, "run", "approve", "--all")
                _ok(cli, "send", "--as-of", day.isoformat())
            if _cases(app):
                return day
            if not called and _sent(app):
                _ok(cli, "log", "add", "K1", "--kind", "call", "--summary", "Belt terug",
                    "--with", "Mw. de Ster", "--promise", (day + timedelta(days=7)).isoformat(),
                    "--as-of", day.isoformat())  # fmt: skip
                called = True
            if not disputed and day >= date(2026, 3, 16):
                _ok(cli, "dispute", "add", "R2", "--reason", "invoice_incorrect",
                    "--note", "Prijs klopt niet", "--department", "sales",
                    "--deadline", (day + timedelta(days=14)).isoformat(),
                    "--as-of", day.isoformat())  # fmt: skip
                disputed = True
        day += timedelta(days=1)
    raise AssertionError("no hand-over case opened")


def _sent(app: Tijdig) -> list[Any]:
    """K1's messages sent (id, channel, subject, body, sent_at, delivery_answer)."""
    o = OutboxRow
    with app.uow() as uow:
        return list(uow.session.execute(
            select(o.id, o.channel, o.subject, o.body_text, o.sent_at, o.delivery_answer)
            .join(CustomerRow, CustomerRow.id == o.customer_id)
            .where(CustomerRow.number == "K1", o.status == "sent").order_by(o.sent_at, o.id)
        ).all())  # fmt: skip


def _pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )


def _nl(amount: Decimal) -> str:
    """An amount as the Dutch summary writes it: € 1.234,56."""
    whole, cents = f"{amount:.2f}".split(".")
    return f"€ {int(whole):,}".replace(",", ".") + f",{cents}"


@pytest.fixture
def hook(cli: CliRunner) -> Iterator[Hook]:
    """The company's ERP, told of each change of credit status and each direct payment."""
    with receiving() as receiver:
        out = _ok(cli, "webhooks", "add", receiver.url)
        yield Hook(receiver, out.strip().splitlines()[-1])


@dataclass
class Hook:
    receiver: Receiver
    secret: str

    def events(self, cli: CliRunner) -> list[dict[str, Any]]:
        """Deliver what is due; every event received so far, each signed with the URL's
        secret over `{timestamp}.{body}`, once per id."""
        _ok(cli, "webhooks", "deliver")
        found: dict[str, dict[str, Any]] = {}
        for got in self.receiver.received:
            stamp = got.headers["Tijdig-Timestamp"]
            signed = stamp.encode() + b"." + got.body
            mac = hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(got.headers["Tijdig-Signature"], f"v1={mac}")
            event = json.loads(got.body)
            assert event["id"] == got.headers["Tijdig-Event-Id"]
            found[event["id"]] = event
        return list(found.values())


def test_a_customer_handed_over_by_the_policy_with_its_file_status_and_payments(
    app: Tijdig, cli: CliRunner, smtp: tuple[RecordingHandler, int], frozen_clock: FrozenClock,
    tmp_path: Path, hook: Hook,
) -> None:  # fmt: skip
    day = _walk(cli, app, frozen_clock, date(2026, 1, 30), date(2026, 6, 30))
    [case] = _cases(app)
    assert (case.reference, case.opened_on, case.off_policy) == ("HO000001", day, False)
    assert case.status is CaseStatus.HANDED_OVER and case.reason == "hand_over"
    _check_file(app, cli, case, tmp_path, smtp[0])
    _check_held(cli, app, frozen_clock, day)
    # the hand-over put K1 on hold (by hand in the case's name, and by the rule) and told
    # the ERP at once
    [held] = hook.events(cli)
    assert (held["type"], held["data"]["customer"], held["data"]["status"]) == (
        "credit.status_changed", "K1", "hold")  # fmt: skip
    assert [r["code"] for r in held["data"]["reasons"]] == [
        "credit_hold_manual", "credit_handed_over"]  # fmt: skip
    _check_agency_file(cli, app, tmp_path)
    _check_direct_payment(cli, app, frozen_clock, day, tmp_path)
    # the payment that reached ACME itself is announced too, once
    [paid] = [e for e in hook.events(cli) if e["type"] == "hand_over.direct_payment"]
    assert paid["data"] | {"reference": None} == {
        "case": "HO000001",
        "customer": "K1",
        "paid_on": paid["data"]["paid_on"],
        "amount": "2450.25",
        "currency": "EUR",
        "reference": None,
        "invoices": ["R2"],
    }
    _check_returned(cli, app, frozen_clock, day)
    # returned: the rule let go, the hold by hand stayed until lifted; each said once
    statuses = [(e["data"]["status"], [r["code"] for r in e["data"]["reasons"]])
                for e in hook.events(cli) if e["type"] == "credit.status_changed"]  # fmt: skip
    assert statuses == [("hold", ["credit_hold_manual", "credit_handed_over"]),
                        ("hold", ["credit_hold_manual"]), ("ok", [])]  # fmt: skip


def _check_file(
    app: Tijdig, cli: CliRunner, case: HandOverCase, tmp_path: Path, smtp: RecordingHandler
) -> None:
    target = tmp_path / "file.zip"
    _ok(cli, "hand-over", "file", case.reference, "-o", str(target))
    archive = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    data = json.loads(archive.read("file.json"))
    jsonschema.validate(data, SCHEMA)
    with app.uow() as uow:
        company = uow.companies.find("ACME")
        assert company is not None and company.id is not None
        customer = uow.customers.get(company.id, "K1")
        assert customer is not None and customer.id is not None
        state = uow.run_data.customer_state(company.id, customer.id, as_of=case.opened_on)
        assert state is not None
        claim = claim_on(uow, company, state, case.opened_on)
        invoices = uow.session.execute(
            select(InvoiceRow.number, InvoiceRow.id).where(InvoiceRow.customer_id == customer.id)
        ).all()  # fmt: skip
        contacts = uow.session.execute(
            select(ContactEventRow.id).where(ContactEventRow.customer_id == customer.id)
        ).all()  # fmt: skip
        promises = uow.session.execute(
            select(PromiseRow.promised_date, PromiseRow.kept)
            .where(PromiseRow.customer_id == customer.id)
        ).all()  # fmt: skip
        disputes = uow.session.execute(
            select(DisputeRow.reason, InvoiceRow.number)
            .join(InvoiceRow, InvoiceRow.id == DisputeRow.invoice_id)
            .where(InvoiceRow.customer_id == customer.id)
        ).all()  # fmt: skip
        attachments = {
            outbox_id: (name, bytes(content)) for outbox_id, name, content in uow.session.execute(
                select(OutboxAttachmentRow.outbox_id, OutboxAttachmentRow.filename,
                       OutboxAttachmentRow.content))
        }  # fmt: skip
    # the claim: both invoices overdue on the day, with the engine's costs and interest
    assert [line.invoice.number for line in claim.lines] == ["R1", "R2"]
    assert claim.costs > 0 and claim.interest > 0
    assert data["claim"]["costs"] == f"{claim.costs:.2f}"
    assert data["claim"]["interest"] == f"{claim.interest:.2f}"
    assert data["claim"]["total"] == f"{claim.total:.2f}"
    summary = _pdf_text(archive.read("summary.pdf"))
    for line in claim.lines:
        assert f"{line.invoice.number} " in summary
        for figure in (line.principal, line.costs, line.interest, line.total):
            assert _nl(figure) in summary, (figure, summary)
    for figure in (claim.principal, claim.costs, claim.interest, claim.total):
        assert _nl(figure) in summary
    assert "Overdrachtsdossier HO000001" in summary and "Bakkerij De Ster B.V. (K1)" in summary
    # every invoice handed over, each its own copy
    assert sorted(i["number"] for i in data["invoices"]) == sorted(n for n, _ in invoices)
    for item in data["invoices"]:
        text = _pdf_text(archive.read(item["document"]))
        assert item["number"] in text and item["original"] is False
    # every message sent, with its day, channel and evidence
    sent = _sent(app)
    assert {m.channel for m in sent} == {"email", "letter"}
    assert [m["id"] for m in data["messages"]] == [m.id for m in sent]
    for row, item in zip(sent, data["messages"], strict=True):
        assert row.delivery_answer and item["delivery_evidence"] == row.delivery_answer
        assert row.delivery_answer.startswith("250 " if row.channel == "email" else "print batch")
        assert item["channel"] == row.channel and item["subject"] == row.subject
        assert item["sent_at"] is not None and row.sent_at is not None
        assert datetime.fromisoformat(item["sent_at"]).date() == row.sent_at.date()
        text = archive.read(item["document"]).decode("utf-8")
        assert row.body_text in text and f"Delivery evidence: {row.delivery_answer}" in text
        assert item["document"].startswith(
            f"messages/{data['messages'].index(item) + 1:02d}-"
            f"{row.sent_at.date().isoformat()}-{row.channel}"
        )
        if row.id in attachments:
            filename, content = attachments[row.id]
            [name] = [n for n in item["attachments"] if n.endswith(filename)]
            assert archive.read(name) == content
    emails = [m for m in data["messages"] if m["channel"] == "email"]
    assert len(emails) == len(smtp.accepted)
    # the contact log, the agreements and the disputes, as stored
    assert len(data["contact_log"]) == len(contacts) >= 1
    assert "Belt terug" in [c["summary"] for c in data["contact_log"]]
    assert [(p["promised_date"], p["kept"]) for p in data["agreements"]["promises"]] == sorted(
        [(p.promised_date.isoformat(), p.kept) for p in promises], reverse=True)  # fmt: skip
    assert [(d["invoice"], d["reason"]) for d in data["disputes"]] == [
        (number, reason) for reason, number in disputes]  # fmt: skip
    [dispute] = data["disputes"]
    assert (dispute["note"], dispute["department"], dispute["outcome"]) == (
        "Prijs klopt niet", "sales", None)  # fmt: skip
    assert date.fromisoformat(dispute["deadline"]) - date.fromisoformat(
        dispute["opened_on"]) == timedelta(days=14)  # fmt: skip
    actions = {h["action"] for h in data["history"]}
    assert {"promise.add", "dispute.open"} <= actions


def _check_held(cli: CliRunner, app: Tijdig, clock: FrozenClock, day: date) -> None:
    later = day + timedelta(days=7)
    clock.set(later)
    _ok(cli, "run", "--as-of", later.isoformat())
    shown = json.loads(_ok(cli, "run", "show", "--holds", "--json"))
    held = [i for i in shown["items"] if i.get("customer") == "K1" or
            i.get("customer_number") == "K1"]  # fmt: skip
    assert {i["kind"] for i in held} <= {"hold", "warning"}, held  # no message, no call
    shown = " ".join(_ok(cli, "customer", "K1", "--as-of", later.isoformat()).split())
    assert f"Handed over: case HO000001 since {day}, handed_over; no reminders" in shown
    [hold] = [i for i in held if i["kind"] == "hold"]
    assert "HO000001" in json.dumps(hold)


def _open_amounts(uow: Any) -> dict[str, int]:
    return dict(uow.session.execute(select(InvoiceRow.number, InvoiceRow.open_minor)).all())


def _check_agency_file(cli: CliRunner, app: Tijdig, tmp_path: Path) -> None:
    with app.uow() as uow:
        before = _open_amounts(uow)
    out = " ".join(_ok(cli, "hand-over", "import", str(SAMPLE)).split())
    assert out.endswith("2 status(es) changed, 1 payment(s) booked, 0 row(s) already known.")
    [case] = _cases(app)
    assert case.status is CaseStatus.IN_PROGRESS
    assert [(c.status.value, c.on.isoformat(), c.source.value) for c in case.history] == [
        ("handed_over", case.opened_on.isoformat(), "policy"),
        ("accepted", "2026-04-22", "agency_file"), ("in_progress", "2026-04-27", "agency_file"),
    ]  # fmt: skip
    with app.uow() as uow:
        [paid_id] = uow.session.scalars(select(AgencyPaymentRow.payment_id)).all()
        amount = uow.session.scalar(select(PaymentRow.amount_minor).where(PaymentRow.id == paid_id))
        assert amount == 30000
        a = AllocationRow
        allocations = uow.session.execute(
            select(a.amount_minor, a.costs_minor, a.interest_minor).where(a.payment_id == paid_id)
        ).all()  # fmt: skip
        after = _open_amounts(uow)
    # oldest first: R1, its claimed costs and interest first (6:44 BW)
    assert sum(a.amount_minor for a in allocations) == 30000
    principal = sum(a.amount_minor - a.costs_minor - a.interest_minor for a in allocations)
    assert before["R1"] - after["R1"] == principal and after["R2"] == before["R2"]
    # idempotent: the same file again changes nothing
    out = " ".join(_ok(cli, "hand-over", "import", str(SAMPLE)).split())
    assert out.endswith("0 status(es) changed, 0 payment(s) booked, 3 row(s) already known.")
    # all or nothing: a bad row refuses the file, naming file, line and field
    bad = tmp_path / "bad.csv"
    shutil.copy(SAMPLE, bad)
    with bad.open("a", encoding="utf-8") as out_file:
        out_file.write("HO000001;05-05-2026;;AG-2026-0458;400,00;EUR;\n")
        out_file.write("HO000001;06-05-2026;geaccepteerd;;;;\n")
        out_file.write("HO000009;06-05-2026;betaald;;;;\n")
    result = cli.invoke(cli_app, ["hand-over", "import", str(bad)])
    assert result.exit_code != 0
    flat = " ".join(result.output.split())
    assert (
        f"{bad}, line 6, field status: case HO000001 is in_progress: it cannot become accepted"
        in flat
    )
    assert f"{bad}, line 7, field case: no hand-over case HO000009" in flat
    with app.uow() as uow:
        assert len(uow.session.scalars(select(AgencyPaymentRow.id)).all()) == 1  # 0458 not
    assert _cases(app)[0].status is CaseStatus.IN_PROGRESS


def _statement(path: Path, day: date, amount: str, remittance: str) -> Path:
    yymmdd = day.strftime("%y%m%d")
    path.write_text(
        f":20:S{yymmdd}\n:25:{IBAN}\n:28C:{day:%j}/1\n:60F:C{yymmdd}EUR0,00\n"
        f":61:{yymmdd}{day:%m%d}C{amount}NTRFNONREF//B1\n"
        f":86:/IBAN/NL02ABNA0123456789/NAME/Bakkerij De Ster/REMI/USTD//{remittance}/\n"
        f":62F:C{yymmdd}EUR{amount}\n",
        encoding="utf-8",
    )
    return path


def _check_direct_payment(
    cli: CliRunner, app: Tijdig, clock: FrozenClock, day: date, tmp_path: Path
) -> None:
    paid_on = day + timedelta(days=10)
    while paid_on.weekday() >= 5:
        paid_on += timedelta(days=1)
    clock.set(paid_on)
    _ok(cli, "import", "bank", str(_statement(tmp_path / "s.sta", paid_on, "2450,25",
                                              "Factuur R2")))  # fmt: skip
    report = tmp_path / "direct.csv"
    out = _ok(cli, "hand-over", "payments", "--since", day.isoformat(), "-o", str(report))
    assert "1 direct payment(s) reported" in out
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8")), delimiter=";"))
    assert rows == [{"case": "HO000001", "customer": "K1", "paid_on": paid_on.isoformat(),
                     "amount": "2450.25", "currency": "EUR", "reference": rows[0]["reference"],
                     "invoices": "R2"}]  # fmt: skip
    # reported once: the next export is empty
    out = _ok(cli, "hand-over", "payments", "-o", str(tmp_path / "again.csv"))
    assert "0 direct payment(s) reported" in out


def _check_returned(cli: CliRunner, app: Tijdig, clock: FrozenClock, day: date) -> None:
    later = day + timedelta(days=28)
    while later.weekday() >= 5:
        later += timedelta(days=1)
    clock.set(later)
    out = _ok(cli, "hand-over", "status", "K1", "returned", "--as-of", later.isoformat())
    assert "Case HO000001 (K1) is now returned." in out
    _ok(cli, "run", "--as-of", later.isoformat())
    shown: dict[str, Any] = json.loads(_ok(cli, "run", "show", "--holds", "--json"))
    assert "HO000001" not in json.dumps(shown)
    with app.uow() as uow:
        company = uow.companies.find("ACME")
        assert company is not None and company.id is not None
        customer = uow.customers.get(company.id, "K1")
    assert customer is not None
    # the agency gave the case back: the rule lets go, the hold by hand stays until a
    # person lifts it
    held = json.loads(_ok(cli, "credit", "K1", "--json"))
    assert (held["status"], [r["code"] for r in held["reasons"]]) == (
        "hold", ["credit_hold_manual"])  # fmt: skip
    _ok(cli, "credit", "lift", "K1")
    assert json.loads(_ok(cli, "credit", "K1", "--json"))["status"] == "ok"
