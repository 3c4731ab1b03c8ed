"""Credit hold by rule end to end through the CLI, on SQLite and PostgreSQL, with a real
HTTP receiver on 127.0.0.1: the overdue-days rule flips the status the day after 29
February (and again after the end of March), a hold by hand and its lifting are
announced, the receiver refuses two attempts and then accepts, and gets each change
exactly once by event id, the same id on every retry, signed, with the moment of the
attempt as its timestamp. A redirect is a failure and is not followed; http is refused
without the test setting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import FrozenClock
from tests.webhook_receiver import Received, Receiver, receiving
from tijdig.domain.webhooks import verify
from tijdig.entrypoints.cli.app import app

from .test_cli import ADD_ACME

CUSTOMERS = """klantnummer;naam;soort;land;e-mail;kredietlimiet
1001;Bakkerij De Gouden Korst B.V.;zakelijk;NL;info@goudenkorst.nl;5000
2001;Peeters BV;zakelijk;BE;boekhouding@peeters.be;
"""
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;valuta
2024001;1001;01-01-2024;31-01-2024;1.210,00;EUR
2024002;2001;30-01-2024;29-02-2024;100,00;EUR
"""
# 10:00 in Amsterdam on 1 March 2024: the moment every command sees
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_WEBHOOKS_ALLOW_LOCAL_HTTP", "true")
    return CliRunner()


def _ok(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _fails(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 1, result.output
    return result.output


def _loaded(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(CUSTOMERS)
    (tmp_path / "i.csv").write_text(INVOICES)
    _ok(cli, *ADD_ACME)
    _ok(cli, "import", "customers", str(tmp_path / "c.csv"))
    _ok(cli, "import", "invoices", str(tmp_path / "i.csv"))
    _ok(cli, "credit", "rules", "--overdue-days", "29", "--as-of", "2024-02-29")


def _secret(cli: CliRunner, url: str) -> str:
    out = _ok(cli, "webhooks", "add", url)
    assert "shown once" in out
    return out.strip().splitlines()[-1]


def _deliver(cli: CliRunner, clock: FrozenClock, moment: datetime) -> str:
    clock.set(moment)
    return _ok(cli, "webhooks", "deliver")


def _event(received: Received) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(received.body)
    return body


def _signed(received: Received, secret: str, moment: datetime) -> None:
    """Signed with the URL's secret, its timestamp the attempt's moment (within 5 min)."""
    headers = {k.lower(): v for k, v in received.headers.items()}
    timestamp = int(headers["tijdig-timestamp"])
    assert abs(timestamp - moment.timestamp()) <= 300
    assert verify(secret, timestamp, received.body, headers["tijdig-signature"])
    assert headers["tijdig-event-id"] == _event(received)["id"]


def test_the_status_flips_by_rule_and_each_change_reaches_the_receiver_once(
    cli: CliRunner, tmp_path: Path, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(T0)
    _loaded(cli, tmp_path)
    with receiving([500, 503]) as receiver:
        secret = _secret(cli, receiver.url)
        # 29 February: the invoice due 31 January is 29 days overdue, not more
        assert "0 changed" in _ok(cli, "credit", "refresh", "--as-of", "2024-02-29")
        assert "Customer 1001: ok" in _ok(cli, "credit", "1001", "--as-of", "2024-02-29")
        out = _ok(cli, "credit", "refresh", "--as-of", "2024-03-01")
        assert "Customer 1001: ok → hold" in out and "1 webhook event(s) queued" in out
        assert "0 changed" in _ok(cli, "credit", "refresh", "--as-of", "2024-03-01")
        shown = json.loads(_ok(cli, "credit", "1001", "--as-of", "2024-03-01", "--json"))
        assert shown["status"] == "hold"
        assert [r["code"] for r in shown["reasons"]] == ["credit_overdue_days"]
        assert shown["reasons"][0]["text"] == (
            "An invoice is 30 days overdue (due 2024-01-31), more than the 29 days allowed"
        )
        _refused_twice_then_accepted(cli, frozen_clock, receiver, secret)
        _held_and_lifted_by_hand(cli, frozen_clock, receiver, secret)
        # 2001's invoice fell due on 29 February: 29 days overdue on 29 March, 30 on the 30th
        assert "0 changed" in _ok(cli, "credit", "refresh", "--as-of", "2024-03-29")
        assert "2001: ok → hold" in _ok(cli, "credit", "refresh", "--as-of", "2024-03-30")
        _deliver(cli, frozen_clock, T0 + timedelta(hours=1))
    ids = [_event(r)["id"] for r in receiver.at("/hook")]
    changes = {(i, _event(r)["data"]["customer"], _event(r)["data"]["status"])
               for i, r in zip(ids, receiver.at("/hook"), strict=True)}  # fmt: skip
    # 1001 -> hold (three attempts, one id); 2001 hold, ok, hold by rule: 4 changes
    assert len(ids) == 6 and len(set(ids)) == 4 == len(changes)
    assert sorted((c, s) for _i, c, s in changes) == [
        ("1001", "hold"), ("2001", "hold"), ("2001", "hold"), ("2001", "ok")
    ]  # fmt: skip


def _refused_twice_then_accepted(
    cli: CliRunner, clock: FrozenClock, receiver: Receiver, secret: str
) -> None:
    first, second, third = T0, T0 + timedelta(minutes=2), T0 + timedelta(minutes=8)
    assert "0 delivered, 1 failed" in _deliver(cli, clock, first)
    # waiting its back-off (1 minute): not tried again before
    assert "0 delivered, 0 failed" in _deliver(cli, clock, first + timedelta(seconds=30))
    assert "0 delivered, 1 failed" in _deliver(cli, clock, second)
    assert "0 delivered, 0 failed" in _deliver(cli, clock, second + timedelta(minutes=4))
    assert "1 delivered, 0 failed" in _deliver(cli, clock, third)
    assert "0 delivered, 0 failed" in _deliver(cli, clock, third + timedelta(days=1))
    attempts = receiver.at("/hook")
    assert len(attempts) == 3
    assert len({_event(r)["id"] for r in attempts}) == 1  # the same event, every time
    assert len({r.body for r in attempts}) == 1
    for received, moment in zip(attempts, (first, second, third), strict=True):
        _signed(received, secret, moment)
    event = _event(attempts[0])
    assert event["type"] == "credit.status_changed" and event["company"] == "ACME"
    assert event["data"]["customer"] == "1001" and event["data"]["status"] == "hold"
    assert event["data"]["previous_status"] == "ok" and event["data"]["as_of"] == "2024-03-01"
    [why] = event["data"]["reasons"]
    assert why["code"] == "credit_overdue_days"
    assert why["params"] == {"days": 30, "due": {"date": "2024-01-31"}, "limit": 29}
    [logged] = json.loads(_ok(cli, "webhooks", "log", "--json"))
    assert logged["status"] == "delivered" and logged["next_attempt_at"] is None
    assert [a["status_code"] for a in logged["attempts"]] == [500, 503, 200]


def _held_and_lifted_by_hand(
    cli: CliRunner, clock: FrozenClock, receiver: Receiver, secret: str
) -> None:
    before = len(receiver.at("/hook"))
    assert "2001: ok → hold" in _ok(cli, "credit", "hold", "2001", "--reason", "Fraude vermoed",
                                    "--as-of", "2024-03-01")  # fmt: skip
    assert "lift that hold first" in _fails(cli, "credit", "hold", "2001", "--reason", "again")
    held = json.loads(_ok(cli, "credit", "2001", "--as-of", "2024-03-01", "--json"))
    assert held["reasons"][0]["params"]["why"] == "Fraude vermoed"
    assert "2001: hold → ok" in _ok(cli, "credit", "lift", "2001", "--as-of", "2024-03-01")
    assert "not on hold by hand" in _fails(cli, "credit", "lift", "2001")
    [lifted] = json.loads(_ok(cli, "credit", "2001", "--json"))["holds_by_hand"]
    assert lifted["reason"] == "Fraude vermoed" and lifted["since"] == "2024-03-01"
    # lifted at the moment the clock then says (the last delivery moved it a day on)
    assert lifted["lifted_by"] == lifted["by"] and lifted["lifted_at"].startswith("2024-03-02")
    assert "lifted by" in _ok(cli, "credit", "2001")
    moment = T0 + timedelta(minutes=20)
    assert "2 delivered, 0 failed" in _deliver(cli, clock, moment)
    new = receiver.at("/hook")[before:]
    assert [_event(r)["data"]["status"] for r in new] == ["hold", "ok"]
    for received in new:
        _signed(received, secret, moment)


def test_a_redirect_is_a_failure_and_is_not_followed(
    cli: CliRunner, tmp_path: Path, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(T0)
    _loaded(cli, tmp_path)
    with receiving([302, 301]) as receiver:
        _secret(cli, receiver.url)
        _ok(cli, "credit", "hold", "1001", "--reason", "Geen leveringen", "--as-of", "2024-03-01")
        assert "0 delivered, 1 failed" in _deliver(cli, frozen_clock, T0)
        assert "0 delivered, 1 failed" in _deliver(cli, frozen_clock, T0 + timedelta(minutes=2))
        assert "1 delivered" in _deliver(cli, frozen_clock, T0 + timedelta(minutes=8))
    assert receiver.at("/elsewhere") == []
    assert len(receiver.at("/hook")) == 3
    [logged] = json.loads(_ok(cli, "webhooks", "log", "--json"))
    assert [a["status_code"] for a in logged["attempts"]] == [302, 301, 200]
    assert [a["error"] for a in logged["attempts"]] == ["HTTP 302", "HTTP 301", None]


def test_http_is_refused_without_the_test_setting(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loaded(cli, tmp_path)
    monkeypatch.delenv("TIJDIG_WEBHOOKS_ALLOW_LOCAL_HTTP")
    assert "must start with https://" in _fails(cli, "webhooks", "add", "http://127.0.0.1:9/h")
    assert "must start with https://" in _fails(cli, "webhooks", "add", "http://erp.example/h")
    monkeypatch.setenv("TIJDIG_WEBHOOKS_ALLOW_LOCAL_HTTP", "true")
    assert "must start with https://" in _fails(cli, "webhooks", "add", "http://erp.example/h")
    _secret(cli, "https://erp.example.com/hooks")
    assert "there already" in _fails(cli, "webhooks", "add", "https://erp.example.com/hooks")
    [hook] = json.loads(_ok(cli, "webhooks", "list", "--json"))
    assert hook["url"] == "https://erp.example.com/hooks"
    assert "removed" in _ok(cli, "webhooks", "remove", str(hook["id"]))
    assert json.loads(_ok(cli, "webhooks", "list", "--json")) == []
    assert "no webhook" in _fails(cli, "webhooks", "remove", str(hook["id"]))


def test_the_days_run_announces_the_changes_of_its_day(
    cli: CliRunner, tmp_path: Path, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(T0)
    _loaded(cli, tmp_path)
    _secret(cli, "https://erp.example.com/hooks")
    frozen_clock.set(T0 + timedelta(days=4))  # 5 March: 1001 is 34 days overdue
    # a run rehearsed for another day announces nothing, though 1001 was over by then
    assert "credit status of" not in _ok(cli, "run", "--as-of", "2024-03-01")
    assert json.loads(_ok(cli, "webhooks", "log", "--json")) == []
    out = _ok(cli, "run", "--as-of", "2024-03-05")
    assert "credit status of 1 customer(s) changed, 1 webhook event(s) queued" in out
    [event] = json.loads(_ok(cli, "webhooks", "log", "--json"))
    assert event["customer"] == "1001" and event["status"] == "pending"


def test_a_payment_booked_from_the_bank_lifts_the_hold_and_is_announced(
    cli: CliRunner, tmp_path: Path, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(T0)
    _loaded(cli, tmp_path)
    _secret(cli, "https://erp.example.com/hooks")
    assert "1001: ok → hold" in _ok(cli, "credit", "refresh", "--as-of", "2024-03-01")
    statement = tmp_path / "s.sta"
    statement.write_text(
        ":20:S240301\n:25:NL91ABNA0417164300\n:28C:061/1\n:60F:C240301EUR0,00\n"
        ":61:2403010301C1210,00NTRFNONREF//B1\n"
        ":86:/IBAN/NL20INGB0001234567/NAME/Bakkerij De Gouden Korst/REMI/Factuur 2024001/\n"
        ":62F:C240301EUR1210,00\n",
        encoding="utf-8",
    )
    out = _ok(cli, "import", "bank", str(statement))
    assert "1 payment(s) booked" in out
    assert "credit status of 1 customer(s) changed, 1 webhook event(s) queued" in out
    assert "Customer 1001: ok" in _ok(cli, "credit", "1001", "--as-of", "2024-03-01")
    events = json.loads(_ok(cli, "webhooks", "log", "--json"))
    assert [(e["customer"], e["status"]) for e in events] == [("1001", "pending")] * 2
