"""HandOverFiles: a hand-over file as one ZIP (services/hand_over/ports.py `FileWriter`).

    summary.pdf                  the claim on the hand-over day, costs and interest with
                                 their lines, and what the file holds (hand_over.typ)
    file.json                    all of it, machine-readable (hand_over_json.py;
                                 docs/hand_over_file.schema.json)
    invoices/<invoice>.pdf       each invoice handed over: the original, else a copy
    messages/NN-<day>-<channel>.txt   each message as sent: its date, channel, recipient,
                                 delivery evidence and text
    messages/NN-<attachment>     what it attached (the letter PDF, invoice copies)

The words of the summary are `[hand_over_file]` in labels.toml, in the customer's
language (as the letters). Entries carry the hand-over day as their time: the same
content gives the same bytes.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from tijdig.adapters.render.documents import address_lines
from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.hand_over_json import file_json
from tijdig.adapters.render.messages import TEMPLATES_DIR, read_labels
from tijdig.adapters.render.pdf import TypstPdf
from tijdig.services.hand_over.ports import HandOverFile, SentMessage

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")
SUMMARY = "summary.pdf"
JSON = "file.json"


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name)


class HandOverFiles:
    """Writes hand-over files; build one per worker (the typst compiler stays warm)."""

    def __init__(self, *, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR
        self._pdf = TypstPdf(self._dir)

    def summary(self, content: HandOverFile) -> bytes:
        return self._pdf.hand_over(self.summary_data(content))

    def write(self, content: HandOverFile) -> tuple[str, bytes]:
        case = content.case
        stamp = (case.opened_on.year, case.opened_on.month, case.opened_on.day, 0, 0, 0)
        entries: list[tuple[str, bytes]] = [(SUMMARY, self.summary(content))]
        invoices = {d.invoice.number: f"invoices/{_safe(d.filename)}" for d in content.invoices}
        entries += [(invoices[d.invoice.number], d.content) for d in content.invoices]
        messages: dict[int, tuple[str, list[str]]] = {}
        for n, message in enumerate(content.messages, start=1):
            day = message.sent_at.date().isoformat() if message.sent_at else "unsent"
            text = f"messages/{n:02d}-{day}-{message.channel}.txt"
            files = [f"messages/{n:02d}-{_safe(name)}" for name, _m, _c in message.attachments]
            messages[message.outbox_id] = (text, files)
            entries.append((text, _message_text(message).encode("utf-8")))
            entries += [(f, c) for f, (_n, _m, c) in zip(files, message.attachments, strict=True)]
        data = file_json(content, {"invoices": invoices, "messages": messages})
        entries.append((JSON, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, body in entries:
                archive.writestr(zipfile.ZipInfo(name, date_time=stamp), body,
                                 compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
        name = f"hand-over-{case.reference}-{_safe(content.customer.number)}.zip"
        return name, buffer.getvalue()

    def summary_data(self, content: HandOverFile) -> dict[str, Any]:
        customer, company, case, claim = (content.customer, content.company, content.case,
                                          content.claim)  # fmt: skip
        labels = read_labels(self._dir, customer.language.value)
        words: dict[str, Any] = labels["hand_over_file"]
        formats = Formats(locale_for(customer), conjunction=str(labels["and"]))
        cur = claim.currency

        def money(value: Any) -> str:
            return formats.money(value, cur)

        rows = [
            [line.invoice.number, formats.short_date(line.invoice.issue_date),
             formats.short_date(line.invoice.due_date), str(line.invoice.days_overdue(claim.on)),
             money(line.principal), money(line.costs), money(line.interest), money(line.total)]
            for line in claim.lines
        ]  # fmt: skip
        rows.append([str(words["total"]), "", "", "", money(claim.principal), money(claim.costs),
                     money(claim.interest), money(claim.total)])  # fmt: skip
        legal = claim.claim
        interest = [
            [i.invoice_number, money(i.principal), formats.short_date(i.first),
             formats.short_date(i.last), money(i.amount)]
            for i in legal.interest_lines
        ]  # fmt: skip
        costs = [[", ".join(c.invoice_numbers), money(c.principal), money(c.amount)]
                 for c in legal.costs_lines]  # fmt: skip
        reason = case.reason if case.off_policy else str(words["policy_step"]).format(
            step=case.reason)  # fmt: skip
        return {
            "lang": customer.language.value,
            "title": str(words["title"]).format(reference=case.reference),
            "sender": {"name": company.name, "lines": address_lines(company.address)},
            "facts": [
                [str(words["debtor"]), f"{customer.name} ({customer.number})"],
                [str(words["address"]), ", ".join(address_lines(customer.address))],
                [str(words["handed_over_on"]), formats.long_date(case.opened_on)],
                [str(words["reason"]), reason],
                [
                    str(words["law"]),
                    str(words["laws"].get(legal.law or "other", legal.law or ""))
                    + " — "
                    + str(words["consumer" if legal.consumer else "business"]),
                ],
            ],
            "claim": {
                "title": str(words["claim_title"]).format(day=formats.long_date(claim.on)),
                "head": list(words["claim_head"]),
                "rows": rows,
                "align": ["left", "left", "left", "right", "right", "right", "right", "right"],
            },
            "costs": {
                "title": str(words["costs_title"]),
                "head": list(words["costs_head"]),
                "rows": costs,
                "align": ["left", "right", "right"],
            },
            "interest": {
                "title": str(words["interest_title"]),
                "head": list(words["interest_head"]),
                "rows": interest,
                "align": ["left", "right", "left", "left", "right"],
            },
            "contents": {
                "title": str(words["contents_title"]),
                "head": [],
                "align": ["left", "right"],
                "rows": [
                    [str(words["invoices"]), str(len(content.invoices))],
                    [str(words["messages"]), str(len(content.messages))],
                    [str(words["contacts"]), str(len(content.contacts))],
                    [str(words["agreements"]), str(len(content.promises) + len(content.plans))],
                    [str(words["disputes"]), str(len(content.disputes))],
                ],
            },
            "footer": f"{company.name} — {case.reference}",
        }


def _message_text(message: SentMessage) -> str:
    head = [
        f"Channel: {message.channel}",
        f"To: {message.recipient}",
        f"Subject: {message.subject}",
        f"Sent: {message.sent_at.isoformat() if message.sent_at else '-'}",
        f"Delivery evidence: {message.delivery_answer or '-'}",
        f"Attachments: {', '.join(name for name, _m, _c in message.attachments) or '-'}",
    ]
    return "\n".join(head) + "\n\n" + message.text
