"""Letters for the post, delivered to a print queue: a folder per letter.

Each letter becomes `<folder>/<key>/` holding the letter PDF first (`1-letter.pdf`)
and then its attachments (invoice copies), ready for a print-and-post service. The
folder is written under a temporary name, released, then renamed into place: the
rename is the delivery, and an existing folder means the letter went already.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from tijdig.services.outbox import OutgoingMessage, Release

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class FolderPrinter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, key: str) -> Path:
        return self.folder / _UNSAFE.sub("_", key)

    def send(self, message: OutgoingMessage, *, release: Release) -> str:
        """Deliver to the print queue; the batch (its folder) is the evidence kept."""
        target = self.path_for(message.key)
        if target.exists():
            release()  # printed by an earlier run: just record it
            return f"print batch {target.name}"
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        try:
            self._write(temporary, message)
            release()
            temporary.replace(target)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        return f"print batch {target.name}"

    @staticmethod
    def _write(folder: Path, message: OutgoingMessage) -> None:
        (folder / "0-address.txt").write_text(f"{message.recipient}\n", encoding="utf-8")
        for n, item in enumerate(message.attachments, start=1):
            name = _UNSAFE.sub("_", item.filename)
            (folder / f"{n}-{name}").write_bytes(item.content)
