"""Costs and interest in the reader's words: named after the law applied to the debtor,
each line of a claim (the engine's `CostsLine` and `InterestLine`) in the message's
language and formats, and the VAT uplift declared.

The law of the debtor decides the words: the policy's country (the law of the claim) and
the debtor's kind. A Belgian consumer of a Dutch company reads the Belgian wording; the
company's own country only names its registration number. Each wording and its source
is in docs/glossary.md; the words themselves are in `labels.toml` (`[laws.<key>]`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from tijdig.adapters.render.formatting import Formats
from tijdig.domain.legal import Law, law_for, law_of_claim, law_of_company
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.engine.model import Claim, CostsLine, InterestLine

if TYPE_CHECKING:
    from tijdig.adapters.render.messages import MessageContext

Labels = Mapping[str, object]
# a company in a country whose law Tijdig does not know names its number as a Dutch one
OTHER_REGISTRATION = law_for("NL")


def claim_law(ctx: MessageContext) -> Law | None:
    """The law of the claim: the policy's country; a message without a policy: the
    company's. None outside the countries Tijdig knows."""
    return law_of_claim(ctx.policy.country if ctx.policy is not None else ctx.company.country)


def law_key(ctx: MessageContext) -> str:
    """`nl_consumer`, `nl_business`, `be_consumer`, `be_business`, or `other`: the law of
    the claim (`claim_law`) and the debtor's kind."""
    law = claim_law(ctx)
    if law is None:
        return "other"
    kind = "consumer" if ctx.customer.is_consumer else "business"
    return f"{law.COUNTRY.lower()}_{kind}"


def owes_by_clause_only(ctx: MessageContext) -> bool:
    """A consumer whose law gives costs and interest only by a contract clause (BE)."""
    law = claim_law(ctx)
    return law is not None and ctx.customer.is_consumer and law.CONSUMER_CLAIMS_BY_CLAUSE


def clause_of(ctx: MessageContext) -> DamagesClause | None:
    """The Belgian consumer's clause the claims of this message were made under."""
    for claim in (ctx.proposal.claim, ctx.proposal.announced):
        if claim is not None and claim.clause is not None:
            return claim.clause
    return None


def law_words(ctx: MessageContext, labels: Labels) -> dict[str, str]:
    """The words of the debtor's law (`[laws.<key>]`), the clause's reference filled in."""
    laws = labels["laws"]
    assert isinstance(laws, Mapping)
    words: Mapping[str, str] = laws[law_key(ctx)]
    clause = clause_of(ctx)
    reference = clause.reference if clause else ""
    return {key: value.replace("{reference}", reference) for key, value in words.items()}


def registration_in_text(ctx: MessageContext, labels: Labels) -> str:
    """`KvK-nummer` before a Dutch company's number, `ondernemingsnummer` before a
    Belgian one's: the company's own country, whatever the debtor's law."""
    law = law_of_company(ctx.company.country) or OTHER_REGISTRATION
    return str(labels[law.REGISTRATION_IN_TEXT])


def registration_label(company_country: str) -> str:
    """The label key of the company's registration number (`kvk`, `company_number`):
    the company's own country, whatever the debtor's law."""
    return (law_of_company(company_country) or OTHER_REGISTRATION).REGISTRATION_LABEL


def invoices_words(numbers: tuple[str, ...], labels: Labels, formats: Formats) -> str:
    key = "invoice_one" if len(numbers) == 1 else "invoice_many"
    return str(labels[key]).format(numbers=formats.join(list(numbers)))


def costs_line(
    line: CostsLine, currency: str, words: Mapping[str, str], labels: Labels, formats: Formats
) -> str:
    def money(amount: Decimal) -> str:
        return formats.money(amount, currency)

    values = {
        "invoices": invoices_words(line.invoice_numbers, labels, formats),
        "name": words["costs_named"], "principal": money(line.principal),
        "amount": money(line.amount), "statutory": money(line.statutory),
        "earlier": money(line.earlier),
    }  # fmt: skip
    text = str(labels["costs_line_less" if line.earlier else "costs_line"]).format(**values)
    if line.vat_rate:
        text = str(labels["costs_line_vat"]).format(line=text, rate=formats.percent(line.vat_rate))
    return text


def rates_words(line: InterestLine, labels: Labels, formats: Formats) -> str:
    """`10,15% per jaar`, or each rate with its period when the rate changed."""
    if len(line.rates) == 1:
        return str(labels["rate_year"]).format(rate=formats.percent(line.rates[0].rate))
    return formats.join([
        str(labels["rate_period"]).format(rate=formats.percent(r.rate),
                                          first=formats.long_date(r.first),
                                          last=formats.long_date(r.last))
        for r in line.rates
    ])  # fmt: skip


def interest_line(
    line: InterestLine, currency: str, words: Mapping[str, str], labels: Labels, formats: Formats
) -> str:
    rates = rates_words(line, labels, formats)
    if line.capitalised:
        days = formats.join([formats.long_date(day) for day in line.capitalised])
        rates = str(labels["interest_capitalised"]).format(rates=rates, dates=days)
    return str(labels["interest_line"]).format(
        invoice=invoices_words((line.invoice_number,), labels, formats),
        name=words["interest_named"], principal=formats.money(line.principal, currency),
        first=formats.long_date(line.first), last=formats.long_date(line.last),
        amount=formats.money(line.amount, currency), rates=rates,
    )  # fmt: skip


def claim_lines(
    claim: Claim, words: Mapping[str, str], labels: Labels, formats: Formats
) -> tuple[str, ...]:
    """How the claim's figures were made, a line per costs and interest line."""
    lines = [costs_line(c, claim.currency, words, labels, formats) for c in claim.costs_lines]
    lines += [interest_line(i, claim.currency, words, labels, formats)
              for i in claim.interest_lines]  # fmt: skip
    return tuple(lines)


def vat_note(claim: Claim | None, labels: Labels, formats: Formats) -> str | None:
    """The declaration that the costs were raised by VAT (Besluit BIK art. 2 lid 3)."""
    if claim is None or claim.vat_rate is None or claim.costs <= 0:
        return None
    return str(labels["vat_note"]).format(rate=formats.percent(claim.vat_rate))


def current_rate(claim: Claim | None, labels: Labels, formats: Formats) -> str | None:
    """The yearly rate interest runs at now (the last period's): `4% per jaar`; for a
    Belgian consumer the clause's, as the Late Payment Act caps it."""
    if claim is None:
        return None
    if claim.interest_lines:
        last = claim.interest_lines[-1].rates[-1].rate
        return str(labels["rate_year"]).format(rate=formats.percent(last))
    if claim.clause is not None and claim.clause.interest_rate is not None:
        return str(labels["rate_year"]).format(rate=formats.percent(claim.clause.interest_rate))
    return None
