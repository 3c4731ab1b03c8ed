"""The repository of hand-over cases: the case and its file, its status history, the
agency's payments and the direct payments reported to it. It never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc, from_minor
from tijdig.adapters.db.repositories.bank import minor_amount
from tijdig.adapters.db.schema.collection import OutboxAttachmentRow, OutboxRow
from tijdig.adapters.db.schema.hand_over import (
    AgencyPaymentRow,
    DirectPaymentEventRow,
    DirectPaymentReportRow,
    HandOverCaseRow,
    HandOverStatusRow,
)
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.domain.hand_over import (
    AgencyPayment,
    CaseStatus,
    DirectPayment,
    HandOverCase,
    Source,
    StatusChange,
    case_reference,
)
from tijdig.services.hand_over.ports import BookedShare, SentMessage


def _change(row: HandOverStatusRow) -> StatusChange:
    return StatusChange(CaseStatus(row.status), row.on_day, as_utc(row.at), row.actor,
                        Source(row.source), row.note)  # fmt: skip


class SqlHandOvers:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- cases ---------------------------------------------------------------------------

    def add(self, company_id: int, customer_id: int, case: HandOverCase) -> HandOverCase:
        """Store a new case with its first status; it gets its id and reference."""
        row = HandOverCaseRow(
            company_id=company_id, customer_id=customer_id, reference="", file_name="",
            opened_on=case.opened_on, reason=case.reason, off_policy=case.off_policy,
            status=case.status.value,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        row.reference = case_reference(row.id)
        for change in case.history:
            self._add_change(row.id, change)
        self.session.flush()
        found = self.get(company_id, row.reference)
        assert found is not None
        return found

    def _add_change(self, case_id: int, change: StatusChange) -> None:
        self.session.add(HandOverStatusRow(
            case_id=case_id, status=change.status.value, on_day=change.on,
            at=as_utc(change.at), actor=change.actor, source=change.source.value,
            note=change.note,
        ))  # fmt: skip

    def set_status(self, company_id: int, case_id: int, change: StatusChange) -> None:
        self.session.execute(
            update(HandOverCaseRow)
            .where(HandOverCaseRow.company_id == company_id, HandOverCaseRow.id == case_id)
            .values(status=change.status.value)
        )
        self._add_change(case_id, change)
        self.session.flush()

    def set_file(self, company_id: int, case_id: int, name: str, content: bytes) -> None:
        self.session.execute(
            update(HandOverCaseRow)
            .where(HandOverCaseRow.company_id == company_id, HandOverCaseRow.id == case_id)
            .values(file_name=name, file_zip=content)
        )

    def file(self, company_id: int, reference: str) -> tuple[str, bytes] | None:
        h = HandOverCaseRow
        row = self.session.execute(
            select(h.file_name, h.file_zip).where(
                h.company_id == company_id, h.reference == reference
            )
        ).one_or_none()
        if row is None or row.file_zip is None:
            return None
        return row.file_name, bytes(row.file_zip)

    def get(self, company_id: int, reference: str) -> HandOverCase | None:
        found = self._cases(company_id, HandOverCaseRow.reference == reference)
        return found[0] if found else None

    def for_customer(self, company_id: int, customer_id: int) -> list[HandOverCase]:
        """The customer's cases, the latest first."""
        return self._cases(company_id, HandOverCaseRow.customer_id == customer_id)

    def listed(self, company_id: int) -> list[HandOverCase]:
        return self._cases(company_id)

    def holding(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, HandOverCase]:
        """Per customer its latest case opened by `as_of`, when that stops dunning (not
        returned: a returned case gives the customer back, whatever came before)."""
        h = HandOverCaseRow
        where = [h.company_id == company_id, h.opened_on <= as_of]
        if customer_id is not None:
            where.append(h.customer_id == customer_id)
        latest = select(h.customer_id, func.max(h.id)).where(*where).group_by(h.customer_id)
        ids: dict[int, int] = dict(self.session.execute(latest).all())
        if not ids:
            return {}
        cases = {c.id: c for c in self._cases(company_id, h.id.in_(list(ids.values())))}
        return {
            cid: cases[case_id]
            for cid, case_id in ids.items()
            if case_id in cases and cases[case_id].stops_dunning
        }

    def _cases(self, company_id: int, *where: object) -> list[HandOverCase]:
        h = HandOverCaseRow
        rows = self.session.execute(
            select(h, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == h.customer_id)
            .where(h.company_id == company_id, *where)  # type: ignore[arg-type]
            .order_by(h.id.desc())
        ).all()
        if not rows:
            return []
        history: dict[int, list[StatusChange]] = {}
        s = HandOverStatusRow
        changes = self.session.scalars(
            select(s).where(s.case_id.in_([row.id for row, _ in rows])).order_by(s.at, s.id)
        )
        for change in changes:
            history.setdefault(change.case_id, []).append(_change(change))
        return [
            HandOverCase(number, row.reference, row.opened_on, row.reason, row.off_policy,
                         CaseStatus(row.status), tuple(history.get(row.id, ())), row.id)
            for row, number in rows
        ]  # fmt: skip

    def customer_of(self, company_id: int, case_id: int) -> int | None:
        h = HandOverCaseRow
        return self.session.scalar(
            select(h.customer_id).where(h.company_id == company_id, h.id == case_id)
        )

    # --- the agency's payments -----------------------------------------------------------

    def agency_payment(self, company_id: int, reference: str) -> AgencyPayment | None:
        a = AgencyPaymentRow
        row = self.session.execute(
            select(a, HandOverCaseRow.reference)
            .join(HandOverCaseRow, HandOverCaseRow.id == a.case_id)
            .where(a.company_id == company_id, a.reference == reference)
        ).one_or_none()
        if row is None:
            return None
        paid, case = row
        amount = from_minor(paid.amount_minor, paid.currency)
        return AgencyPayment(case, paid.reference, paid.paid_on, amount, paid.currency)

    def add_agency_payment(
        self,
        company_id: int,
        customer_id: int,
        case_id: int,
        payment: AgencyPayment,
        shares: Sequence[BookedShare],
    ) -> int:
        """The agency's payment as a payment of the customer (no bank line), with the
        invoices it settles; the open amounts are the caller's (matching's
        `change_open`)."""
        currency = payment.currency
        row = PaymentRow(
            company_id=company_id, customer_id=customer_id, paid_on=payment.paid_on,
            amount_minor=minor_amount(payment.amount, currency), currency=currency,
            reference=f"{payment.case_reference} {payment.reference}"[:200],
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        for share in shares:
            self.session.add(AllocationRow(
                company_id=company_id, invoice_id=share.invoice_id, payment_id=row.id,
                credit_note_id=None, amount_minor=minor_amount(share.amount, currency),
                costs_minor=minor_amount(share.costs, currency),
                interest_minor=minor_amount(share.interest, currency),
                allocated_on=payment.paid_on,
            ))  # fmt: skip
        self.session.add(AgencyPaymentRow(
            company_id=company_id, case_id=case_id, reference=payment.reference,
            paid_on=payment.paid_on, amount_minor=minor_amount(payment.amount, currency),
            currency=currency, payment_id=row.id,
        ))  # fmt: skip
        self.session.flush()
        return row.id

    def agency_payments(self, company_id: int, case_id: int) -> list[AgencyPayment]:
        a = AgencyPaymentRow
        rows = self.session.execute(
            select(a, HandOverCaseRow.reference)
            .join(HandOverCaseRow, HandOverCaseRow.id == a.case_id)
            .where(a.company_id == company_id, a.case_id == case_id)
            .order_by(a.paid_on, a.id)
        )
        return [
            AgencyPayment(case, p.reference, p.paid_on, from_minor(p.amount_minor, p.currency),
                          p.currency)
            for p, case in rows
        ]  # fmt: skip

    # --- payments that reached the creditor directly -------------------------------------

    def direct_unreported(self, company_id: int, *, since: date | None) -> list[DirectPayment]:
        """Bank payments of customers with a case still with the agency (not closed or
        returned), paid on or after the day the case opened (and `since`), not reported
        in a CSV yet, the oldest first."""
        return self._direct(company_id, since, DirectPaymentReportRow)

    def direct_unannounced(self, company_id: int) -> list[DirectPayment]:
        """The same payments not announced to the webhooks yet."""
        return self._direct(company_id, None, DirectPaymentEventRow)

    def _direct(
        self,
        company_id: int,
        since: date | None,
        r: type[DirectPaymentReportRow] | type[DirectPaymentEventRow],
    ) -> list[DirectPayment]:
        p, h = PaymentRow, HandOverCaseRow
        query = (
            select(p, h.reference, h.id, CustomerRow.number)
            .join(h, and_(h.customer_id == p.customer_id, h.company_id == p.company_id))
            .join(CustomerRow, CustomerRow.id == p.customer_id)
            .where(
                p.company_id == company_id,
                p.bank_transaction_id.is_not(None),
                p.paid_on >= h.opened_on,
                h.status.not_in((CaseStatus.RETURNED.value, CaseStatus.CLOSED.value)),
                ~exists().where(r.payment_id == p.id),
            )
            .order_by(p.paid_on, p.id, h.id.desc())
        )
        if since is not None:
            query = query.where(p.paid_on >= since)
        found: dict[int, tuple[PaymentRow, str, int, str]] = {}
        for payment, reference, case_id, number in self.session.execute(query):
            found.setdefault(payment.id, (payment, reference, case_id, number))  # latest case
        invoices = self._invoices_paid(list(found))
        return [
            DirectPayment(pid, reference, number, pay.paid_on,
                          from_minor(pay.amount_minor, pay.currency), pay.currency,
                          pay.reference, tuple(invoices.get(pid, ())))
            for pid, (pay, reference, _case, number) in found.items()
        ]  # fmt: skip

    def _invoices_paid(self, payment_ids: Sequence[int]) -> dict[int, list[str]]:
        if not payment_ids:
            return {}
        a = AllocationRow
        rows = self.session.execute(
            select(a.payment_id, InvoiceRow.number)
            .join(InvoiceRow, InvoiceRow.id == a.invoice_id)
            .where(a.payment_id.in_(list(payment_ids)))
            .order_by(a.id)
        )
        found: dict[int, list[str]] = {}
        for pid, number in rows:
            if pid is not None:
                found.setdefault(pid, []).append(number)
        return found

    def mark_reported(
        self, company_id: int, payments: Sequence[DirectPayment], *, at: datetime, by: str
    ) -> None:
        ids = self._case_ids(company_id, payments)
        for payment in payments:
            self.session.add(DirectPaymentReportRow(
                payment_id=payment.payment_id, case_id=ids[payment.case_reference],
                reported_at=as_utc(at), reported_by=by,
            ))  # fmt: skip
        self.session.flush()

    def mark_announced(
        self, company_id: int, payments: Sequence[DirectPayment], *, at: datetime
    ) -> None:
        ids = self._case_ids(company_id, payments)
        for payment in payments:
            self.session.add(DirectPaymentEventRow(
                payment_id=payment.payment_id, case_id=ids[payment.case_reference],
                announced_at=as_utc(at),
            ))  # fmt: skip
        self.session.flush()

    def _case_ids(self, company_id: int, payments: Sequence[DirectPayment]) -> dict[str, int]:
        h = HandOverCaseRow
        refs = {x.case_reference for x in payments}
        query = select(h.reference, h.id).where(h.company_id == company_id, h.reference.in_(refs))
        ids: dict[str, int] = dict(self.session.execute(query).all())
        return ids

    def reported(self, company_id: int, case_id: int) -> list[tuple[int, datetime]]:
        r = DirectPaymentReportRow
        rows = self.session.execute(
            select(r.payment_id, r.reported_at)
            .join(HandOverCaseRow, HandOverCaseRow.id == r.case_id)
            .where(HandOverCaseRow.company_id == company_id, r.case_id == case_id)
            .order_by(r.payment_id)
        )
        return [(pid, as_utc(at)) for pid, at in rows]

    # --- what was sent -------------------------------------------------------------------

    def sent_messages(self, company_id: int, customer_id: int) -> list[SentMessage]:
        """The customer's messages that went out, the first sent first, with their
        attachments and delivery evidence."""
        o = OutboxRow
        rows = self.session.scalars(
            select(o)
            .where(o.company_id == company_id, o.customer_id == customer_id, o.status == "sent")
            .order_by(o.sent_at, o.id)
        ).all()
        files: dict[int, list[tuple[str, str, bytes]]] = {}
        if rows:
            a = OutboxAttachmentRow
            for item in self.session.scalars(
                select(a).where(a.outbox_id.in_([row.id for row in rows])).order_by(a.id)
            ):
                files.setdefault(item.outbox_id, []).append(
                    (item.filename, item.mime_type, bytes(item.content))
                )
        return [
            SentMessage(row.id, row.channel, row.recipient, row.subject, row.body_text,
                        row.status, as_utc(row.created_at),
                        None if row.sent_at is None else as_utc(row.sent_at),
                        row.delivery_answer, tuple(files.get(row.id, ())))
            for row in rows
        ]  # fmt: skip
