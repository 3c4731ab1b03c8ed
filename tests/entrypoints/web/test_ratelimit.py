"""The sliding window that limits failed sign-ins and bad portal links."""

from __future__ import annotations

from tijdig.entrypoints.web.ratelimit import SlidingWindow


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_blocks_within_the_window_and_frees_after_it() -> None:
    clock = Clock()
    window = SlidingWindow(3, 60, clock=clock)
    for _ in range(3):
        assert not window.blocked("1.2.3.4")
        window.hit("1.2.3.4")
        clock.now += 10
    assert window.blocked("1.2.3.4")
    assert not window.blocked("5.6.7.8")  # per address
    assert window.retry_after("1.2.3.4") == 31
    clock.now += 31
    assert not window.blocked("1.2.3.4")  # the first hit left the window
