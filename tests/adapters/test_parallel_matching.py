"""Deciding bank lines in two processes gives exactly the decisions made in turn."""

from __future__ import annotations

import multiprocessing

import pytest

from tests.matching.labelled import lines, world
from tijdig.adapters import parallel_matching
from tijdig.adapters.parallel_matching import best_match_all, match_in_two
from tijdig.matching import Ledger
from tijdig.services.bank.matching import match_in_turn

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (Linux)"
)


def test_two_processes_decide_as_one_does() -> None:
    w = world(11, customers=800, invoices=6_000)
    ledger = Ledger.build(w.items, w.customers, ibans=w.ibans, paid=w.paid)
    transactions = [case.tx for case in lines(w, 12, 1_500)]
    assert match_in_two(ledger, transactions) == match_in_turn(ledger, transactions)


def test_small_imports_are_decided_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(11, customers=50, invoices=300)
    ledger = Ledger.build(w.items, w.customers, ibans=w.ibans, paid=w.paid)
    transactions = [case.tx for case in lines(w, 13, 40)]

    def no_fork(*_args: object) -> list[object]:
        raise AssertionError("forked for 40 lines")

    monkeypatch.setattr(parallel_matching, "match_in_two", no_fork)
    assert best_match_all()(ledger, transactions) == match_in_turn(ledger, transactions)
