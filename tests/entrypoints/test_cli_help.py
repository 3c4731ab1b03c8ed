"""The CLI's help speaks to its user: no requirement code such as "(S0-5)" in any
command's or option's help (those are for the team, in code and docs)."""

from __future__ import annotations

import re
from typing import Any

from tijdig.entrypoints.cli.app import COMMANDS, load_command

REQUIREMENT = re.compile(r"\bS\d-\d")


def _texts(command: Any, path: str) -> list[tuple[str, str]]:
    found = [(path, command.help or ""), (path, command.short_help or "")]
    found += [(f"{path} {p.name}", getattr(p, "help", None) or "") for p in command.params]
    for name, sub in (getattr(command, "commands", None) or {}).items():  # a group's commands
        found += _texts(sub, f"{path} {name}")
    return found


def test_no_help_text_cites_a_requirement_code() -> None:
    texts = [text for name, entry in COMMANDS.items()
             for text in _texts(load_command(name, entry), name)]  # fmt: skip
    assert len(texts) > 300  # every command and option was reached
    cited = [f"{where}: {text}" for where, text in texts if REQUIREMENT.search(text)]
    assert not cited, "\n".join(cited)
