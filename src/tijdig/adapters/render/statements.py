"""The statement of account sent on request (services/records/statements.py's
`StatementLetters`), as an e-mail in text and HTML in the customer's language and
formats: the fixed sentences are the blocks of `templates/<lang>/statement.j2`
(subject, intro, closing); the table's headings, the salutation, closing and footer
are the shared labels. Nothing here sends, stores or reads the clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.messages import TEMPLATES_DIR, read_labels
from tijdig.adapters.render.plan_letters import footer
from tijdig.domain.collection.statements import StatementOfAccount
from tijdig.domain.parties import Company, Customer
from tijdig.services.records.case_ports import RenderedMessage

BLOCKS = ("subject", "intro", "closing")
TEMPLATE = "statement.j2"
COLUMNS = ("invoice_number", "invoice_date", "due_date", "days_overdue", "open_amount")


class StatementRenderer:
    """Renders a statement of account; reusable across messages."""

    def __init__(self, *, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR
        self._env = Environment(
            loader=FileSystemLoader(str(self._dir)), undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, auto_reload=False,
        )  # fmt: skip

    def render(
        self, statement: StatementOfAccount, *, company: Company, customer: Customer
    ) -> RenderedMessage:
        language = customer.language.value
        labels = read_labels(self._dir, language)
        formats = Formats(locale_for(customer), conjunction=str(labels["and"]))
        blocks = self._blocks(f"{language}/{TEMPLATE}", {"on": formats.long_date(statement.on)})
        rows = _rows(statement, formats, labels)
        totals = [(str(labels["total"]), formats.money(amount, currency))
                  for currency, amount in statement.totals()]  # fmt: skip
        contact = " · ".join(x for x in (company.email, company.phone) if x)
        after = [blocks["closing"], f"{labels['contact']} {contact}" if contact else "",
                 f"{labels['regards']}\n{company.name}", footer(company, labels)]  # fmt: skip
        head = f"{labels['our_reference']}: {customer.number} · {formats.long_date(statement.on)}"
        heads = [str(labels[c]) for c in COLUMNS]
        before = [str(labels["salutation"]), blocks["intro"]]
        return RenderedMessage(
            subject=blocks["subject"],
            text=_text(head, before, heads, rows, totals, [p for p in after if p]),
            html=_html(blocks["subject"], head, before, heads, rows, totals,
                       [p for p in after if p], language),
        )  # fmt: skip

    def _blocks(self, name: str, values: dict[str, Any]) -> dict[str, str]:
        template = self._env.get_template(name)
        context = template.new_context(values)
        return {b: "".join(template.blocks[b](context)).strip() for b in BLOCKS}


def _rows(statement: StatementOfAccount, formats: Formats, labels: Any) -> list[list[str]]:
    credit = str(labels["stages"]["credit_note"])
    return [
        [f"{line.number} ({credit})" if line.is_credit else line.number,
         formats.short_date(line.issue_date), formats.short_date(line.due_date),
         str(line.days_overdue) if line.days_overdue else "",
         formats.money(line.open_amount, line.currency)]
        for line in statement.lines
    ]  # fmt: skip


def _text(
    head: str, before: list[str], heads: list[str], rows: list[list[str]],
    totals: list[tuple[str, str]], after: list[str],
) -> str:  # fmt: skip
    table = [" | ".join(heads), *(" | ".join(row) for row in rows),
             *(f"{label}: {amount}" for label, amount in totals)]  # fmt: skip
    return "\n\n".join([head, *before, "\n".join(table), *after]) + "\n"


def _html(
    subject: str, head: str, before: list[str], heads: list[str], rows: list[list[str]],
    totals: list[tuple[str, str]], after: list[str], language: str,
) -> str:  # fmt: skip
    """The HTML e-mail: every value escaped, inline styles only."""
    cell = 'style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;"'
    thead = "".join(f"<th {cell}>{escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td {cell}>{escape(v)}</td>" for v in row) + "</tr>"
                   for row in rows)  # fmt: skip
    foot = "".join(f'<tr><th colspan="{len(heads) - 1}" {cell}>{escape(label)}</th>'
                   f"<td {cell}><strong>{escape(amount)}</strong></td></tr>"
                   for label, amount in totals)  # fmt: skip
    table = (f'<table style="border-collapse:collapse;margin:12px 0;"><thead><tr>{thead}'
             f"</tr></thead><tbody>{body}</tbody><tfoot>{foot}</tfoot></table>")  # fmt: skip

    def paragraphs(parts: list[str]) -> str:
        return "".join(f"<p>{str(escape(p)).replace(chr(10), '<br>')}</p>" for p in parts)

    return (
        f"<!DOCTYPE html><html lang=\"{escape(language)}\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(subject)}</title></head>"
        "<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;\">"
        f"<div style=\"max-width:680px;margin:0 auto;padding:16px 24px;\">"
        f"<p style=\"font-size:12px;color:#555;\">{escape(head)}</p>{paragraphs(before)}"
        f"{table}{paragraphs(after)}</div></body></html>"
    )  # fmt: skip
