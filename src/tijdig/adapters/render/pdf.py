"""TypstPdf: letters and invoice copies compiled by typst, in-process, without network.

One `typst.Compiler` per layout is built once and reused: typst keeps the parsed layout
and the loaded fonts between documents, so a page takes a few milliseconds. The data of
each document arrives as one JSON `sys.inputs` value. Fonts: DejaVu Sans from the
system when installed, else typst's embedded Libertinus Serif; system font discovery is
switched off (it is slow and makes output depend on the machine). A `TypstPdf` is not
meant to be shared between threads: give each worker its own renderer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typst

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
SYSTEM_FONT = "DejaVu Sans"
EMBEDDED_FONT = "Libertinus Serif"


class TypstPdf:
    """Compiles `letter.typ`, `invoice.typ`, `plan_letter.typ` and `hand_over.typ` from
    `templates_dir` with JSON data."""

    def __init__(self, templates_dir: Path) -> None:
        self._dir = templates_dir
        self._fonts = [str(path) for path in FONT_DIRS if (path / "DejaVuSans.ttf").is_file()]
        self.font = SYSTEM_FONT if self._fonts else EMBEDDED_FONT
        # Each layout's compiler is made when first used and kept warm: making them all
        # (about 15 ms each) was paid by every `tijdig run` and "start run", which
        # render a plan letter only when a plan instalment was missed.
        self._compilers: dict[str, typst.Compiler] = {}

    def letter(self, data: Mapping[str, Any]) -> bytes:
        return self._compile("letter", data)

    def invoice(self, data: Mapping[str, Any]) -> bytes:
        return self._compile("invoice", data)

    def plan(self, data: Mapping[str, Any]) -> bytes:
        """A payment plan's letter (plan_letters.py)."""
        return self._compile("plan_letter", data)

    def hand_over(self, data: Mapping[str, Any]) -> bytes:
        """A hand-over file's summary (hand_over_file.py)."""
        return self._compile("hand_over", data)

    def _compile(self, layout: str, data: Mapping[str, Any]) -> bytes:
        payload = json.dumps({**data, "font": self.font}, ensure_ascii=False)
        pdf = self._compiler(layout).compile(sys_inputs={"data": payload})
        if not isinstance(pdf, bytes):  # pragma: no cover - typst returns pages for images only
            raise TypeError(f"{layout}.typ produced no single PDF")
        return pdf

    def _compiler(self, layout: str) -> typst.Compiler:
        found = self._compilers.get(layout)
        if found is None:
            found = self._compilers[layout] = typst.Compiler(
                str(self._dir / f"{layout}.typ"), font_paths=self._fonts, ignore_system_fonts=True
            )
        return found
