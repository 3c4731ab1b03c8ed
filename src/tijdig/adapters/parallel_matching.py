"""Deciding a large import's bank lines in two processes.

`tijdig import bank` builds one ledger (a million open invoices) and asks `match` of
every line; `match` only reads the ledger, so the lines can be split. A forked child
inherits the ledger as it is in memory (nothing copied up front), decides its share and
sends the decisions back through a pipe; the parent decides the rest meanwhile. The
order of the lines, and so every booking, is the same as deciding them in turn.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from multiprocessing.connection import Connection

from tijdig.adapters.importers.bank import cores
from tijdig.domain.banking import BankTransaction
from tijdig.matching.matcher import match
from tijdig.matching.model import Ledger, MatchOutcome
from tijdig.services.bank.matching import MatchAll, match_in_turn

# Below this many lines a fork costs more than it saves.
MIN_LINES = 5_000


def _child(ledger: Ledger, share: Sequence[BankTransaction], pipe: Connection) -> None:
    try:
        pipe.send(("ok", [match(tx, ledger) for tx in share]))
    except BaseException as error:  # the parent re-raises it: nothing is booked
        pipe.send(("error", repr(error)))
    finally:
        pipe.close()


def match_in_two(ledger: Ledger, transactions: Sequence[BankTransaction]) -> list[MatchOutcome]:
    """The decisions of `transactions`, in their order; the second half in a child."""
    half = len(transactions) // 2
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(ledger, transactions[half:], send))
    child.start()
    send.close()
    try:
        first = [match(tx, ledger) for tx in transactions[:half]]
        status, second = receive.recv()
    finally:
        receive.close()
        child.join()
    if status != "ok":
        raise RuntimeError(f"matching bank lines in a second process failed: {second}")
    return [*first, *second]


def best_match_all() -> MatchAll:
    """Two processes where the platform forks and there are two cores; else in turn."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    if not forks or cores() < 2:
        return match_in_turn

    def match_all(ledger: Ledger, transactions: Sequence[BankTransaction]) -> list[MatchOutcome]:
        if len(transactions) < MIN_LINES:
            return match_in_turn(ledger, transactions)
        return match_in_two(ledger, transactions)

    return match_all
