"""The message templates Tijdig ships, as a company may word them itself: every
template of a message to a customer (not the internal hand-over summary), per language,
as the .j2 text the renderer reads."""

from __future__ import annotations

from pathlib import Path

from tijdig.adapters.render.messages import TEMPLATES, TEMPLATES_DIR

EDITABLE = tuple(name for name in TEMPLATES if name != "hand_over")


class ShippedTemplateFiles:
    def __init__(self, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR

    def names(self) -> tuple[str, ...]:
        return EDITABLE

    def text(self, language: str, template: str) -> str:
        return (self._dir / language / f"{template}.j2").read_text(encoding="utf-8")
