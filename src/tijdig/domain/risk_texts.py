"""The reasons of a risk score in words (issue 17 section 2): one English template per
feature (the msgids of the `risk` catalogue, nl and fr in locale/*/risk.po) and the
direction. The value is said as a whole number: a share and a ratio as a percentage,
days as days, the amount (its log) as a rounded amount."""

from __future__ import annotations

from collections.abc import Callable

from tijdig.domain.risk import RiskReason


def N_(message: str) -> str:
    """Marks a msgid for the catalogues; translated where it is said."""
    return message


FEATURE_TEXTS: dict[str, str] = {
    "days_past_due": N_("{value} days past the due date"),
    "term_days": N_("a payment term of {value} days"),
    "log_amount": N_("an amount of about {value}"),
    "amount_ratio": N_("the amount is {value} % of the customer's usual"),
    "due_month": N_("due in month {value}"),
    "history_count": N_("{value} earlier invoices paid"),
    "share_late": N_("{value} % of earlier invoices paid late"),
    "average_days_late": N_("on average {value} days late before"),
    "share_late_recent": N_("{value} % paid late in the last half year"),
    "share_late_season": N_("{value} % paid late in the same season"),
    "late_last_time": N_("the last invoice paid more than N days late: {value}"),
    "overdue_open": N_("{value} other invoices overdue"),
    "broken_promises": N_("{value} broken promises to pay"),
    "disputes": N_("{value} disputes before"),
    "invoice_disputed": N_("this invoice in dispute: {value}"),
    "steps_so_far": N_("{value} collection steps taken on this invoice"),
    "customer_age_days": N_("a customer for {value} days"),
}
# What an unknown value (no history to compute it from) says, for the features that can be.
NOT_YET_TEXTS: dict[str, str] = {
    "share_late": N_("no earlier invoice paid yet"),
    "late_last_time": N_("no earlier invoice paid yet"),
    "share_late_recent": N_("no invoice paid in the last half year"),
    "share_late_season": N_("no invoice paid in this season before"),
    "amount_ratio": N_("no earlier invoice to compare the amount with"),
}
NOT_YET = N_("no history yet")
RAISES = N_("raises the risk")
LOWERS = N_("lowers the risk")
YES, NO = N_("yes"), N_("no")
CLASS_TEXTS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
_PERCENT = {"amount_ratio", "share_late", "share_late_recent", "share_late_season"}
_YES_NO = {"late_last_time", "invoice_disputed"}


def _identity(message: str) -> str:
    return message


def value_text(reason: RiskReason, gettext: Callable[[str], str] = _identity) -> str:
    value = reason.value
    assert value is not None
    if reason.feature in _YES_NO:
        return gettext(YES) if value > 0 else gettext(NO)
    if reason.feature in _PERCENT:
        return str(round(value * 100))
    if reason.feature == "log_amount":
        return str(round(10**value))
    return str(round(value))


def say_reason(reason: RiskReason, gettext: Callable[[str], str] = _identity) -> str:
    """ "60 % of earlier invoices paid late", in the reader's words."""
    if reason.value is None:
        return gettext(NOT_YET_TEXTS.get(reason.feature, NOT_YET))
    return gettext(FEATURE_TEXTS[reason.feature]).format(value=value_text(reason, gettext))


def say_direction(reason: RiskReason, gettext: Callable[[str], str] = _identity) -> str:
    return gettext(RAISES if reason.raises else LOWERS)
