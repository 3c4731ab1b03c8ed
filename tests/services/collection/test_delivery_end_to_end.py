"""Sending the outbox exactly once over a real database (SQLite and PostgreSQL) and a
real SMTP server on loopback: everything due is sent once, and a sender process killed
mid-run loses nothing and sends nothing twice. The rest of the delivery rules are
tested on the fake outbox (test_delivery.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.adapters.mail.server import Hold, RecordingHandler, smtp_server
from tests.services.collection.test_delivery import (
    LATER,
    NOW,
    Factory,
    Queue,
    entry,
    keys,
    logged,
    make_queue,
    send,
)
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.bootstrap import Tijdig
from tijdig.services.collection.delivery import SendReport, settle_unconfirmed
from tijdig.services.outbox import OutboxStatus

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def uow(app: Tijdig) -> Factory:
    return lambda: SqlUnitOfWork(app.engine)


@pytest.fixture
def queue(uow: Factory) -> Queue:
    return make_queue(uow)


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as running:
        yield running


def test_everything_due_is_sent_once_and_a_second_run_sends_nothing(
    uow: Factory, queue: Queue, server: tuple[RecordingHandler, int]
) -> None:
    handler, port = server
    ids = queue(3)
    report = send(uow, port)
    assert keys(report.sent) == ["run-item-1", "run-item-2", "run-item-3"]
    assert handler.keys == ["run-item-1", "run-item-2", "run-item-3"]
    assert handler.accepted[0]["From"] == '"Acme B.V." <info@acme.nl>'
    assert logged(uow) == keys(report.sent)  # written with the "sent" mark
    assert entry(uow, ids[0]).sent_at == NOW
    again = send(uow, port, now=NOW + timedelta(days=1))
    assert again == SendReport()
    assert len(handler.accepted) == 3


def _kill_mid_run(database_url: str, port: int, hold: Hold) -> None:
    module = "tests.services.send_runner"
    runner = subprocess.Popen(
        [sys.executable, "-m", module, database_url, str(port), NOW.isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert hold.reached.wait(timeout=20), "the sender never reached the third message"
    finally:
        runner.send_signal(signal.SIGKILL)
        runner.wait(timeout=10)
        hold.release.set()


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_a_sender_killed_mid_run_loses_nothing_and_sends_nothing_twice(
    stage: str,
    database_url: str,
    uow: Factory,
    queue: Queue,
    server: tuple[RecordingHandler, int],
) -> None:
    """Killed at message 3: before it was released ("rcpt"), or after the server took
    it and before its answer was recorded ("data")."""
    handler, port = server
    ids = queue(5)
    handler.hold = Hold(stage, 3)
    _kill_mid_run(database_url, port, handler.hold)
    third = entry(uow, ids[2])
    assert third.status is (OutboxStatus.SENDING if stage == "rcpt" else OutboxStatus.UNCONFIRMED)
    early = send(uow, port, now=NOW + timedelta(minutes=1))  # the lease still holds
    assert keys(early.sent) == ["run-item-4", "run-item-5"]
    later = send(uow, port, now=LATER)
    if stage == "rcpt":
        assert keys(later.sent) == ["run-item-3"] and entry(uow, ids[2]).attempts == 2
    else:
        assert keys(later.unconfirmed) == ["run-item-3"] and later.sent == []
        settle_unconfirmed(uow, ids[2], delivered=True, now=LATER)
    assert send(uow, port, now=LATER + timedelta(days=1)) == SendReport()
    assert Counter(handler.keys) == {f"run-item-{i}": 1 for i in range(1, 6)}
    assert all(entry(uow, i).status is OutboxStatus.SENT for i in ids)
