"""The `tijdig` command line: Typer commands, one module per group."""

from tijdig.entrypoints.cli.app import main

__all__ = ["main"]
