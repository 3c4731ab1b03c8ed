"""`tijdig send` states the dates of the day and channel a message actually goes by.

Through the CLI on a real database, as a credit controller works: import, `run --as-of`,
`run approve --all`, `send --as-of`; the letters (PDF, read with pypdf) and e-mails
(.eml files; no mail server, so another day than today may be rehearsed) are read back.
The dates are worked out by hand from ../shared/LEGAL.md.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tijdig.entrypoints.cli.app import app

CUSTOMERS = """klantnummer;naam;soort;land;taal;e-mail;adres
K1;Jan Jansen;particulier;NL;nl;jan@jansen.example;Dorpsstraat 5, 3811 BA Amersfoort
K2;Els Peeters;particulier;BE;nl;;Veldstraat 12, 9000 Gent
K3;Bakkerij De Ster B.V.;zakelijk;NL;nl;ap@dester.example;Markt 1, 3511 AA Utrecht
"""


def _invoices(*rows: str) -> str:
    return "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl\n" + "\n".join(rows)


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.delenv("TIJDIG_SMTP_HOST", raising=False)
    monkeypatch.setenv("TIJDIG_MAIL_DIR", str(tmp_path / "mail"))
    monkeypatch.setenv("TIJDIG_LETTERS_DIR", str(tmp_path / "letters"))
    monkeypatch.setenv("TIJDIG_SMS_LOG", str(tmp_path / "sms.log"))
    return CliRunner()


def _ok(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _setup(cli: CliRunner, tmp_path: Path, *invoices: str) -> None:
    _ok(cli, "company", "add", "ACME", "--name", "Acme B.V.", "--kvk", "12345678",
        "--iban", "NL91ABNA0417164300", "--email", "debiteuren@acme.example",
        "--address", "Dorpsstraat 1, 3512 AB Utrecht")  # fmt: skip
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (tmp_path / "invoices.csv").write_text(_invoices(*invoices), encoding="utf-8")
    _ok(cli, "import", "customers", str(tmp_path / "customers.csv"))
    _ok(cli, "import", "invoices", str(tmp_path / "invoices.csv"))


def _step(cli: CliRunner, run_day: str, send_day: str) -> str:
    """The day's run, everything approved, and `tijdig send` on `send_day`."""
    _ok(cli, "run", "--as-of", run_day)
    _ok(cli, "run", "approve", "--all")
    return _ok(cli, "send", "--as-of", send_day)


def _letter_text(tmp_path: Path) -> str:
    """The text of the newest letter PDF in the print queue."""
    pypdf = pytest.importorskip("pypdf")
    folders = sorted((tmp_path / "letters").iterdir(), key=lambda p: p.stat().st_mtime)
    pdf = next(folders[-1].glob("*letter.pdf")).read_bytes()
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def _mails(tmp_path: Path) -> list[str]:
    found = []
    for path in sorted((tmp_path / "mail").glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",))
        assert body is not None
        found.append(re.sub(r"\s+", " ", body.get_content().replace("\xa0", " ")))
    return found


def test_a_fourteen_day_letter_posted_later_states_the_term_from_its_posting_day(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Proposed by the run of Thu 22 October, posted Tue 27 October: presumed received
    Thu 29 October, last day Thu 12 November, costs owed from Fri 13 November (posted
    on the 22nd it would have said 10 November)."""
    _setup(cli, tmp_path, "F1;K1;01-09-2026;01-10-2026;500,00")
    _step(cli, "2026-10-08", "2026-10-08")  # the reminder, by e-mail
    out = _step(cli, "2026-10-22", "2026-10-27")
    assert "1 message(s) queued" in out
    letter = _letter_text(tmp_path)
    assert "binnen veertien dagen na de dag waarop u deze brief heeft ontvangen" in letter
    assert "vanaf 13 november 2026" in letter and "10 november" not in letter
    assert "€ 75,00" in letter  # 15 % of 500
    assert "27 oktober 2026" in letter  # the letter's date is its posting day
    assert re.search(r"F1 .*1 okt 2026 26 ", letter)  # 26 days overdue on 27 October


def test_a_be_first_reminder_that_must_go_by_post_states_the_postal_term(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Planned as e-mail, but the customer has no e-mail address: posted Fri 20 Feb
    2026, the term starts on the 3rd working day (Wed 25 Feb) and ends on 10 March."""
    _setup(cli, tmp_path, "B1;K2;14-01-2026;13-02-2026;400,00")
    out = _step(cli, "2026-02-20", "2026-02-20")
    assert "1 message(s) queued" in out
    letter = _letter_text(tmp_path)
    assert "derde werkdag na de verzending van deze brief" in letter
    assert "de laatste dag is 10 maart 2026" in letter
    assert "6 maart" not in letter


def test_approved_on_friday_and_sent_on_monday_waits_for_a_contact_day(
    cli: CliRunner, tmp_path: Path
) -> None:
    """The customer's contact days are Tuesday to Friday (the default): sent on Monday
    16 March, the reminder approved on Friday 13 March waits, and goes on Tuesday 17
    March, stating that day's figures."""
    _setup(cli, tmp_path, "R1;K3;04-02-2026;06-03-2026;500,00")
    monday = _step(cli, "2026-03-13", "2026-03-16")
    flat = " ".join(monday.split())  # the console wraps long lines at its width
    assert "waiting" in flat and "2026-03-16 is not one" in flat
    assert "the next is 2026-03-17" in flat
    assert _mails(tmp_path) == []
    tuesday = _ok(cli, "send", "--as-of", "2026-03-17")
    assert "1 message(s) queued" in tuesday
    [mail] = _mails(tmp_path)
    assert re.search(r"R1 .* 11 ", mail)  # 11 days overdue on 17 March


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        ("2026-03-17T20:00", "2026-03-18 07:00"),  # after 20:00
        ("2026-03-17T06:59", "2026-03-17 07:00"),  # before 07:00
        ("2026-03-22T10:00", "2026-03-23 07:00"),  # a Sunday
        ("2026-04-06T10:00", "2026-04-07 07:00"),  # Easter Monday (Atw)
        ("2026-04-27T10:00", "2026-04-28 07:00"),  # King's Day
    ],
)
def test_nothing_goes_out_at_night_on_sundays_or_holidays(
    cli: CliRunner, tmp_path: Path, moment: str, opens: str
) -> None:
    _setup(cli, tmp_path, "R1;K3;04-02-2026;06-03-2026;500,00")
    _ok(cli, "run", "--as-of", "2026-03-13")
    _ok(cli, "run", "approve", "--all")
    out = _ok(cli, "send", "--as-of", moment)
    assert "Nothing sent" in out and f"Sending may start at {opens}" in out
    assert _mails(tmp_path) == []


def test_a_hand_over_is_proposed_once(cli: CliRunner, tmp_path: Path) -> None:
    """The NL business ladder to its end; once the hand-over is approved it is recorded,
    and the customer is not proposed for a hand-over again."""
    _setup(cli, tmp_path, "H1;K3;28-01-2026;27-02-2026;500,00")
    for day in ("2026-03-06", "2026-03-20", "2026-04-07"):  # reminder, demand, notice
        assert "1 message(s) queued" in _step(cli, day, day)
    handed = _step(cli, "2026-04-21", "2026-04-21")
    assert "1 task(s) in the agenda" in handed
    for day in ("2026-04-28", "2026-05-12", "2026-06-09"):
        again = _ok(cli, "run", "--as-of", day, "--json")
        assert '"kind": "message"' not in again
    agenda = _ok(cli, "agenda", "--as-of", "2026-06-09", "--json")
    assert agenda.count('"kind": "hand_over"') == 1


def test_with_a_real_mail_server_only_today_is_sent_as(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    _setup(cli, tmp_path, "R1;K3;04-02-2026;06-03-2026;500,00")
    _ok(cli, "run", "--as-of", "2026-03-13")
    _ok(cli, "run", "approve", "--all")
    frozen_clock.set(datetime(2026, 3, 17, 9, 30))
    handler: RecordingHandler
    with smtp_server() as (handler, port):
        monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("TIJDIG_SMTP_PORT", str(port))
        refused = cli.invoke(app, ["send", "--as-of", "2026-03-16"])
        assert refused.exit_code == 1
        assert "--as-of 2026-03-16 is not today (2026-03-17)" in refused.output
        assert handler.accepted == []
        sent = _ok(cli, "send")
        assert "1 message(s) queued" in sent and len(handler.accepted) == 1
        assert date(2026, 3, 17).strftime("%d") in handler.keys[0]


def test_a_message_the_mail_server_refused_until_the_next_day_is_worked_out_again(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    """Queued on Tuesday 17 March, refused for now (451); on Wednesday the 18th the
    message of the 17th is expired, never handed over, and the reminder goes with the
    figures of the 18th (12 days overdue), under a key of that day. One message only."""
    _setup(cli, tmp_path, "R1;K3;04-02-2026;06-03-2026;500,00")
    frozen_clock.set(datetime(2026, 3, 17, 9, 0))
    _ok(cli, "run", "--as-of", "2026-03-17")
    _ok(cli, "run", "approve", "--all")
    with smtp_server() as (handler, port):
        monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("TIJDIG_SMTP_PORT", str(port))
        handler.rcpt_replies = ["451 try again later"]
        assert "retrying later: 1" in _ok(cli, "send")
        assert handler.accepted == []
        frozen_clock.set(datetime(2026, 3, 18, 9, 0))
        _ok(cli, "send")
        [mail] = handler.accepted
    assert str(mail["X-Tijdig-Key"]).endswith("-20260318")
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert re.search(r"R1 .* 12 ", re.sub(r"\s+", " ", body.decode()))


def test_a_clause_above_the_caps_cannot_be_saved_and_a_valid_one_is_cited(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Book XIX: a clause of 12 % damages exceeds the cap (EUR 65 + 5 % of the part above
    EUR 500) from a balance of about EUR 571; it is refused, naming the cap, and nothing
    is stored. A clause of 8 %, at least EUR 20 and at most EUR 100, is kept and cited:
    on EUR 400 it gives EUR 32."""
    _setup(cli, tmp_path, "B1;K2;14-01-2026;13-02-2026;400,00")
    clause = ["company", "clause", "set", "--reference", "artikel 7 van onze algemene voorwaarden",
              "--text", "Bij niet-betaling is een schadevergoeding verschuldigd."]  # fmt: skip
    refused = cli.invoke(app, [*clause, "--damages-percent", "12"])
    assert refused.exit_code == 1
    assert "above the cap of EUR" in refused.output and "€65 + 5 %" in refused.output
    assert "Book XIX" in refused.output and "Traceback" not in refused.output
    assert "No clause" in _ok(cli, "company", "clause", "show")
    _ok(cli, *clause, "--damages-percent", "8", "--damages-minimum", "20", "--damages-maximum",
        "100", "--interest", "8")  # fmt: skip
    shown = " ".join(_ok(cli, "company", "clause", "show", "--customer", "K2").split())
    assert "8 % of the balance, at least EUR 20.00, at most EUR 100.00" in shown
    assert "In force: the company's terms." in shown
    assert "interest 8 % a year" in shown
    _step(cli, "2026-02-20", "2026-02-20")
    letter = _letter_text(tmp_path)
    assert "een schadevergoeding van € 32,00 en verwijlinterest van 8% per jaar" in letter
    assert "volgens artikel 7 van onze algemene voorwaarden" in letter
    assert "Bij niet-betaling is een schadevergoeding verschuldigd." in letter


def test_without_a_clause_a_be_consumer_is_told_nothing_is_charged(
    cli: CliRunner, tmp_path: Path
) -> None:
    _setup(cli, tmp_path, "B1;K2;14-01-2026;13-02-2026;400,00")
    _step(cli, "2026-02-20", "2026-02-20")
    letter = _letter_text(tmp_path)
    assert "Wij rekenen u geen schadevergoeding en geen interest aan." in letter
    assert "Schuldeiser: Acme B.V., KvK-nummer 12345678." in letter


def test_tijdig_as_of_replays_a_day_for_every_command(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    """TIJDIG_AS_OF=2026-03-17 makes the run, approval and send of that day without
    --as-of: the reminder goes with the figures of 17 March. With a real mail server
    the replayed day is refused, as --as-of is."""
    _setup(cli, tmp_path, "R1;K3;04-02-2026;06-03-2026;500,00")
    frozen_clock.set(datetime(2026, 12, 8, 9, 0))
    monkeypatch.setenv("TIJDIG_AS_OF", "2026-03-17")
    assert "as of 2026-03-17" in _ok(cli, "run")
    _ok(cli, "run", "approve", "--all")
    assert "1 message(s) queued" in _ok(cli, "send")
    [mail] = _mails(tmp_path)
    assert re.search(r"R1 .* 11 ", mail)  # 11 days overdue on 17 March
    with smtp_server() as (_handler, port):
        monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("TIJDIG_SMTP_PORT", str(port))
        refused = cli.invoke(app, ["send"])
    assert refused.exit_code == 1 and "is not today (2026-12-08)" in refused.output
