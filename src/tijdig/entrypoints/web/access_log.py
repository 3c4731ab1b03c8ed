"""What `tijdig serve` logs: uvicorn's own lines, with every debtor-portal token masked.

A portal link is the debtor's key to their page (no account, no password): a log file
that keeps the links would hand the pages to whoever reads it. Every record of the
access and error logs passes `MaskPortalTokens`, which writes `/portal/***` instead.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

PORTAL_TOKEN = re.compile(r"(/portal/)[^/?#\s\"]+")
MASK = r"\1***"


def mask_tokens(text: str) -> str:
    """`/portal/<token>/invoices/3/pay` -> `/portal/***/invoices/3/pay`."""
    return PORTAL_TOKEN.sub(MASK, text)


class MaskPortalTokens(logging.Filter):
    """Masks portal tokens in a record's message and in its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_tokens(a) if isinstance(a, str) else a for a in record.args)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with the mask on both of its handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["mask_portal_tokens"] = {"()": MaskPortalTokens}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("mask_portal_tokens")
    return config
