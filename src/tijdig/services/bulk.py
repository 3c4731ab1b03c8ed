"""Running large bulk work (a bank import against a large ledger, the demo generator)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while bulk work makes millions of small objects:
    they hold no cycles, and the collector, run again and again over all of them, finds
    nothing (it took half the time of building a 1,000,000-invoice ledger, a third of
    the demo generator's). What little cyclic garbage the work leaves is collected
    after it. Used by `tijdig import bank`, the upload job's bank import and the demo."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
