"""Where an unexpected error's trace goes: `tijdig-errors.log` in TIJDIG_LOG_DIR, by
default the user's state folder ($XDG_STATE_HOME/tijdig, else ~/.local/state/tijdig).

The person at the terminal gets one line naming that file; `tijdig --debug` shows the
trace on screen as well. Each entry has the moment (UTC), the command line and the trace.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

from tijdig import clock

LOG_NAME = "tijdig-errors.log"


def log_dir() -> Path:
    """TIJDIG_LOG_DIR (from the environment or .env), else the user's state folder."""
    try:
        from tijdig.config import Settings

        configured = Settings().log_dir
    except Exception:  # the settings themselves may be what failed
        configured = None
    if configured is None and os.environ.get("TIJDIG_LOG_DIR"):
        configured = Path(os.environ["TIJDIG_LOG_DIR"])
    if configured is not None:
        return configured
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "tijdig"


def write_trace(error: BaseException) -> Path | None:
    """Append the error's trace to the log; the file written, or None if none could be
    (then the caller shows the trace on screen)."""
    entry = (
        f"=== {clock.now().isoformat(timespec='seconds')} {' '.join(_command_line())}\n"
        + "".join(traceback.format_exception(error))
        + "\n"
    )
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / LOG_NAME
            with path.open("a", encoding="utf-8") as log:
                log.write(entry)
        except OSError:
            continue
        return path
    return None


def _command_line() -> list[str]:
    return [Path(sys.argv[0]).name, *sys.argv[1:]] if sys.argv else []


def summary(error: BaseException) -> str:
    """`unexpected KeyError: 'x'`: the error's class and the first line of its message."""
    lines = str(error).strip().splitlines()
    return f"unexpected {type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")
