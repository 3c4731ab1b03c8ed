"""The default SMS provider: it sends nothing, but logs each message and appends it, as
one JSON line, to a file."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from tijdig.services.outbox import OutgoingMessage, Release

log = logging.getLogger(__name__)


class LoggingSms:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path

    def send(self, message: OutgoingMessage, *, release: Release) -> None:
        release()
        log.info("SMS to %s [%s]: %s", message.recipient, message.key, message.text)
        if self.path is None:
            return
        line = json.dumps(
            {"key": message.key, "to": message.recipient, "text": message.text},
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
