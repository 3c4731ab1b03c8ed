"""Save a hand-over file's summary as a picture: docs/screenshots/hand_over_summary.png
(`make hand-over-summary`).

The summary is written by the real writer (adapters/render/hand_over_file.py) for a
sample case of a Dutch company: a business customer handed over on Mon 20 April 2026
with three overdue invoices, the claim worked out by the engine for that day
(engine/hand_over.py: BIK costs and commercial interest). Its first page is drawn as
`make plan-letter` draws its letter (pypdfium2, else pdftoppm).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from plan_letter import first_page_png

from tijdig.adapters.render.hand_over_file import HandOverFiles
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.hand_over import CaseStatus, HandOverCase, Source, StatusChange
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.engine.hand_over import hand_over_claim
from tijdig.engine.model import CompanyState, CustomerState
from tijdig.services.collection.invoice_copies import InvoiceCopy
from tijdig.services.hand_over.ports import HandOverFile, SentMessage

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "hand_over_summary.png"
D = Decimal
DAY = date(2026, 4, 20)

COMPANY = Company(
    code="ACME", name="Acme Groothandel B.V.", registration_number="12345678",
    vat_id="NL001234567B01", bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),),
    address="Dorpsstraat 1\n3512 AB Utrecht", email="debiteuren@acme.example",
)  # fmt: skip
CUSTOMER = Customer("K1", "Bakkerij Jansen B.V.", email="ap@jansen.example",
                    address="Markt 1\n3511 AA Utrecht")  # fmt: skip
INVOICES = (
    Invoice("F-2026-017", "K1", date(2026, 1, 5), date(2026, 2, 4), D("1210.00")),
    Invoice("F-2026-031", "K1", date(2026, 1, 19), date(2026, 2, 18), D("2450.25")),
    Invoice("F-2026-044", "K1", date(2026, 2, 2), date(2026, 3, 4), D("605.00")),
)


def sample_pdf() -> bytes:
    policies = default_policy_set()
    state = CustomerState(customer=CUSTOMER, invoices=INVOICES)
    claim = hand_over_claim(state, CompanyState(COMPANY), policies.policy("nl_business"),
                            as_of=DAY)  # fmt: skip
    reason = "Geen reactie op de ingebrekestelling en onbereikbaar per telefoon."
    moment = datetime(2026, 4, 20, 9, 30, tzinfo=UTC)
    case = HandOverCase("K1", "HO000001", DAY, reason, True, CaseStatus.HANDED_OVER,
                        (StatusChange(CaseStatus.HANDED_OVER, DAY, moment, "marieke",
                                      Source.WORKSPACE, reason),), 1)  # fmt: skip
    # the documents are counted on the summary, not drawn: empty stand-ins will do
    copies = tuple(
        InvoiceCopy(CUSTOMER, i, f"invoice-{i.number}.pdf", b"", False) for i in INVOICES
    )
    sent = tuple(
        SentMessage(n, channel, "ap@jansen.example", subject, "", "sent", moment, moment,
                    "250 2.0.0 Ok", ())
        for n, (channel, subject) in enumerate([
            ("email", "Herinnering"), ("email", "Aanmaning"), ("letter", "Ingebrekestelling")])
    )  # fmt: skip
    content = HandOverFile(COMPANY, CUSTOMER, case, claim, copies, sent, (), (), (), (), ())
    return HandOverFiles().summary(content)


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(first_page_png(sample_pdf()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
