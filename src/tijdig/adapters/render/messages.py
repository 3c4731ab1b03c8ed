"""MessageRenderer: a proposal rendered as an e-mail, a letter PDF or an SMS text.

E-mail: subject, plain text and autoescaped HTML; the HTML shows the EPC QR code as an
inline image (`cid:` + `QR_CONTENT_ID`), carried as an attachment with that content id
(data URIs are blocked by Gmail and Outlook). Letter: the same, plus `letter_pdf`, the
letter alone; the invoice copies travel as separate PDF attachments, so a stored
original stays byte for byte as it was sent (print them after the letter). Every
message but an SMS carries a copy of each invoice listed (S3-9): the stored PDF when
there is one, else a copy drawn up from the invoice data. SMS: a short text only.
`hand_over` is an internal summary (text, and the same text as HTML), never a letter.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from tijdig.adapters.render.documents import invoice_copy_data, letter_data
from tijdig.adapters.render.epc import epc_png
from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.pdf import TypstPdf
from tijdig.adapters.render.stated import stated_elements
from tijdig.adapters.render.values import build_values
from tijdig.adapters.render.view import Labels, invoices_by_number
from tijdig.domain.collection.policy import Policy, StepChannel
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.engine.message import OpenClaim
from tijdig.engine.model import Proposal
from tijdig.services.records.case_ports import DisputeCase

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATES = (
    "reminder_friendly", "reminder", "formal_demand", "notice_of_default",
    "nl_14_day_letter", "be_first_reminder", "hand_over",
)  # fmt: skip
QR_CONTENT_ID = "epc-qr"
BLOCKS = ("subject", "intro", "next_steps")  # what every message template fills in
PDF = "application/pdf"


@dataclass(frozen=True)
class MessageContext:
    """Everything one message shows. `policy` (optional) lets the escalation level and
    the payment term follow the policy's steps; `descriptions` names what was sold per
    invoice number (a BE first reminder must say it; else the invoice copy says it);
    `claims` are the costs and interest claimed earlier and still open per invoice:
    shown under it and counted in the totals and the amount to pay (art. 6:44 BW)."""

    company: Company
    customer: Customer
    proposal: Proposal
    invoices: tuple[Invoice, ...]
    invoice_pdfs: Mapping[str, bytes]
    as_of: date
    portal_url: str | None = None
    recipient_name: str | None = None
    policy: Policy | None = None
    descriptions: Mapping[str, str] = field(default_factory=dict)
    claims: tuple[OpenClaim, ...] = ()
    disputes: tuple[DisputeCase, ...] = ()  # a hand-over's: its invoices' disputes
    # The company's own wording of the step's template in the customer's language (the
    # whole .j2 text), rendered in a sandbox; None: the shipped template.
    template_text: str | None = None


@dataclass(frozen=True)
class Attachment:
    filename: str
    mime_type: str
    content: bytes
    content_id: str | None = None  # set: an inline image the HTML shows as cid:<content_id>


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    letter_pdf: bytes | None
    attachments: tuple[Attachment, ...]
    language: str
    # How the elements the letter rules ask for read here (stated.py).
    stated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def html_paragraphs(value: str) -> Markup:
    """Escaped text to <p> paragraphs, single newlines to <br> (the input is escaped)."""
    text = str(escape(value))
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("".join(f"<p>{p.replace(chr(10), '<br>')}</p>\n" for p in parts))


@lru_cache(maxsize=8)
def read_labels(templates_dir: Path, language: str) -> dict[str, Any]:
    with (templates_dir / language / "labels.toml").open("rb") as file:
        return tomllib.load(file)


def _environment(templates_dir: Path, *, html: bool, sandboxed: bool = False) -> Environment:
    """The shipped templates' environment; `sandboxed` for a company's own wording, typed
    in the workspace: it may read the values it is given and call nothing unsafe."""
    kind = ImmutableSandboxedEnvironment if sandboxed else Environment
    env = kind(
        loader=FileSystemLoader(str(templates_dir)), autoescape=html, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, auto_reload=False,
    )  # fmt: skip
    env.filters["paragraphs"] = html_paragraphs
    return env


def subject_numbers(values: dict[str, Any], labels: Labels, formats: Formats) -> dict[str, str]:
    """`numbers` and `covered_numbers` as a subject names them: a few, then how many
    more. A language without the words (`more_numbers`) says `+92`."""
    more = str(labels.get("more_numbers", "+{count}"))
    invoices = [line.number for line in values["lines"] if not line.is_credit]
    covered = [line.number for line in values["covered"]]
    return {
        "numbers": formats.join_capped(invoices, more=more),
        "covered_numbers": formats.join_capped(covered, more=more),
    }


def safe_filename(prefix: str, number: str) -> str:
    return f"{prefix}-{re.sub(r'[^0-9A-Za-z._-]+', '_', number)}.pdf"


class MessageRenderer:
    """Renders proposals; build one per worker and reuse it (templates and typst stay
    compiled)."""

    def __init__(self, *, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR
        self._text = _environment(self._dir, html=False)
        self._html = _environment(self._dir, html=True)
        self._pdf = TypstPdf(self._dir)
        self._own = {html: _environment(self._dir, html=html, sandboxed=True)
                     for html in (False, True)}  # fmt: skip
        self._compiled: dict[tuple[bool, str], Template] = {}

    def _template(self, ctx: MessageContext, name: str, *, html: bool) -> Template:
        """The step's template: the company's own wording when it has one (compiled once
        per text: a send run renders it for every customer), else the shipped one."""
        if ctx.template_text is None:
            return (self._html if html else self._text).get_template(name)
        key = (html, ctx.template_text)
        if key not in self._compiled:
            if len(self._compiled) > 64:
                self._compiled.clear()
            self._compiled[key] = self._own[html].from_string(ctx.template_text)
        return self._compiled[key]

    def render(self, ctx: MessageContext) -> RenderedMessage:
        step = ctx.proposal.step
        if step.channel is StepChannel.CALL:
            raise RuleViolation(f"step {step.key} is a call: a call is a task, not a message")
        if not ctx.proposal.lines:
            raise RuleViolation("a message needs at least one invoice line")
        if step.template not in TEMPLATES:
            raise RuleViolation(f"no message template {step.template!r}")
        language = ctx.customer.language.value
        labels = read_labels(self._dir, language)
        formats = Formats(locale_for(ctx.customer), conjunction=str(labels["and"]))
        values = build_values(ctx, labels, formats)
        if step.channel is StepChannel.SMS:
            return self._sms(values, language)
        try:
            rendered = self._full(ctx, values, labels, formats)
        except TemplateError as error:
            if ctx.template_text is None:
                raise
            line = getattr(error, "lineno", None) or 0
            problem = error.message or type(error).__name__
            raise RuleViolation(Refusal.TEMPLATE_UNREADABLE, line=line, problem=problem) from error
        return replace(rendered, stated=stated_elements(values))

    def _sms(self, values: dict[str, Any], language: str) -> RenderedMessage:
        text = self._text.get_template(f"{language}/sms.j2").render(values).strip()
        return RenderedMessage("", text, "", None, (), language)

    def _full(
        self, ctx: MessageContext, values: dict[str, Any], labels: Labels, formats: Formats
    ) -> RenderedMessage:
        language, step = values["language"], ctx.proposal.step
        name = f"{language}/{step.template}.j2"
        blocks = self._blocks(self._template(ctx, name, html=False), values,
                              subject_numbers(values, labels, formats))  # fmt: skip
        copies = self._copies(ctx, labels, formats, values["footer_line"])
        values |= {"subject": blocks["subject"], "attachments": bool(copies)}
        values["qr_cid"] = QR_CONTENT_ID
        text = self._template(ctx, name, html=False).render(values, layout="layout.txt.j2")
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        if step.template == "hand_over":
            html = f"<pre>{escape(text)}</pre>"
            return RenderedMessage(blocks["subject"], text, html, None, copies, language)
        html = self._template(ctx, name, html=True).render(values, layout="layout.html.j2")
        if step.channel is StepChannel.LETTER:  # the QR is in the PDF; the HTML is a preview
            letter = self._pdf.letter(letter_data(ctx, values, blocks, labels))
            return RenderedMessage(blocks["subject"], text, html, letter, copies, language)
        attachments = (*self._qr_attachment(values, labels), *copies)
        return RenderedMessage(blocks["subject"], text, html, None, attachments, language)

    def _blocks(
        self, template: Template, values: dict[str, Any], capped: dict[str, str]
    ) -> dict[str, str]:
        """The content blocks alone, as plain text (for the subject and the letter); the
        subject with its invoice numbers `capped`, whatever the language's template; a
        company's own wording without one of them is refused."""
        for block in BLOCKS:
            if block not in template.blocks:
                raise RuleViolation(Refusal.TEMPLATE_NEEDS_BLOCK, block=block)
        context = template.new_context({**values, "layout": "layout.txt.j2"})
        short = template.new_context({**values, **capped, "layout": "layout.txt.j2"})
        return {
            block: "".join(template.blocks[block](short if block == "subject" else context)).strip()
            for block in BLOCKS
        }

    def _qr_attachment(self, values: dict[str, Any], labels: Labels) -> tuple[Attachment, ...]:
        payment = values["payment"]
        if payment is None or payment.transfer is None:
            return ()
        png = epc_png(payment.transfer)
        return (Attachment(f"{labels['qr_file']}.png", "image/png", png, QR_CONTENT_ID),)

    def _copies(
        self, ctx: MessageContext, labels: Labels, formats: Formats, footer: str
    ) -> tuple[Attachment, ...]:
        """A copy of each invoice listed: the stored PDF, else one drawn up from its data."""
        invoices = invoices_by_number(ctx.invoices)
        copies = []
        for line in ctx.proposal.lines:
            number = line.invoice_number
            prefix = labels["file_credit" if line.kind == "credit_note" else "file_invoice"]
            stored = ctx.invoice_pdfs.get(number)
            if stored is None and number not in invoices:
                raise RuleViolation(f"no copy of invoice {number}: give its data or its PDF")
            if stored is None:
                data = invoice_copy_data(invoices[number], ctx, labels, formats, footer)
                stored = self._pdf.invoice(data)
            copies.append(Attachment(safe_filename(prefix, number), PDF, stored))
        return tuple(copies)
