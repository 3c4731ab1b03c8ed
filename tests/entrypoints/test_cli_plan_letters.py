"""A payment plan's confirmation end to end: `tijdig plan accept` queues it with the
acceptance, `tijdig send` delivers it once over real SMTP (aiosmtpd), with the letter as
a PDF; a second `tijdig send` sends nothing more."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tests.services.direct_debit.sepa_data import body

from .test_cli import _loaded, _ok


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def cli(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[RecordingHandler, int],
    frozen_clock: FrozenClock,
) -> CliRunner:
    """Monday 7 December 2026, 10:00 in Amsterdam: within the send window."""
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(smtp[1]))
    monkeypatch.setenv("TIJDIG_MAIL_FROM", "debiteuren@acme.example")
    frozen_clock.set(datetime(2026, 12, 7, 10, 0))
    return CliRunner()


def test_the_confirmation_of_an_accepted_plan_is_sent_once(
    cli: CliRunner, smtp: tuple[RecordingHandler, int], tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    _loaded(cli, tmp_path)
    _ok(cli, "plan", "offer", "1001", "--invoices", "2026001,2026002", "--instalments", "2",
        "--first", "2027-01-05")  # fmt: skip
    signed = tmp_path / "getekend.pdf"
    signed.write_bytes(b"%PDF-1.7 akkoord")
    accepted = " ".join(_ok(cli, "plan", "accept", "1", "--file", str(signed)).split())
    assert "is in force from 2026-12-07; its confirmation is queued" in accepted
    assert "Sent: 1;" in _ok(cli, "send")
    assert "Sent: 0;" in _ok(cli, "send")  # nothing left to send
    [mail] = smtp[0].accepted
    assert str(mail["To"]) == "info@goudenkorst.nl"
    assert str(mail["Subject"]) == "Bevestiging van uw betalingsregeling 7900000000000001"
    text = " ".join(body(mail).split())
    for phrase in ("U betaalt in totaal € 1.310,00 in 2 termijnen",
                   "1 5 januari 2027 € 655,00 7900 0000 0000 0001",
                   "2 5 februari 2027 € 655,00 7900 0000 0000 0001",
                   "dan vervalt de betalingsregeling en is het bedrag dat dan nog openstaat "
                   "in één keer opeisbaar. Wij kunnen u dan nog één keer een nieuwe "
                   "betalingsregeling voorstellen."  # the default ladder's rung: a new plan
                   ):  # fmt: skip
        assert phrase in text, (phrase, text)
    [pdf] = [p for p in mail.walk() if p.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "betalingsregeling-7900000000000001.pdf"
    content = pdf.get_payload(decode=True)
    assert isinstance(content, bytes)
    letter = " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
        .replace("\xa0", " ").split()
    )  # fmt: skip
    assert "1 5 januari 2027 € 655,00 7900 0000 0000 0001" in letter
    assert "Klantnummer: 1001 7 december 2026" in letter
