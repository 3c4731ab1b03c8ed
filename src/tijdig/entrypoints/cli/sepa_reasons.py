"""The words of `tijdig sepa`: why a mandate was not announced, why a collection waits
or was not made, why a due invoice stayed out. The core returns codes with what they
name (mandate, customer, invoice, dates, amounts); this says it in one line."""

from __future__ import annotations

from tijdig.domain.debit_collections import Reason

_MANDATE = "mandate {mandate} of customer {customer}"
_NOTICE = "the pre-notification to customer {customer} (mandate {mandate})"
REASONS = {
    "within_notice_period": _MANDATE + ": the debtor must be told {days} calendar days "
    "ahead, so the first collection date possible now is {earliest}",
    "mandate_used": _MANDATE + " was used up by its last collection on {since}",
    "mandate_not_signed": _MANDATE + " is signed only on {signed_on}",
    "mandate_revoked": _MANDATE + " is revoked as of {revoked_on}",
    "already_planned": _MANDATE + " has a collection on {date} already; invoice(s) "
    "{invoices} wait for a later date",
    "last_planned": _MANDATE + " is one-off or marked last and has a collection planned "
    "on {date}; invoice(s) {invoices} wait",
    "no_email": "customer {customer} has no e-mail address for the pre-notification "
    "(mandate {mandate})",
    "invalid": _MANDATE + ": {field}: {error}",
    "expired": "the collection under " + _MANDATE + " on {date} expired: no file took it "
    "by that date; its invoices can be announced again",
    "disputed": "invoice {invoice} of customer {customer} is disputed (mandate {mandate})",
    "amount_changed": "invoice {invoice} of customer {customer} is open for EUR {open}, "
    "not the EUR {announced} announced (mandate {mandate}); announce it again with "
    "`tijdig sepa notify`",
    "notice_queued": _NOTICE + " has not gone out yet; it must by {deadline}: run `tijdig send`",
    "notice_not_sent": _NOTICE + " did not go out by {deadline}, {days} calendar days "
    "before the collection",
    "notice_unconfirmed": _NOTICE + " is unconfirmed: `tijdig send` shows how to settle it",
    "notice_failed": _NOTICE + " could not be sent: {error}",
    "notice_late": _NOTICE + " went out on {sent_on}, after {deadline} ({days} calendar "
    "days before the collection)",
    "other_creditor_id": "the collection of customer {customer} (mandate {mandate}) was "
    "announced under creditor id {announced}, not {file}",
}
LEFT_OUT = {
    "not_in_euro": "not in euro",
    "in_another_collection": "in another collection",
    "disputed": "disputed",
}


def reason_text(reason: Reason) -> str:
    template = REASONS.get(reason.code)
    if template is None:
        details = ", ".join(f"{k} {v}" for k, v in sorted(reason.params.items()))
        return f"{reason.code}: {details}"
    return template.format_map(dict(reason.params))
