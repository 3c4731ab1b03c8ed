"""Benchmark letter rendering: 1,000 letters, each with a copy of its invoice.

    .venv/bin/python bench/letters.py                 # 1,000 letters
    .venv/bin/python bench/letters.py --letters 200

Each letter is a second reminder (escalation band, payment block, EPC QR code) about one
invoice with no stored PDF, so every message compiles two typst documents: the letter and
the invoice copy. The data is built in code and is the same on every run. The target is
1,000 letters in under 60 s on a 2-core machine (one process, one renderer).
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from decimal import Decimal

from tijdig.adapters.render.messages import MessageContext, MessageRenderer
from tijdig.domain.collection.policy import Basis, Step, StepChannel
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer, Language
from tijdig.domain.references import reference_for
from tijdig.engine.model import InvoiceStage, Proposal

AS_OF = date(2026, 3, 4)
COMPANY = Company(
    code="acme",
    name="Acme Groothandel B.V.",
    registration_number="12345678",
    vat_id="NL001234567B01",
    bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),),
    address="Dorpsstraat 1\n3512 AB Utrecht",
    email="debiteuren@acme.example",
    phone="+31 30 123 4567",
)
STEP = Step(key="second", basis=Basis.AFTER_PREVIOUS, days=14, channel=StepChannel.LETTER,
            template="reminder")  # fmt: skip


def contexts(count: int) -> list[MessageContext]:
    """`count` letters to as many customers, every tenth in English."""
    return [_context(n) for n in range(1, count + 1)]


def _context(n: int) -> MessageContext:
    language = Language.EN if n % 10 == 0 else Language.NL
    customer = Customer(number=f"C{n:05d}", name=f"Klant {n} B.V.", language=language,
                        address=f"Kerkstraat {n}\n1000 AA Amsterdam")  # fmt: skip
    net = Decimal(100 + (n * 37) % 9000)
    issue = AS_OF - timedelta(days=60 + n % 30)
    invoice = Invoice(
        number=f"2026{n:05d}", customer_number=customer.number, issue_date=issue,
        due_date=issue + timedelta(days=30), total=net * Decimal("1.21"), net_amount=net,
        payment_reference=reference_for("NL", f"2026{n:05d}"),
    )  # fmt: skip
    line = InvoiceStage(invoice.number, "invoice", STEP.key, invoice.due_date,
                        invoice.total, "EUR", invoice.days_overdue(AS_OF))  # fmt: skip
    proposal = Proposal(customer.number, STEP, "standard", (line,), ("second reminder due",))
    return MessageContext(COMPANY, customer, proposal, (invoice,), {}, AS_OF,
                          portal_url=f"https://portal.example/p/{n}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    count = parser.parse_args().letters
    items = contexts(count)
    started = time.perf_counter()
    renderer = MessageRenderer()
    pages = 0
    for ctx in items:
        message = renderer.render(ctx)
        assert message.letter_pdf is not None and len(message.attachments) == 1
        pages += 2
    elapsed = time.perf_counter() - started
    print(f"{count} letters with an invoice copy ({pages} PDFs): {elapsed:.1f} s, "
          f"{1000 * elapsed / count:.1f} ms per letter")  # fmt: skip


if __name__ == "__main__":
    main()
