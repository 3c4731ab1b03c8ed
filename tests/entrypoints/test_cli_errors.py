"""An unexpected error is one line on stderr naming the log that holds its trace;
`tijdig --debug` shows the trace on screen too. Run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TIJDIG = Path(sys.executable).parent / "tijdig"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`tijdig ARGS` on a "database" that is a text file: an error no one foresaw."""
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("These are my notes, not a database.\n" * 200)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIJDIG_")}
    env |= {"TIJDIG_DATABASE_URL": f"sqlite:///{not_a_database}",
            "TIJDIG_LOG_DIR": str(tmp_path / "logs")}  # fmt: skip
    return subprocess.run([str(TIJDIG), *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120, check=False)  # fmt: skip


def test_an_unexpected_error_is_one_line_naming_the_log(tmp_path: Path) -> None:
    result = _run(tmp_path, "customers", "--overdue")
    log = tmp_path / "logs" / "tijdig-errors.log"
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: unexpected DatabaseError: ")
    assert "file is not a database" in result.stderr
    assert f"the details are in {log}" in result.stderr
    assert "run again with --debug" in result.stderr
    written = log.read_text(encoding="utf-8")
    assert "tijdig customers --overdue" in written  # the command line
    assert "Traceback (most recent call last)" in written
    assert "file is not a database" in written


def test_debug_shows_the_trace_here(tmp_path: Path) -> None:
    result = _run(tmp_path, "--debug", "customers")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: unexpected DatabaseError")


def test_a_refusal_is_still_one_line_without_a_log(tmp_path: Path) -> None:
    result = _run(tmp_path, "calc", "costs", "100", "--country", "XX", "--consumer")
    assert result.returncode == 1
    assert result.stderr == "Error: country: 'XX': Tijdig knows NL and BE only\n"
    assert not (tmp_path / "logs").exists()
