"""Thin entry points: the CLI and the web application."""
