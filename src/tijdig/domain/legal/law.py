"""The `Law` protocol: what every country module (`nl.py`, `be.py`) answers.

Why a protocol over modules, as python-stdnum does per country: the rest of Tijdig asks
a question of "the law" and never which country it is, so adding a country is one
module and its data, and a question no module answers is a type error, not a silent
`else` branch somewhere in the engine.

Two lookups give a `Law` (`tijdig.domain.legal`), and which one a caller uses is the
legal point:

- `law_of_claim(policy_country)`: the law a claim is made under, the country of the
  collection policy. It decides costs, interest, the reminder term, the VAT uplift,
  what a consumer owes only by a contract clause, and the wording of a letter.
- `law_of_company(company_country)`: the creditor's own country. It decides the label of
  its registration number, how long its books are kept, and the payment reference
  printed on its invoices.

A country's calendar (its holidays) and its conventions for a reader there (the locale
of a reader's text, a new customer's language) are per-country data of the same modules,
found with `law_for(country)`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tijdig.domain.collection.policy import LegalNotice
    from tijdig.domain.legal.rates import CostsResult, InterestResult
    from tijdig.domain.legal.terms import NoticeDelivery, TermResult
    from tijdig.domain.parties import Language
    from tijdig.domain.refusals import Refusal


class Law(Protocol):
    """The rules and conventions of one country. Upper-case names are data, the others
    calculations; each module documents its sources beside them."""

    COUNTRY: str  # ISO 3166 code, e.g. "NL"

    # -- the law of the claim (the policy's country) --
    CONSUMER_TERM_NOTICE: LegalNotice  # the reminder whose term must pass before consumer costs
    COSTS_BEFORE_NOTICE: Refusal  # why a policy may not charge a consumer costs before it
    CONSUMER_CLAIMS_BY_CLAUSE: bool  # a consumer owes costs and interest only if a clause agreed
    CONSUMER_INTEREST_AFTER_TERM: bool  # a consumer's interest runs from the term's end only
    # The order of payment a payment plan states, as a label key ("" where the law gives
    # none: payments are applied as everywhere else in Tijdig).
    PLAN_PAYMENT_ORDER: str
    # Whether a consumer may ask a payment plan during the term of `CONSUMER_TERM_NOTICE`
    # (the request is recorded, and answered by a person).
    PLAN_REQUEST_IN_TERM: bool

    def collection_costs(
        self, principal: Decimal, *, consumer: bool, vat_uplift: bool = False
    ) -> CostsResult: ...

    def statutory_interest(
        self, principal: Decimal, first_day: date, last_day: date, *, commercial: bool
    ) -> InterestResult: ...

    def vat_uplift_rate(self) -> Decimal | None:
        """The VAT rate added to the costs for a creditor that cannot deduct VAT; None
        where the law has no such uplift."""
        ...

    def reminder_term(self, sent: date, channel: NoticeDelivery) -> TermResult:
        """The dates of `CONSUMER_TERM_NOTICE` sent on `sent` by `channel`."""
        ...

    # -- the company's own country --
    REGISTRATION_LABEL: str  # label key of the registration number ("kvk", "company_number")
    REGISTRATION_IN_TEXT: str  # label key of the same in running text
    FISCAL_RETENTION_YEARS: int  # how long the books are kept
    FISCAL_RETENTION_SOURCE: str
    REFERENCE_SCHEMES: tuple[str, ...]  # `references.Scheme`s a 12-digit reference is read by
    NATIONAL_SCHEME: str  # the `references.Scheme` a numeric invoice number becomes ...
    NATIONAL_LIMIT: int  # ... when below this (else RF)

    def validate_registration(self, text: str, *, field: str) -> str:
        """The company register's number, compact; `InvalidValue` naming `field`."""
        ...

    def creditor_id_problem(self, national: str) -> Refusal | None:
        """What is wrong with the national part of a SEPA creditor id of this country."""
        ...

    # -- the country's calendar and a reader there --
    LANGUAGE: Language  # the language a new customer in this country gets

    def locale(self, language: Language) -> str:
        """The Babel locale of text in `language` for a reader in this country."""
        ...

    def holidays(self, year: int) -> frozenset[date]:
        """The holidays of one year that stop a business day."""
        ...
