"""The explanation of a dispute rejected (services/records/case_ports.py's
`DisputeLetters`), as an e-mail in text and HTML in the customer's language.

The fixed sentences are the blocks of `templates/<lang>/dispute_rejected.j2` (subject,
intro, consequence); the explanation between them is the credit controller's own
words, sent as written (escaped in the HTML). The salutation, closing and footer are
the shared labels. Nothing here sends, stores or reads the clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.messages import TEMPLATES_DIR, read_labels
from tijdig.adapters.render.plan_letters import footer
from tijdig.domain.parties import Company, Customer
from tijdig.services.records.case_ports import Rejection, RenderedMessage

BLOCKS = ("subject", "intro", "consequence")
TEMPLATE = "dispute_rejected.j2"


class DisputeLetterRenderer:
    """Renders the explanation of a rejected dispute; reusable across messages."""

    def __init__(self, *, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR
        self._env = Environment(
            loader=FileSystemLoader(str(self._dir)), undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, auto_reload=False,
        )  # fmt: skip

    def render(
        self, rejection: Rejection, *, company: Company, customer: Customer
    ) -> RenderedMessage:
        language = customer.language.value
        labels = read_labels(self._dir, language)
        formats = Formats(locale_for(customer), conjunction=str(labels["and"]))
        values = {"invoice": rejection.invoice_number,
                  "opened_on": formats.long_date(rejection.opened_on)}  # fmt: skip
        blocks = self._blocks(f"{language}/{TEMPLATE}", values)
        contact = " · ".join(x for x in (company.email, company.phone) if x)
        parts = [
            str(labels["salutation"]), blocks["intro"], rejection.explanation,
            blocks["consequence"], f"{labels['contact']} {contact}" if contact else "",
            f"{labels['regards']}\n{company.name}", footer(company, labels),
        ]  # fmt: skip
        shown = [p for p in parts if p]
        written = formats.long_date(rejection.written_on)
        head = f"{labels['our_reference']}: {customer.number} · {written}"
        return RenderedMessage(
            subject=blocks["subject"],
            text="\n\n".join([head, *shown]) + "\n",
            html=_html(blocks["subject"], head, shown, language),
        )

    def _blocks(self, name: str, values: dict[str, Any]) -> dict[str, str]:
        template = self._env.get_template(name)
        context = template.new_context(values)
        return {b: "".join(template.blocks[b](context)).strip() for b in BLOCKS}


def _html(subject: str, head: str, parts: list[str], language: str) -> str:
    """The HTML e-mail: every part escaped, line breaks kept, inline styles only."""
    body = "".join(f"<p>{str(escape(p)).replace(chr(10), '<br>')}</p>" for p in parts)
    return (
        f"<!DOCTYPE html><html lang=\"{escape(language)}\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(subject)}</title></head>"
        "<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;\">"
        f"<div style=\"max-width:680px;margin:0 auto;padding:16px 24px;\">"
        f"<p style=\"font-size:12px;color:#555;\">{escape(head)}</p>{body}</div></body></html>"
    )  # fmt: skip
