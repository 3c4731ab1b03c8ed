"""Save a payment plan's confirmation letter as a picture: docs/screenshots/plan_confirmation.png
(`make plan-letter`).

The letter is written by the real renderer (adapters/render/plan_letters.py) for a
sample plan of a Dutch company with a deposit and three plan instalments, accepted in
writing, and its first page drawn with pypdfium2 where it is installed, else with
Debian's `pdftoppm` (poppler-utils). The PNG is written with the standard library only.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path

from tijdig.adapters.render.plan_letters import PlanLetterRenderer
from tijdig.domain.collection.plan_letters import Fallback, confirmation
from tijdig.domain.collection.plans import PaymentPlan, PlanStatus, build_schedule
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.domain.references import plan_reference_for

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "plan_confirmation.png"
SCALE = 1.5  # 108 dpi: readable, and small enough for the README
D = Decimal

COMPANY = Company(
    code="ACME", name="Acme Groothandel B.V.", registration_number="12345678",
    vat_id="NL001234567B01", bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),),
    address="Dorpsstraat 1\n3512 AB Utrecht", email="debiteuren@acme.example",
    phone="+31301234567",
)  # fmt: skip
CUSTOMER = Customer("K1", "Bakkerij Jansen B.V.", email="ap@jansen.example",
                    address="Markt 1\n3511 AA Utrecht")  # fmt: skip


def sample_pdf() -> bytes:
    """The confirmation of plan 1 over two invoices with costs and interest owed."""
    parts = build_schedule(D("1252.50"), 3, date(2026, 4, 1), deposit=D("250.00"),
                           deposit_on=date(2026, 3, 25))  # fmt: skip
    plan = PaymentPlan(
        "K1", plan_reference_for("NL", 1), ("F-2026-101", "F-2026-117"), "EUR", D("1100.00"),
        D("150.00"),
        D("2.50"), parts, date(2026, 3, 19), status=PlanStatus.IN_FORCE,
        payment_order="costs_interest_principal_6_44", accepted_on=date(2026, 3, 20),
    )  # fmt: skip
    letter = confirmation(plan, 1, country="NL", fallback=Fallback.POLICY, on=date(2026, 3, 20))
    return PlanLetterRenderer().render(letter, company=COMPANY, customer=CUSTOMER).pdf


def png(width: int, height: int, rgb: bytes) -> bytes:
    """A PNG of 8-bit RGB rows (no filter), by the standard library alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    stride = width * 3
    raw = b"".join(b"\0" + rgb[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))  # fmt: skip


def first_page_png(pdf: bytes) -> bytes:
    try:
        import pypdfium2  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return _pdftoppm(pdf)
    page = pypdfium2.PdfDocument(pdf)[0]
    bitmap = page.render(scale=SCALE, rev_byteorder=True, draw_annots=False)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    channels = stride // width if stride % width == 0 else len(bitmap.mode)
    buffer = bytes(bitmap.buffer)
    rows = (buffer[y * stride : y * stride + width * channels] for y in range(height))
    rgb = b"".join(
        row if channels == 3 else b"".join(row[x : x + 3] for x in range(0, len(row), channels))
        for row in rows
    )
    return png(width, height, rgb)


def _pdftoppm(pdf: bytes) -> bytes:
    if shutil.which("pdftoppm") is None:
        sys.exit("needs pypdfium2 (pip) or pdftoppm (apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", str(int(72 * SCALE)),
                        str(source), str(Path(folder) / "page")], check=True)  # fmt: skip
        return (Path(folder) / "page.png").read_bytes()


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(first_page_png(sample_pdf()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
