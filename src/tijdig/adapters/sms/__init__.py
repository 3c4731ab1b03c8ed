"""SMS providers behind the `SmsSender` port; `LoggingSms`, the default, only logs."""

from __future__ import annotations

from .logging_sms import LoggingSms

__all__ = ["LoggingSms"]
