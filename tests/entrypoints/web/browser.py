"""What the browser tests share: the real app under uvicorn in a thread, Chromium, and a
job runner beside the app (the loop `tijdig serve`'s SQLite runner runs, in this process,
so a test's patched clock holds for the jobs too)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from playwright.sync_api import Browser, sync_playwright

from tijdig import clock
from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.background import do_job
from tijdig.services.background import next_job

from .test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS


@contextmanager
def served(asgi: Any) -> Iterator[str]:
    """`asgi` under uvicorn on a free loopback port; its base URL."""
    config = uvicorn.Config(asgi, log_config=None, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@contextmanager
def job_runner(app: Tijdig) -> Iterator[None]:
    """A thread doing the queued jobs as they come, until the block ends."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            job_id = next_job(app.jobs(), at=clock.now())
            if job_id is None:
                stop.wait(0.2)
            else:
                do_job(app, job_id)

    working = threading.Thread(target=run, name="test-job-runner", daemon=True)
    working.start()
    try:
        yield
    finally:
        stop.set()
        working.join(timeout=30)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
