"""Keeping in step with the books in the browser (issue 16, part 3), through the real app:
an export uploaded on the imports page, its difference shown (the preview writes
nothing, in Dutch and French too), applied by the button, then shown again without a
difference; another company's upload is not found."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from tests.snapshot import Tables
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.schema.syncs import InvoiceClosureRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.companies.companies import add_company
from tijdig.services.receivables.sync import apply_sync, source_key

from .conftest import ACME_INVOICES, TestClient, csrf_of

ACME = {"company": "ACME"}
# The books' December list: F-001 gone (paid there), F-002 due later, F-003 as it was.
DECEMBER = (
    "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;openstaand\n"
    "F-002;C001;2026-03-01;2026-04-15;605,00;605,00\n"
    "F-003;C002;2025-11-01;2025-12-01;2420,00;2420,00\n"
)


def _upload(client: TestClient, text: str, **form: str) -> str:
    token = csrf_of(client.get("/imports", params=ACME).text)
    response = client.post("/imports/sync", params=ACME, data={"csrf_token": token, **form},
                           files=[("export", ("debiteuren.csv", text.encode()))],
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    return response.headers["location"]


def _open(app: Tijdig) -> dict[str, int]:
    with app.uow() as uow:
        return dict(uow.session.execute(select(InvoiceRow.number, InvoiceRow.open_minor)).all())


def test_the_difference_is_shown_then_applied_once(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """The ledger of ACME (F-001 ... F-004) was synced from the books in November."""
    november = [i for i in ACME_INVOICES if i.number in ("F-001", "F-002", "F-003")]
    apply_sync(app.uow(), acme, november, source=source_key("csv"), exported_on=date(2026, 3, 2),
               filename="november.csv", actor="test", at=datetime.now(UTC))  # fmt: skip
    preview = _upload(client, DECEMBER, exported_on="2026-03-14")
    tables = Tables(app.engine)
    before = tables.snapshot()
    page = client.get(preview)
    assert page.status_code == 200 and tables.snapshot() == before  # the preview reads only
    assert "0 new, 1 changed, 1 gone, 1 unchanged" in page.text
    changed = re.findall(r'<tr data-invoice="([^"]+)" data-field="([^"]+)">', page.text)
    assert changed == [("F-002", "due_date")]
    gone = re.search(r'<table class="data sync-gone">.*?</table>', page.text, re.S)
    assert gone and re.findall(r'data-invoice="([^"]+)"', gone.group(0)) == ["F-001"]
    assert "paid outside Tijdig on 14 Mar 2026" in gone.group(0)
    for language, words in (("nl", "buiten Tijdig betaald op 14 mrt 2026"),
                            ("fr", "payé en dehors de Tijdig le 14 mars 2026")):  # fmt: skip
        token = csrf_of(page.text)
        client.post("/me/language", data={"language": language, "csrf_token": token})
        spoken = tables.snapshot()
        assert words in client.get(preview).text and tables.snapshot() == spoken

    form = re.search(r'<form method="post" action="([^"]+)" class="sync-apply">', page.text)
    assert form
    token = csrf_of(page.text)
    applied = client.post(form.group(1).replace("&amp;", "&"), follow_redirects=False,
                          data={"csrf_token": token, "source": "",
                                "exported_on": "2026-03-14"})  # fmt: skip
    assert applied.status_code == 303, applied.text
    assert _open(app)["F-001"] == 0
    with app.uow() as uow:
        closed = uow.session.execute(
            select(InvoiceClosureRow.reason, InvoiceClosureRow.closed_on)
        ).all()
        due = uow.session.scalar(select(InvoiceRow.due_date).where(InvoiceRow.number == "F-002"))
    assert [tuple(c) for c in closed] == [("paid_outside", date(2026, 3, 14))]
    assert due == date(2026, 4, 15)
    after = client.get(applied.headers["location"])
    assert "sync-done" in after.text and "sync-apply" not in after.text
    booked = tables.snapshot()
    again = client.post(form.group(1).replace("&amp;", "&"), follow_redirects=False,
                        data={"csrf_token": token, "exported_on": "2026-03-14"})  # fmt: skip
    assert again.status_code == 303 and tables.snapshot() == booked  # nothing twice


def test_a_broken_export_is_refused_naming_its_line(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    preview = _upload(client, DECEMBER + "F-009;C001;2026-02-30;2026-03-31;1,00;1,00\n")
    page = client.get(preview)
    assert page.status_code == 422 and "debiteuren.csv, line 4" in page.text


def test_another_companys_upload_is_not_found(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    add_company(app.uow(), Company("BETA", "Beta BV"), validate=False, actor="test",
                at=datetime.now(UTC))  # fmt: skip
    path = urlsplit(_upload(client, DECEMBER)).path
    assert client.get(path, params={"company": "BETA"}).status_code == 404
    assert client.get(path, params=ACME).status_code == 200


def test_an_accounting_package_export_is_synced_in_the_browser_too(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """The upload offers the package formats of `tijdig import invoices` (here Twinfield's
    open items, recognised from its columns): the same difference before Apply."""
    from pathlib import Path

    from tijdig.services.receivables.imports import import_customers

    samples = Path(__file__).resolve().parents[3] / "docs" / "samples"
    import_customers(app.uow(), acme, [samples / "customers.csv"], read=app.read_customers,
                     actor="test", at=datetime.now(UTC))  # fmt: skip
    text = (samples / "books" / "twinfield.csv").read_text(encoding="utf-8")
    page = client.get(_upload(client, text, exported_on="2026-03-14"))
    assert page.status_code == 200, page.text
    assert re.search(r"3 new, 0 changed, 0 gone", page.text), page.text[:2000]
