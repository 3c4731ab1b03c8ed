"""Benchmark the workspace pages and the API on the large demo data: median and 95th
percentile response time per page, over real HTTP against `tijdig serve`.

    .venv/bin/python bench/web.py                         # 1,000,000 invoices, 100,000 customers
    .venv/bin/python bench/web.py --invoices 100000 --customers 10000
    .venv/bin/python bench/web.py --database /tmp/web.db  # keep (and reuse) the database

The data is built with the real `tijdig demo-data` (fixed seed, 10 days of bank
statements imported through `tijdig import bank`, and today's `tijdig run`), a user is
added with `tijdig user add`, then the server runs in its own process; one statement is
uploaded again through /imports (imported before: nothing changes) so /jobs/{id} has a
job to show, and each page is asked `--repeat` times after one warm-up request.
Target: every page under 200 ms.

Besides the wall-clock times, each page gets the server's own CPU time per request
(read from /proc on Linux): on a shared, busy machine the wall time swings with other
load, the CPU the server spends on a page much less, so compare that between versions.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tijdig.services.read_models.lists import CUSTOMER_SORTS, INVOICE_SORTS

USER, PASSWORD = "bench", "bench-password-123"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _tijdig() -> list[str]:
    script = Path(sys.executable).with_name("tijdig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tijdig.entrypoints.cli"]


def _cli(env: dict[str, str], *args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [*_tijdig(), *args], env=env, check=True, capture_output=True, text=True, cwd=cwd
    )
    return done.stdout


def build(database: Path, customers: int, invoices: int, as_of: str) -> None:
    env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
    work = database.parent
    _cli(env, "demo-data", "--customers", str(customers), "--invoices", str(invoices),
         "--seed", "42", "--as-of", as_of, "--bank-days", "10", "--bank-dir",
         str(work / "bank"), cwd=work)  # fmt: skip
    _cli(env, "import", "bank", *map(str, sorted((work / "bank").glob("*.xml"))))
    _cli(env, "run", "--as-of", as_of)
    _cli(env, "user", "add", USER, "--role", "admin", "--password", PASSWORD, "--language", "en")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The running `tijdig serve`: its address and its process."""

    def __init__(self, base: str, pid: int) -> None:
        self.base, self.pid = base, pid

    def cpu_seconds(self) -> float | None:
        """User plus system CPU the server has used so far; None where /proc is absent."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(database: Path, as_of: str) -> Iterator[Server]:
    """`tijdig serve` on the morning of the data's day (TIJDIG_AS_OF): today's run
    made, its promises judged; on a later real day the pages would show weeks of work
    no run has seen."""
    port = _free_port()
    env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}",
           "TIJDIG_PORT": str(port), "TIJDIG_AS_OF": as_of}  # fmt: skip
    process = subprocess.Popen([*_tijdig(), "serve"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield Server(base, process.pid)
    finally:
        # Ctrl-C, not SIGTERM: `tijdig serve` stops its job runner on the first; on the
        # second uvicorn re-raises the signal and the runner is left running, orphaned.
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    found = CSRF.search(client.get("/sign-in").text)
    assert found, "no sign-in form"
    data = {"username": USER, "password": PASSWORD, "csrf_token": found.group(1)}
    assert client.post("/sign-in", data=data).status_code in (200, 303)
    return client


def _first(client: httpx.Client, pattern: str, page: str) -> str | None:
    found = re.search(pattern, client.get(page).text)
    return found.group(1) if found else None


def portal_path(database: Path, customer: str) -> str | None:
    """The customer's portal page, from the link `tijdig portal link` prints."""
    env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
    found = re.search(r"/portal/\S+", _cli(env, "portal", "link", customer))
    return found.group(0) if found else None


def pages(client: httpx.Client, database: Path) -> list[str]:
    """The pages to time; those that need an id take the first one a list page shows."""
    paths = ["/", "/customers", "/customers?overdue=1", "/customers?q=bakker", "/runs",
             "/agenda", "/agenda?order=priority", "/agenda/upcoming", "/bank", "/disputes",
             "/settings", "/imports",
             "/api/v1/customers?overdue=true", "/api/v1/invoices?limit=100",
             "/api/v1/payments?limit=100", "/api/v1/reports/aging"]  # fmt: skip
    # the settings a person edits (issue 15): policy forms, template texts
    paths += ["/settings/policies", "/settings/policies/nl_business", "/settings/templates",
              "/settings/templates/edit/nl/reminder"]  # fmt: skip
    # the lists in every order a column head offers (issue 15), and the day ahead
    paths += ["/invoices", "/invoices?state=overdue", "/invoices?state=all",
              *(f"/invoices?state={state}&sort={key}&dir={way}" for state in ("open", "all")
                for key in INVOICE_SORTS for way in ("asc", "desc")),
              *(f"/customers?sort={key}&dir=desc" for key in CUSTOMER_SORTS),
              "/customers?sort=name&dir=asc", "/agenda/upcoming?days=14"]  # fmt: skip
    # what learns from the data (issues 17-19): the forecast, risk, habits, effects, inbox
    paths += ["/forecast", "/risk", "/effects", "/inbox", "/contacts/quality",
              "/api/v1/forecast"]  # fmt: skip
    customer = _first(client, r'href="(?:https?://[^/"]+)?/customers/([^"?/]+)', "/customers")
    if customer:
        paths.append(f"/customers/{customer}")
        portal = portal_path(database, customer)
        if portal:
            paths.append(portal)
    run = _first(client, r'href="(?:https?://[^/"]+)?/runs/(\d+)', "/runs")
    if run:
        paths.append(f"/runs/{run}")
    job = _first(client, r'href="(?:https?://[^/"]+)?/jobs/(\d+)', "/imports")
    if job:  # an import job's page and the part of it htmx polls
        paths += [f"/jobs/{job}", f"/jobs/{job}/progress"]
    return paths


def import_job(client: httpx.Client, database: Path) -> None:
    """An import job for /jobs/{id} to show, unless /imports lists one: one of the bank
    statements the data was built with, uploaded again (imported before: nothing
    changes), waited for until done."""
    page = client.get("/imports").text
    statements = sorted((database.parent / "bank").glob("*.xml"))[:1]
    token = CSRF.search(page)
    if re.search(r"/jobs/\d+", page) or not statements or token is None:
        return
    files = [("bank", (p.name, p.read_bytes(), "application/xml")) for p in statements]
    posted = client.post("/imports", data={"csrf_token": token.group(1)}, files=files)
    job = re.search(r"/jobs/(\d+)", posted.headers.get("location", ""))
    for _ in range(600):
        if job is None or 'data-state="done"' in client.get(f"{job.group(0)}/progress").text:
            return
        time.sleep(0.1)


def measure(
    client: httpx.Client, path: str, repeat: int, serving: Server
) -> tuple[int, list[float], float | None]:
    """Status, wall times (ms) and the server's CPU ms per request over `repeat` asks."""
    status = client.get(path).status_code  # warm-up
    times = []
    cpu_before = serving.cpu_seconds()
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    cpu_after = serving.cpu_seconds()
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return status, times, None if cpu is None else cpu * 1000 / repeat


def report(
    client: httpx.Client, database: Path, repeat: int, serving: Server, only: str | None = None
) -> None:
    print(f"{'page':<48} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7}")
    worst = 0.0
    for path in pages(client, database):
        if only and only not in path:
            continue
        status, times, cpu = measure(client, path, repeat, serving)
        median = statistics.median(times)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        if status == 200:
            worst = max(worst, median)
        shown = path if len(path) <= 48 else path[:45] + "..."
        cpu_shown = "-" if cpu is None else f"{cpu:.1f}"
        print(f"{shown:<48} {status:>6} {median:>10.1f} {p95:>8.1f} {cpu_shown:>7}")
    print(f"slowest median of the pages that answered 200: {worst:.1f} ms (target 200 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", type=Path, help="keep the data here; reused if it exists")
    parser.add_argument("--only", help="time only the pages whose path contains this")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-web-") as folder:
        database = options.database or Path(folder) / "demo.db"
        if not database.exists():
            started = time.perf_counter()
            build(database.resolve(), options.customers, options.invoices, options.as_of)
            print(f"demo data built in {time.perf_counter() - started:.0f} s")
        with server(database.resolve(), options.as_of) as serving:
            client = signed_in(serving.base)
            import_job(client, database.resolve())
            report(client, database.resolve(), options.repeat, serving, options.only)


if __name__ == "__main__":
    main()
