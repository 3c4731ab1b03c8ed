"""Security headers, on every response the app sends (an ASGI middleware).

- `X-Content-Type-Options: nosniff` everywhere: a file is what its type says.
- No page may be framed by another site (`frame-ancestors 'none'`, and X-Frame-Options
  for old browsers): the workspace, the sign-in page and the debtor portal alike.
- One Content-Security-Policy for every page: scripts and styles only from our own
  /static (no inline script, no eval: htmx is told not to add its style or eval),
  images also as data: (inline QR codes), frames, <object> (the letter PDF), forms and
  requests only to ourselves.
- `Referrer-Policy: same-origin`: workspace addresses (customer numbers, companies)
  never go to another site. The portal sends none at all (`NO_TRACE` in ui/portal.py).

A response that set its own header keeps it: the run preview's e-mail and letter,
which the workspace shows in a frame of its own, are framed only by the workspace
(`framed_html`, `FRAMED_FILE`).
"""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'self'",
        "frame-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# An e-mail shown in the workspace's sandboxed frame: no scripts, nothing from outside
# (inline images come as data: addresses), its own inline styles; framed by us only.
FRAMED_POLICY = (
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "frame-ancestors 'self'"
)
FRAMED_FILE = {"Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"}

DEFAULTS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", PAGE_POLICY),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
)


def framed_html(html: str) -> HTMLResponse:
    """An e-mail's HTML for the workspace's preview frame."""
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": FRAMED_POLICY,
            "X-Frame-Options": "SAMEORIGIN",
            "Cache-Control": "no-store",
        },
    )


class SecurityHeaders:
    """Adds each of `DEFAULTS` to a response that did not set it itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in DEFAULTS:
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
