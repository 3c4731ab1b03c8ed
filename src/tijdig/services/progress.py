"""How long work says how far it is: `progress(done, total)` after each step.

The loops of a long use case (sending, one message at a time) accept an optional
`Progress`; the CLI draws a Rich bar with it, a background job stores it in its record
(services/background.py) so a page or `tijdig jobs show` can follow along.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """A `Progress` that reports nowhere."""
