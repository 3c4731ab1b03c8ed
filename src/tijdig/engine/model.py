"""What the engine reads (a customer's state on a day) and what it advises.

The engine is pure: the services load these values, call `advise`, and carry out
the decision (store a run, render, send, log). Every proposal and every hold says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.internal import InternalNote
from tijdig.domain.collection.ladder import AgreementKind, Rung
from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.plans import PaymentPlan
from tijdig.domain.collection.policy import LegalNotice, Step, StepChannel
from tijdig.domain.collection.records import Dispute, Promise, StepTaken
from tijdig.domain.hand_over import HandOverCase
from tijdig.domain.hardship import HardshipStatus
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.mailbox import WaitingReply
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Reason


@dataclass(frozen=True, slots=True)
class CollectionSettings:
    """A company's collection choices beside its policies."""

    large_amount: Decimal = Decimal("5000.00")  # overdue total that gets a call (S1-4)
    bank_stale_working_days: int = 3  # a last statement older than this holds all (S3-1)
    auto_approve_friendly: bool = False  # S4-2
    frequent_late_share: Decimal = Decimal("0.50")  # share of invoices paid late (S1-5)
    frequent_late_earlier_days: int = 4  # pre-due reminders this much earlier for them
    call_weekday: str = "wed"  # calls preferably on Wednesday (S3-3)
    # A linked reply nobody confirmed holds the customer's next message this long (issue 19).
    reply_hold_working_days: int = 3
    # The late-payment risk (issue 17): "late" is paid more than N days late, and an invoice
    # whose probability reaches this percentage counts as at high risk on the dashboard.
    risk_late_days: int = 30
    risk_high_percent: int = 40


@dataclass(frozen=True, slots=True)
class CompanyState:
    """The company side of a run."""

    company: Company
    settings: CollectionSettings = CollectionSettings()
    last_statement_on: date | None = None  # the newest imported bank statement
    has_bank_import: bool = False
    # The damages and interest clause of the company's terms for Belgian consumers
    # (Book XIX WER): without one, nothing is announced or claimed from them.
    clause: DamagesClause | None = None


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """How the customer paid before: invoices paid, and how many late (S0-2, S1-5)."""

    paid: int = 0
    paid_late: int = 0

    @property
    def is_first_time_late(self) -> bool:
        return self.paid > 0 and self.paid_late == 0

    def is_frequent_late(self, share: Decimal) -> bool:
        return self.paid >= 4 and Decimal(self.paid_late) >= share * self.paid


@dataclass(frozen=True, slots=True)
class ClaimedBefore:
    """Costs and interest claimed on one invoice in messages already sent (the
    `invoice_claims` records), so that the engine never claims them twice.

    `interest_to` is the day of the last message that claimed interest on the invoice:
    a later claim counts interest from the day after it (docs/dunning.md, "Claims that
    follow earlier claims")."""

    invoice_number: str
    costs: Decimal = Decimal(0)
    interest: Decimal = Decimal(0)
    interest_to: date | None = None


@dataclass(frozen=True, slots=True)
class CustomerState:
    """Everything the engine needs about one customer on one day."""

    customer: Customer
    invoices: tuple[Invoice, ...]  # open invoices and open credit notes
    steps_taken: tuple[StepTaken, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    promises: tuple[Promise, ...] = ()
    plans: tuple[PaymentPlan, ...] = ()  # payment plans in force: each holds its invoices
    last_message_on: date | None = None
    record: PaymentRecord = PaymentRecord()
    open_calls: int = 0  # call tasks not yet done, so none is planned twice
    # Money received but not (fully) allocated: credits waiting for bank review and the
    # rest of overpayments, per currency. Netted against what is overdue.
    unallocated: tuple[tuple[str, Decimal], ...] = ()
    # Costs and interest claimed earlier, per invoice: the open invoices, and for a
    # consumer also invoices paid since (their steps are then in `steps_taken`), since
    # the costs of one 14-day letter's invoices are computed together (6:96 lid 7 BW).
    claimed: tuple[ClaimedBefore, ...] = ()
    clause: DamagesClause | None = None  # the customer's own contract clause (BE consumer)
    # The customer's hardship status (debt counselling, WSNP, bankruptcy ...) loaded for
    # the day: while active, nothing is proposed and no costs or interest are claimed.
    hardship: HardshipStatus | None = None
    # The customer's latest hand-over case when it stops dunning (not returned, S0-7).
    hand_over: HandOverCase | None = None
    # Other departments' notes still open on the day (S3-2): a customer's holds the
    # customer, an invoice's that invoice, while it holds (`InternalNote.holds_on`).
    notes: tuple[InternalNote, ...] = ()
    # Pauses of dunning set by hand that can still hold on the day (`DunningPause.holds_on`).
    pauses: tuple[DunningPause, ...] = ()
    # Linked replies that no person confirmed yet: each holds for a few working days.
    waiting_replies: tuple[WaitingReply, ...] = ()

    def in_hardship(self, as_of: date) -> bool:
        return self.hardship is not None and self.hardship.is_active(as_of)

    def claimed_by_invoice(self) -> dict[str, ClaimedBefore]:
        return {c.invoice_number: c for c in self.claimed}


@dataclass(frozen=True, slots=True)
class InvoiceStage:
    """One invoice in a message, with the step it has reached."""

    invoice_number: str
    kind: str  # invoice | credit_note
    step_key: str | None  # None for a credit note or an invoice only listed
    due_date: date
    open_amount: Decimal
    currency: str
    days_overdue: int
    payment_reference: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimPart:
    """The part of a claim that falls on one invoice: what `record_sent` should store
    for it, so that a later claim knows exactly what was claimed on which invoice."""

    invoice_number: str
    costs: Decimal
    interest: Decimal


@dataclass(frozen=True, slots=True)
class CostsLine:
    """Costs (BE: the lump sum, or the damages a consumer's clause agreed) on one or more
    invoices, as a letter states them: `statutory` is the legal amount on `principal`,
    less `earlier` (claimed before on invoices of the same letter) gives `amount`."""

    invoice_numbers: tuple[str, ...]
    principal: Decimal
    amount: Decimal
    statutory: Decimal
    earlier: Decimal = Decimal(0)
    vat_rate: Decimal | None = None  # NL: raised by this VAT rate (creditor cannot deduct)


@dataclass(frozen=True, slots=True)
class RatePeriod:
    first: date
    last: date
    rate: Decimal  # percent per year


@dataclass(frozen=True, slots=True)
class InterestLine:
    """Interest on one invoice from `first` to `last` (both counted), at its rates."""

    invoice_number: str
    principal: Decimal
    first: date
    last: date
    amount: Decimal
    rates: tuple[RatePeriod, ...]
    capitalised: tuple[date, ...] = ()  # days a full year's interest joined the principal


@dataclass(frozen=True, slots=True)
class Claim:
    """Costs and interest claimed (or announced) in a message, with their explanation.

    `law` (NL, BE; None: none) and `consumer` say which rules gave the figures, so the
    letter names them rightly; `costs_lines` and `interest_lines` are the figures a
    letter explains in the reader's language (`explanation` is the same in English, for
    the run's reasons); `clause` is the Belgian consumer's contract clause applied."""

    costs: Decimal = Decimal(0)
    interest: Decimal = Decimal(0)
    currency: str = "EUR"
    explanation: tuple[str, ...] = ()
    costs_from: date | None = None  # for a 14-day letter / BE first reminder: the term
    parts: tuple[ClaimPart, ...] = ()  # per invoice; they add up to `costs` and `interest`
    law: str | None = None
    consumer: bool = False
    costs_lines: tuple[CostsLine, ...] = ()
    interest_lines: tuple[InterestLine, ...] = ()
    clause: DamagesClause | None = None

    @property
    def vat_rate(self) -> Decimal | None:
        """The VAT rate the costs were raised by (NL, creditor cannot deduct), if any."""
        return next((line.vat_rate for line in self.costs_lines if line.vat_rate), None)


@dataclass(frozen=True, slots=True)
class Proposal:
    """One message to one customer: a statement of its overdue invoices, each with its
    stage; the step is the most escalated among them."""

    customer_number: str
    step: Step
    policy_code: str
    lines: tuple[InvoiceStage, ...]
    reasons: tuple[Reason, ...]
    covered: tuple[str, ...] = ()  # invoices a legal notice covers, exactly
    claim: Claim | None = None  # claimed now
    announced: Claim | None = None  # named as what follows if unpaid (S2-4)
    auto_approve: bool = False
    deadline: date | None = None  # the day it asks payment by (deadline.py)
    # A friendly message names the agency: the customer broke enough agreements (S0-6)
    names_agency: bool = False

    @property
    def channel(self) -> StepChannel:
        return self.step.channel

    @property
    def legal_notice(self) -> LegalNotice:
        return self.step.legal_notice


@dataclass(frozen=True, slots=True)
class CallTask:
    """A call for a person, with why and whom to ask for (S0-2, S1-4, S3-5..S3-7)."""

    customer_number: str
    reasons: tuple[Reason, ...]
    due_on: date
    contact_role: str = "accounts_payable"
    script: str = "standard"


@dataclass(frozen=True, slots=True)
class Hold:
    """Something that was not proposed today, and why."""

    customer_number: str
    reason: Reason
    invoice_number: str | None = None  # None: the whole customer


@dataclass(frozen=True, slots=True)
class FallbackDue:
    """Plan B (S0-6): a broken agreement whose fallback waits for a person's approval."""

    customer_number: str
    kind: AgreementKind
    agreement_id: int
    fallback: Rung
    reason: Reason


@dataclass(frozen=True, slots=True)
class Advice:
    """The engine's advice for one customer on one day: what it proposes, whom to call
    and what it holds back. A person (or the auto-approval of friendly steps) decides."""

    customer_number: str
    proposal: Proposal | None = None
    calls: tuple[CallTask, ...] = ()
    holds: tuple[Hold, ...] = ()
    warnings: tuple[Reason, ...] = field(default=())
    fallbacks: tuple[FallbackDue, ...] = ()
