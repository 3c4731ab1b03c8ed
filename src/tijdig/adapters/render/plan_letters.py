"""The letters about a payment plan (services/plans/letters.py's `PlanLetters`): its
confirmation and the reminder of a missed plan instalment, as an e-mail (text and HTML)
and a letter PDF (`plan_letter.typ`).

The sentences are the blocks of `templates/<lang>/plan_confirmation.j2` and
`plan_missed_instalment.j2` (subject, intro, terms, consequence); every other word is
in `labels.toml` under `[plan_letters]` and the shared labels. Amounts and dates are
formatted for the customer's locale with Babel, the references grouped as printed, for
the creditor's country. Nothing here sends, stores or reads the clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from tijdig.adapters.render.claim_words import registration_label
from tijdig.adapters.render.documents import address_lines, paragraphs
from tijdig.adapters.render.formatting import (
    Formats,
    format_iban,
    format_payment_reference,
    locale_for,
)
from tijdig.adapters.render.messages import TEMPLATES_DIR, read_labels, safe_filename
from tijdig.adapters.render.pdf import TypstPdf
from tijdig.adapters.render.view import Labels
from tijdig.domain.collection.plan_letters import PlanLetter, ScheduledPart
from tijdig.domain.parties import Company, Customer
from tijdig.services.plans.letters import RenderedLetter

BLOCKS = ("subject", "intro", "terms", "consequence")
Table = dict[str, Any]  # {"title": str, "head": [str], "rows": [[str]], "align": [str]}


class PlanLetterRenderer:
    """Renders plan letters; build one per worker and reuse it (templates and typst stay
    compiled)."""

    def __init__(self, *, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR
        self._env = Environment(
            loader=FileSystemLoader(str(self._dir)), undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, auto_reload=False,
        )  # fmt: skip
        self._pdf = TypstPdf(self._dir)

    def render(self, letter: PlanLetter, *, company: Company, customer: Customer) -> RenderedLetter:
        language = customer.language.value
        labels = read_labels(self._dir, language)
        formats = Formats(locale_for(customer), conjunction=str(labels["and"]))
        words: Labels = labels["plan_letters"]
        blocks = self._blocks(f"{language}/{letter.kind.value}.j2",
                              values(letter, company, words, formats))  # fmt: skip
        data = letter_data(letter, company, customer, blocks, labels, formats)
        return RenderedLetter(
            subject=blocks["subject"], text=as_text(data), html=as_html(data, language),
            pdf=self._pdf.plan(data),
            filename=safe_filename(str(words["file"]), letter.plan.reference),
        )  # fmt: skip

    def _blocks(self, name: str, values: dict[str, Any]) -> dict[str, str]:
        template = self._env.get_template(name)
        context = template.new_context(values)
        return {b: "".join(template.blocks[b](context)).strip() for b in BLOCKS}


def _money(formats: Formats, letter: PlanLetter, amount: Any) -> str:
    return formats.money(amount, letter.plan.currency)


def _part_name(part: ScheduledPart, words: Labels) -> str:
    if part.instalment.is_deposit:
        return str(words["deposit_name"])
    return str(words["part_name"]).format(number=part.instalment.number)


def values(letter: PlanLetter, company: Company, words: Labels, formats: Formats) -> dict[str, Any]:
    """What the content blocks may use, formatted for the reader."""
    plan = letter.plan
    deposit = plan.deposit
    found: dict[str, Any] = {
        "reference": plan.reference, "accepted_on": formats.long_date(letter.accepted_on),
        "one": len(plan.invoice_numbers) == 1, "numbers": formats.join(list(plan.invoice_numbers)),
        "total": _money(formats, letter, plan.total),
        "count": sum(1 for p in plan.instalments if not p.is_deposit),
        "deposit": _money(formats, letter, deposit.amount) if deposit else None,
        "payment_order": words["payment_orders"].get(plan.payment_order, ""),
        "fallback": words["fallbacks"][letter.fallback.value],
    }  # fmt: skip
    missed = letter.missed
    if missed is not None and letter.pay_by is not None:
        found |= {
            "part_name": _part_name(missed, words),
            "missed_amount": _money(formats, letter, missed.instalment.amount),
            "missed_due": formats.long_date(missed.instalment.due_on),
            "missed_reference": _reference(missed, company),
            "pay_by": formats.long_date(letter.pay_by),
        }
    return found


def _reference(part: ScheduledPart, company: Company) -> str:
    return format_payment_reference(part.reference, country=company.country)


def _tables(letter: PlanLetter, company: Company, words: Labels, formats: Formats) -> list[Table]:
    plan = letter.plan
    covers = [[words["principal"], _money(formats, letter, plan.principal)]]
    covers += [[words["costs"], _money(formats, letter, plan.costs)]] if plan.costs else []
    covers += [[words["interest"], _money(formats, letter, plan.interest)]] if plan.interest else []
    covers.append([words["total"], _money(formats, letter, plan.total)])
    schedule = [
        [words["deposit"] if p.instalment.is_deposit else str(p.instalment.number),
         formats.long_date(p.instalment.due_on), _money(formats, letter, p.instalment.amount),
         _reference(p, company)]
        for p in letter.schedule
    ]  # fmt: skip
    return [
        {"title": words["covers"], "head": [], "rows": covers, "align": ["left", "right"]},
        {"title": words["schedule"], "rows": schedule,
         "head": [words["part"], words["due"], words["amount"], words["reference"]],
         "align": ["left", "left", "right", "left"]},
    ]  # fmt: skip


def _payment(company: Company, words: Labels) -> Table | None:
    if not company.bank_accounts:
        return None
    account = company.bank_accounts[0]
    rows = [[words["iban"], format_iban(account.iban)], [words["beneficiary"], company.name]]
    return {"title": words["pay"], "head": [], "rows": rows, "align": ["left", "left"]}


def footer(company: Company, labels: Labels) -> str:
    parts = [company.name, company.address.replace("\n", ", ")]
    if company.registration_number:
        parts.append(f"{labels[registration_label(company.country)]} "
                     f"{company.registration_number}")  # fmt: skip
    if company.vat_id:
        parts.append(f"{labels['vat_id']} {company.vat_id}")
    return " · ".join(p for p in parts if p)


def letter_data(
    letter: PlanLetter,
    company: Company,
    customer: Customer,
    blocks: dict[str, str],
    labels: Labels,
    formats: Formats,
) -> dict[str, Any]:
    """The letter as data: the typst layout's input, and what the e-mail shows."""
    words: Labels = labels["plan_letters"]
    contact = " · ".join(x for x in (company.email, company.phone) if x)
    return {
        "lang": customer.language.value, "subject": blocks["subject"],
        "footer": footer(company, labels),
        "sender": {"name": company.name, "lines": address_lines(company.address),
                   "contact": [x for x in (company.email, company.phone) if x]},
        "recipient": [customer.name, *address_lines(customer.address)],
        "reference": f"{labels['our_reference']}: {customer.number}",
        "date": formats.long_date(letter.written_on),
        "salutation": str(labels["salutation"]), "intro": paragraphs(blocks["intro"]),
        "tables": _tables(letter, company, words, formats),
        "terms": paragraphs(blocks["terms"]), "payment": _payment(company, words),
        "consequence": paragraphs(blocks["consequence"]),
        "closing": [f"{labels['contact']} {contact}" if contact else "",
                    f"{labels['regards']}\n{company.name}"],
        "keep": [_reference(p, company) for p in letter.schedule],
    }  # fmt: skip


def _text_table(table: Table) -> list[str]:
    rows = [table["head"], *table["rows"]] if table["head"] else table["rows"]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [table["title"]]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
              for row in rows]  # fmt: skip
    return ["\n".join(lines)]


def as_text(data: dict[str, Any]) -> str:
    """The plain-text e-mail."""
    parts = [data["salutation"], *data["intro"]]
    for table in data["tables"]:
        parts += _text_table(table)
    parts += data["terms"]
    parts += _text_table(data["payment"]) if data["payment"] else []
    parts += [*data["consequence"], *(c for c in data["closing"] if c), data["footer"]]
    return "\n\n".join(parts) + "\n"


def _html_table(table: Table) -> str:
    head = "".join(f'<th style="text-align:left;">{escape(h)}</th>' for h in table["head"])
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table["rows"]
    )
    return (f"<h3 style=\"font-size:14px;margin:16px 0 4px 0;\">{escape(table['title'])}</h3>"
            f"<table cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse;\">"
            f"{f'<tr>{head}</tr>' if head else ''}{rows}</table>")  # fmt: skip


def _html_paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{str(escape(p)).replace(chr(10), '<br>')}</p>" for p in items)


def as_html(data: dict[str, Any], language: str) -> str:
    """The HTML e-mail, escaped, with inline styles only."""
    tables = "".join(_html_table(t) for t in data["tables"])
    payment = _html_table(data["payment"]) if data["payment"] else ""
    closing = [c for c in data["closing"] if c]
    return (
        f"<!DOCTYPE html><html lang=\"{escape(language)}\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(data['subject'])}</title></head>"
        "<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;\">"
        f"<div style=\"max-width:680px;margin:0 auto;padding:16px 24px;\">"
        f"<p style=\"font-weight:bold;\">{escape(data['sender']['name'])}</p>"
        f"<p style=\"font-size:12px;color:#555;\">{escape(data['reference'])} · "
        f"{escape(data['date'])}</p>"
        f"{_html_paragraphs([data['salutation'], *data['intro']])}{tables}"
        f"{_html_paragraphs(data['terms'])}{payment}{_html_paragraphs(data['consequence'])}"
        f"{_html_paragraphs(closing)}"
        f"<p style=\"font-size:11px;color:#777;\">{escape(data['footer'])}</p>"
        "</div></body></html>"
    )  # fmt: skip
