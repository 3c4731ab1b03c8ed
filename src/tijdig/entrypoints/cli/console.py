"""The one Rich console the CLI prints to."""

from __future__ import annotations

import os
import sys

from rich.console import Console

# Piped output is read by people and scripts alike: don't squeeze tables into 80 columns.
console = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160)
