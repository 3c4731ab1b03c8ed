"""`tijdig serve` as a real process on a free port: what it logs and what it says."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TIJDIG = Path(sys.executable).parent / "tijdig"
TOKEN = "WzEsMV0.c2VjcmV0LXRva2Vu.Zm9yZ2VkLWJ1dC1zZWNyZXQ"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Served:
    base_url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def stop(self) -> str:
        """Stop the server as Ctrl-C does; everything it wrote."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=30)
        return out


@contextmanager
def serving(folder: Path, *args: str, **env: str) -> Iterator[Served]:
    """`tijdig serve` on a free port, in `folder` (so no .env of the project is read),
    with an SQLite database of its own; stopped at the end."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIJDIG_")}
    environment |= {"TIJDIG_DATABASE_URL": f"sqlite:///{folder / 'serve.db'}",
                    "TIJDIG_PORT": str(port), "PYTHONUNBUFFERED": "1", **env}  # fmt: skip
    process = subprocess.Popen(
        [str(TIJDIG), "serve", *args], cwd=folder, env=environment, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        _wait_for(served)
        yield served
    finally:
        if process.poll() is None:
            served.stop()


def _wait_for(served: Served, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise AssertionError(f"tijdig serve ended: {served.stop()}")
        try:
            httpx.get(f"{served.base_url}/health", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("tijdig serve did not answer in time")


def test_the_access_log_masks_portal_tokens(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        page = httpx.get(f"{served.base_url}/portal/{TOKEN}")
        pay = httpx.get(f"{served.base_url}/portal/{TOKEN}/invoices/7/pay?lang=nl")
        assert page.status_code == pay.status_code == 404
        log = served.stop()
    assert TOKEN not in log
    assert "c2VjcmV0" not in log  # not a part of it either
    assert '"GET /portal/*** HTTP/1.1" 404' in log
    assert '"GET /portal/***/invoices/7/pay?lang=nl HTTP/1.1" 404' in log
    assert '"GET /health HTTP/1.1" 200' in log  # the rest of the log is as it was


def test_serve_says_where_it_runs_and_where_links_point(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        said = served.stop()
    port = served.base_url.rsplit(":", 1)[1]
    assert f"Tijdig runs on http://127.0.0.1:{port}" in said
    assert f"links in messages start with http://127.0.0.1:{port}" in said
    assert "Warning" not in said


def test_serve_on_every_address_warns_about_the_links(tmp_path: Path) -> None:
    with serving(tmp_path, TIJDIG_HOST="0.0.0.0") as served:
        said = served.stop()
    assert "Warning" in said and "TIJDIG_PUBLIC_URL" in said
