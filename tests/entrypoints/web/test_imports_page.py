"""Files in, from the browser (issue 14, part 2), through the real app: a bank statement
and two invoice files uploaded at once, one of them with a bad line; the job done by the
worker's own function (`do_job`); the job's page and the database checked. The same
files again book nothing twice; another company's job is not found."""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.entrypoints.test_cli_import_invoices import BOMB
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.jobs import UploadRow
from tijdig.adapters.db.schema.ledger import CompanyRow, InvoiceRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankStatement
from tijdig.domain.imports import ImportResult
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.entrypoints.background import do_job
from tijdig.services import background
from tijdig.services.background import JobState
from tijdig.services.bank.matching import MatchAll
from tijdig.services.companies.companies import add_company

from .conftest import TestClient, add_user, csrf_of, sign_in

IBAN = "NL91ABNA0417164300"
DAY = date(2026, 3, 16)
GOOD = (
    "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag\n"
    "F-100;C001;2026-03-01;2026-03-31;242,00\n"
    "F-101;C003;2026-03-02;2026-04-01;100,00\n"
)
BAD = (
    "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag\n"
    "F-200;C001;2026-03-01;2026-03-31;50,00\n"
    "F-201;C001;2026-02-30;2026-03-31;60,00\n"
)


def _mt940(day: date, amount: str, remittance: str) -> str:
    """One credit on ACME's account: Bakkerij Jansen paying `remittance`."""
    yymmdd = day.strftime("%y%m%d")
    return (
        f":20:S{yymmdd}\n:25:{IBAN}\n:28C:{day:%j}/1\n:60F:C{yymmdd}EUR0,00\n"
        f":61:{yymmdd}{day:%m%d}C{amount.replace('.', ',')}NTRFNONREF//B1\n"
        f":86:/IBAN/NL02ABNA0123456789/NAME/Bakkerij Jansen/REMI/{remittance}/\n"
        f":62F:C{yymmdd}EUR{amount.replace('.', ',')}\n"
    )


BANK = _mt940(DAY, "242.00", "factuur F-100")


def _upload(client: TestClient, files: list[tuple[str, tuple[str, bytes]]]) -> int:
    """Upload through the form, as a browser does; the job's id from the redirect."""
    token = csrf_of(client.get("/imports", params={"company": "ACME"}).text)
    response = client.post("/imports", params={"company": "ACME"}, data={"csrf_token": token},
                           files=files, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    found = re.search(r"/jobs/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def _files() -> list[tuple[str, tuple[str, bytes]]]:
    return [
        ("bank", ("statement.mt940", BANK.encode())),
        ("invoices", ("march.csv", GOOD.encode())),
        ("invoices", ("broken.csv", BAD.encode())),
    ]


def _count(app: Tijdig, query: Any) -> int:
    with app.uow() as uow:
        return int(uow.session.scalar(query) or 0)


def _invoices(app: Tijdig) -> dict[str, int]:
    with app.uow() as uow:
        rows = uow.session.execute(select(InvoiceRow.number, InvoiceRow.open_minor)).all()
    return dict(rows)


def _bank_lines(app: Tijdig) -> int:
    return _count(app, select(func.count()).select_from(BankTransactionRow))


def test_uploaded_files_are_imported_per_file_and_never_twice(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    job_id = _upload(client, _files())
    queued = client.get(f"/jobs/{job_id}", params={"company": "ACME"})
    assert queued.status_code == 200
    assert 'hx-trigger="every 1s"' in queued.text  # it polls while the job waits
    assert _count(app, select(func.count()).select_from(UploadRow)) == 3
    assert "F-100" not in _invoices(app)  # nothing booked before a worker does it

    done = do_job(app, job_id)
    assert done is not None and done.state is JobState.DONE, done.error
    files = {f["name"]: f for f in (done.result or {})["files"]}
    assert [f["name"] for f in done.result["files"]] == [  # type: ignore[index]
        "march.csv",
        "broken.csv",
        "statement.mt940",  # invoices first, then the bank
    ]
    assert files["march.csv"]["outcome"] == "booked" and files["march.csv"]["added"] == 2
    refused = files["broken.csv"]
    assert refused["outcome"] == "refused"
    assert [(i["file"], i["line"], i["field"]) for i in refused["issues"]] == [
        ("broken.csv", 3, "factuurdatum")
    ]
    assert files["statement.mt940"]["outcome"] == "booked"
    assert files["statement.mt940"]["new"] == 1 and files["statement.mt940"]["matched"] == 1

    booked = _invoices(app)
    assert booked["F-100"] == 0 and booked["F-101"] == 10000  # F-100 paid by the statement
    assert "F-200" not in booked and "F-201" not in booked  # the refused file: nothing
    assert _bank_lines(app) == 1

    page = client.get(f"/jobs/{job_id}", params={"company": "ACME"})
    assert "hx-trigger" not in page.text  # done: no more polling
    row = re.search(r'data-file="broken.csv">(.*?)</tr>', page.text, re.S)
    assert row and "refused" in row.group(1) and "line 3" in row.group(1)
    assert "field factuurdatum" in row.group(1)
    assert re.search(r'data-file="march.csv">.*?booked', page.text, re.S)

    again = do_job(app, _upload(client, _files()))
    assert again is not None and again.state is JobState.DONE
    outcomes = {f["name"]: f["outcome"] for f in (again.result or {})["files"]}
    assert outcomes == {"march.csv": "before", "broken.csv": "refused",
                        "statement.mt940": "before"}  # fmt: skip
    assert _invoices(app) == booked and _bank_lines(app) == 1


def test_a_file_over_the_size_limit_is_refused_before_anything_is_stored(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    limit = app.settings.max_import_bytes
    token = csrf_of(client.get("/imports", params={"company": "ACME"}).text)
    big = GOOD.encode() + b"x" * limit
    response = client.post("/imports", params={"company": "ACME"}, data={"csrf_token": token},
                           files=[("invoices", ("big.csv", big))])  # fmt: skip
    assert response.status_code == 422
    assert f"larger than {limit} bytes" in response.text
    assert _count(app, select(func.count()).select_from(UploadRow)) == 0


def test_another_companys_job_is_not_found(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    beta = add_company(app.uow(), Company("BETA", "Beta BV"), validate=False, actor="test",
                       at=datetime.now(UTC))  # fmt: skip
    assert beta.id is not None and acme.id is not None
    args = background.run_arguments(as_of=DAY, today=DAY)
    theirs = app.jobs().add(beta.id, background.JobKind.RUN, args, by="test", at=datetime.now(UTC))
    ours = app.jobs().add(acme.id, background.JobKind.RUN, args, by="test", at=datetime.now(UTC))
    add_user(app, "anna", Role.CREDIT_CONTROLLER, company_ids=(acme.id,))
    sign_in(anonymous, "anna")
    assert anonymous.get(f"/jobs/{ours}").status_code == 200
    assert anonymous.get(f"/jobs/{theirs}").status_code == 404
    assert anonymous.get(f"/jobs/{theirs}/progress").status_code == 404


def test_a_stale_bank_holds_the_run_and_its_words_link_to_the_upload(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """Bank first: a statement of 16 March, a run of 25 March (seven working days on):
    the run's warning and each customer's hold link to the upload page, in Dutch too."""
    do_job(app, _upload(client, [("bank", ("statement.mt940", BANK.encode()))]))
    later = {"company": "ACME", "as_of": "2026-03-25"}
    token = csrf_of(client.get("/runs", params=later).text)
    started = client.post("/runs", params=later, data={"csrf_token": token})
    assert started.status_code == 200, started.text
    link = re.compile(r'<a class="bank-first" href="[^"]*/imports[^"]*">([^<]+)</a>')
    said = link.findall(started.text)
    assert said and all("16 Mar 2026" in text for text in said), said
    client.post("/me/language", data={"language": "nl", "csrf_token": token})
    customer = client.get("/customers/C001", params=later)
    dutch = link.findall(customer.text)
    assert dutch and "16 mrt 2026" in dutch[0] and "bank" in dutch[0].lower(), dutch


def test_a_statement_of_another_companys_account_is_refused(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """The upload books only into the uploader's company: BETA's account is not ACME's."""
    beta = add_company(app.uow(), Company("BETA", "Beta BV"), validate=False, actor="test",
                       at=datetime.now(UTC))  # fmt: skip
    assert beta.id is not None
    with app.uow() as uow:
        uow.bank.add_account(beta.id, IBAN)
        uow.commit()
    done = do_job(app, _upload(client, [("bank", ("theirs.mt940", BANK.encode()))]))
    assert done is not None and done.result is not None
    [file] = done.result["files"]
    assert file["outcome"] == "refused"
    assert [(i["file"], i["field"], i["message"]) for i in file["issues"]] == [
        ("theirs.mt940", "account", f"account {IBAN} belongs to another company")
    ]
    assert _bank_lines(app) == 0


def test_an_uploaded_xml_invoice_file_is_read_as_an_e_invoice_and_a_bomb_refused(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """An invoices upload that is XML goes to the e-invoice reader, as `tijdig import
    invoices` sends it: hostile XML is refused with the CLI's message, nothing made."""
    done = do_job(app, _upload(client, [("invoices", ("bomb.xml", BOMB.encode()))]))
    assert done is not None and done.result is not None
    [file] = done.result["files"]
    assert file["outcome"] == "refused" and file["issues"][0]["file"] == "bomb.xml"
    assert "declares entities" in file["issues"][0]["message"]
    with app.uow() as uow:
        assert list(uow.session.scalars(select(CompanyRow.code))) == ["ACME"]


def test_the_jobs_bank_import_pauses_the_collector_as_the_command_does(
    client: TestClient, app: Tijdig, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14's speed: the upload's bank import reads and matches with cyclic garbage
    collection paused (`services.bulk.gc_paused`, as `tijdig import bank`); it is back on
    after the job, and the statement is booked."""
    seen: list[bool] = []
    read, match_all = app.read_statements, app.match_all

    def reading(paths: Sequence[Path]) -> list[ImportResult[BankStatement]]:
        seen.append(gc.isenabled())
        return read(paths)

    def matching() -> MatchAll:
        seen.append(gc.isenabled())
        return match_all()

    monkeypatch.setattr(app, "read_statements", reading)
    monkeypatch.setattr(app, "match_all", matching)
    assert gc.isenabled()
    done = do_job(app, _upload(client, [("bank", ("statement.mt940", BANK.encode()))]))
    assert done is not None and done.result is not None
    assert seen == [False, False]
    assert gc.isenabled()
    [file] = done.result["files"]
    assert file["outcome"] == "booked" and file["new"] == 1


def test_the_bank_files_of_one_upload_import_together_with_a_result_per_file(
    client: TestClient, app: Tijdig, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bank files are read once and imported in one call (one load of the ledger, as
    `tijdig import bank`), yet each file keeps its result: its new lines and what they
    booked, a day sent twice is "before", and an unreadable file is refused alone."""
    calls: list[int] = []
    read = app.read_statements

    def reading(paths: Sequence[Path]) -> list[ImportResult[BankStatement]]:
        calls.append(len(paths))
        return read(paths)

    monkeypatch.setattr(app, "read_statements", reading)
    day2 = _mt940(date(2026, 3, 17), "100.00", "factuur F-101")
    done = do_job(app, _upload(client, [
        ("invoices", ("march.csv", GOOD.encode())),
        ("bank", ("monday.mt940", BANK.encode())),
        ("bank", ("tuesday.mt940", day2.encode())),
        ("bank", ("monday-again.mt940", BANK.encode())),
        ("bank", ("broken.mt940", b":20:X\n:25:nonsense\n")),
    ]))  # fmt: skip
    assert done is not None and done.state is JobState.DONE and done.result is not None
    assert calls == [4]  # every bank file read in one call
    files = {f["name"]: f for f in done.result["files"]}
    got = {name: tuple(f.get(k) for k in ("outcome", "new", "matched", "review", "duplicates"))
           for name, f in files.items()}  # fmt: skip
    assert got == {
        "march.csv": ("booked", None, None, None, None),
        "monday.mt940": ("booked", 1, 1, 0, 0),
        # F-101 is another customer's: Bakkerij Jansen paying it waits for a person
        "tuesday.mt940": ("booked", 1, 0, 1, 0),
        "monday-again.mt940": ("before", 0, 0, 0, 1),
        "broken.mt940": ("refused", None, None, None, None),
    }
    assert files["broken.mt940"]["issues"][0]["file"] == "broken.mt940"
    assert _bank_lines(app) == 2
    assert {n: m for n, m in _invoices(app).items() if n in ("F-100", "F-101")} == {
        "F-100": 0, "F-101": 10000}  # fmt: skip


def test_when_the_bank_files_together_are_refused_each_goes_on_its_own(
    client: TestClient, app: Tijdig, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal of the import of all files together does not refuse them all: each is
    then imported by itself, all or nothing."""
    from tijdig.domain.errors import ImportRefused
    from tijdig.domain.imports import ImportIssue
    from tijdig.services.uploads import bank as upload_bank

    real = upload_bank.import_and_match

    def refusing(uow: Any, paths: Sequence[Path], **kwargs: Any) -> Any:
        if len(paths) > 1 or paths[0].name == "tuesday.mt940":
            raise ImportRefused([ImportIssue(paths[-1].name, "refused here", field="x")])
        return real(uow, paths, **kwargs)

    monkeypatch.setattr(upload_bank, "import_and_match", refusing)
    day2 = _mt940(date(2026, 3, 17), "100.00", "factuur F-101")
    done = do_job(app, _upload(client, [
        ("invoices", ("march.csv", GOOD.encode())),
        ("bank", ("monday.mt940", BANK.encode())),
        ("bank", ("tuesday.mt940", day2.encode())),
    ]))  # fmt: skip
    assert done is not None and done.result is not None
    outcomes = {f["name"]: f["outcome"] for f in done.result["files"]}
    assert outcomes == {"march.csv": "booked", "monday.mt940": "booked",
                        "tuesday.mt940": "refused"}  # fmt: skip
    assert _bank_lines(app) == 1
    assert {n: m for n, m in _invoices(app).items() if n in ("F-100", "F-101")} == {
        "F-100": 0, "F-101": 10000}  # fmt: skip
