"""Benchmark a bank upload through the workspace against `tijdig import bank` (issue 14:
the upload finishes within 1.2x the command's median, measured in the same sitting).

    .venv/bin/python bench/upload.py                  # 1,000,000 invoices, 100,018 lines
    .venv/bin/python bench/upload.py --runs 3 --data /tmp/tijdig-bench-bank
    .venv/bin/python bench/upload.py --invoices 100000 --customers 10000 --bank-days 30

The demo data and its CAMT.053 statements are bench/bank.py's (`prepare`, fixed seed,
reused from `--data`). Each run starts from a fresh copy of the same database:
- the command: bench/bank.py's run, `tijdig import bank FILES` from process start to exit;
- the upload: a user added, a real `tijdig serve` on the copy (SQLite: its job runner is
  a child process), signed in; timed from the multipart POST of the same files to
  /imports until the job's page says it is done (polled every `POLL` seconds), as a
  browser following the job's page sees it.
Prints each run's seconds, both medians, the ratio (target at most 1.2) and the lines
booked by each path (they must agree).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx
from bank import prepare, run_once
from web import CSRF, PASSWORD, USER, server, signed_in

POLL = 0.1  # seconds between looks at the job's state
TARGET = 1.2
STATE = re.compile(r'data-state="(\w+)"')
JOB = re.compile(r"/jobs/(\d+)")


def _tijdig() -> list[str]:
    script = Path(sys.executable).with_name("tijdig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tijdig.entrypoints.cli"]


def upload_once(folder: Path, as_of: str) -> dict[str, float | int]:
    """One upload of the statements into a fresh copy of the demo database: seconds
    from the POST until the job is done, and the lines its result says it matched."""
    files = sorted((folder / "bank").glob("*.xml"))
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-upload-") as scratch:
        database = Path(scratch) / "run.db"
        shutil.copyfile(folder / "demo.db", database)
        env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
        subprocess.run([*_tijdig(), "user", "add", USER, "--role", "admin", "--password",
                        PASSWORD, "--language", "en"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        with server(database, as_of) as serving:
            client = signed_in(serving.base)
            token = CSRF.search(client.get("/imports").text)
            assert token, "no upload form"
            parts = [("bank", (p.name, p.read_bytes(), "application/xml")) for p in files]
            started = time.perf_counter()
            posted_at = time.time()
            posted = client.post("/imports", data={"csrf_token": token.group(1)}, files=parts)
            found = JOB.search(posted.headers.get("location", "") or str(posted.url))
            assert found, f"no job queued: {posted.status_code}"
            state = _wait(client, int(found.group(1)))
            elapsed = time.perf_counter() - started
        result = subprocess.run([*_tijdig(), "jobs", "show", found.group(1), "--json"],
                                env=env, check=True, capture_output=True, text=True)  # fmt: skip
        assert state == "done", f"the upload job ended {state}: {result.stdout[-2000:]}"
    shown = json.loads(result.stdout)
    queued, started, finished = (datetime.fromisoformat(shown[k]) for k in
                                 ("queued_at", "started_at", "finished_at"))  # fmt: skip
    waited, job = (started - queued).total_seconds(), (finished - started).total_seconds()
    print(f"  upload: posted {(queued.timestamp() - posted_at):.1f} s, stored and waited "
          f"{waited:.1f} s, job {job:.1f} s", flush=True)  # fmt: skip
    matched = sum(int(n) for n in re.findall(r'"matched": (\d+)', result.stdout))
    new = sum(int(n) for n in re.findall(r'"new": (\d+)', result.stdout))
    return {"seconds": elapsed, "booked": matched, "lines": new, "files": len(files)}


def _wait(client: httpx.Client, job_id: int) -> str:
    while True:
        found = STATE.search(client.get(f"/jobs/{job_id}/progress").text)
        state = found.group(1) if found else "?"
        if state in ("done", "failed"):
            return state
        time.sleep(POLL)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--bank-days", type=int, default=85,
                        help="days of payments in statements (85: 100,018 lines)")  # fmt: skip
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--runs", type=int, default=3, help="runs of each path (median shown)")
    parser.add_argument("--data", type=Path, help="folder for the demo data, kept for reuse")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tijdig-bench-data-") as scratch:
        folder = options.data or Path(scratch)
        prepare(folder, options.customers, options.invoices, options.bank_days, options.as_of)
        cli, web = [], []
        for number in range(1, options.runs + 1):  # alternated: the same load for both
            cli.append(run_once(folder))
            web.append(upload_once(folder, options.as_of))
            print(f"run {number}: command {cli[-1]['seconds']:.1f} s, "
                  f"upload {web[-1]['seconds']:.1f} s", flush=True)  # fmt: skip
    command = statistics.median(r["seconds"] for r in cli)
    upload = statistics.median(r["seconds"] for r in web)
    print(f"\n{cli[0]['files']} statements, {cli[0]['lines']:,} lines; booked automatically: "
          f"command {cli[0]['booked']:,}, upload {web[0]['booked']:,} "
          f"(upload's new lines: {web[0]['lines']:,})")  # fmt: skip
    print(f"tijdig import bank: {command:.1f} s (median of {len(cli)})")
    print(f"upload to /imports until done: {upload:.1f} s (median of {len(web)})")
    ratio = upload / command
    verdict = "within" if ratio <= TARGET else "over"
    print(f"ratio upload/command: {ratio:.2f} ({verdict} the target {TARGET})")


if __name__ == "__main__":
    main()
