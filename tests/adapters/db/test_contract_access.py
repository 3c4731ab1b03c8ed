"""The users, sessions, API tokens, secrets, audit log and damages clause repositories,
one contract for the fake (tests/fakes.py), SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tests.adapters.db.conftest import Store
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import AuditEntry, Role, User

AT = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)


def _companies(store: Store, *codes: str) -> list[int]:
    with store() as uow:
        ids = [uow.companies.add(Company(code, code), at=AT).id or 0 for code in codes]
        uow.commit()
    return ids


def test_a_user_keeps_their_role_grants_and_password(store: Store) -> None:
    acme, zed = _companies(store, "ACME", "ZED")
    with store() as uow:
        anne = uow.users.add(User("anne", "Anne", Role.CREDIT_CONTROLLER, "en",
                                  company_ids=frozenset({acme})), "hash-1", at=AT)  # fmt: skip
        bert = uow.users.add(User("bert", "Bert", Role.ADMIN), "hash-2", at=AT)
        uow.commit()
    assert anne == User("anne", "Anne", Role.CREDIT_CONTROLLER, "en", True, frozenset({acme}),
                        anne.id)  # fmt: skip
    with store() as uow:
        assert uow.users.by_id(anne.id or 0) == anne
        assert uow.users.by_username("bert") == bert
        assert uow.users.by_username("carl") is None and uow.users.by_id(999) is None
        assert [u.username for u in uow.users.all()] == ["anne", "bert"]
        assert uow.users.password_hash(anne.id or 0) == "hash-1"
        uow.users.set_password_hash(anne.id or 0, "hash-3")
        uow.users.grant(anne.id or 0, [zed, acme])
        uow.users.signed_in(anne.id or 0, AT)
        uow.commit()
    with store() as uow:
        assert uow.users.password_hash(anne.id or 0) == "hash-3"
        assert uow.users.by_id(anne.id or 0) == replace(anne, company_ids=frozenset({acme, zed}))
        uow.users.update(replace(anne, name="Anne B.", role=Role.SALES, language="nl",
                                 active=False, company_ids=frozenset({zed})))  # fmt: skip
        uow.commit()
    with store() as uow:
        assert uow.users.by_id(anne.id or 0) == User(
            "anne", "Anne B.", Role.SALES, "nl", False, frozenset({zed}), anne.id)  # fmt: skip


def test_a_session_is_found_until_it_expires_or_ends(store: Store) -> None:
    with store() as uow:
        anne = uow.users.add(User("anne", "Anne", Role.ADMIN), "h", at=AT).id or 0
        bert = uow.users.add(User("bert", "Bert", Role.ADMIN), "h", at=AT).id or 0
        later = AT + timedelta(hours=12)
        uow.web_sessions.add(anne, "s1", "csrf1", at=AT, expires=later)
        uow.web_sessions.add(anne, "s2", "csrf2", at=AT, expires=AT + timedelta(hours=1))
        uow.web_sessions.add(bert, "s3", "csrf3", at=AT, expires=later)
        uow.commit()
    with store() as uow:
        assert uow.web_sessions.find("s1", now=AT) == (anne, "csrf1")
        assert uow.web_sessions.find("s1", now=later) is None  # expired at that moment
        assert uow.web_sessions.find("nope", now=AT) is None
        assert uow.web_sessions.purge_expired(AT + timedelta(hours=2)) == 1
        assert uow.web_sessions.find("s2", now=AT) is None
        uow.web_sessions.end("s3")
        assert uow.web_sessions.find("s3", now=AT) is None
        uow.web_sessions.end_all(anne)
        assert uow.web_sessions.find("s1", now=AT) is None


def test_a_token_names_its_user_until_revoked(store: Store) -> None:
    with store() as uow:
        anne = uow.users.add(User("anne", "Anne", Role.ADMIN), "h", at=AT).id or 0
        bert = uow.users.add(User("bert", "Bert", Role.ADMIN), "h", at=AT).id or 0
        first = uow.api_tokens.add(anne, "sync", "hash-a", "tjd_abcd", at=AT)
        second = uow.api_tokens.add(anne, "export", "hash-b", "tjd_efgh", at=AT)
        uow.commit()
    with store() as uow:
        assert uow.api_tokens.user_for("hash-a") == anne
        assert uow.api_tokens.user_for("nope") is None
        assert not uow.api_tokens.revoke(bert, first, AT)  # not bert's
        assert uow.api_tokens.revoke(anne, first, AT)
        assert not uow.api_tokens.revoke(anne, first, AT)  # once
        assert uow.api_tokens.user_for("hash-a") is None
        assert uow.api_tokens.of_user(anne) == [
            (first, "sync", "tjd_abcd", AT, AT),
            (second, "export", "tjd_efgh", AT, None),
        ]
        assert uow.api_tokens.of_user(bert) == []


def test_a_secret_is_kept_by_name(store: Store) -> None:
    with store() as uow:
        assert uow.secrets.get("portal") is None
        uow.secrets.add("portal", "s3cret", AT)
        uow.commit()
    with store() as uow:
        assert uow.secrets.get("portal") == "s3cret"


def test_the_audit_log_reads_newest_first_per_company_and_customer(store: Store) -> None:
    [acme] = _companies(store, "ACME")
    with store() as uow:
        uow.customers.save_many(acme, [Customer("C1", "Een")])
        customer = uow.customers.ids_by_number(acme)["C1"]
        entries = [
            AuditEntry(AT, "anne", "a.one", acme, None, "company ACME"),
            AuditEntry(AT + timedelta(minutes=1), "bert", "a.two", acme, customer, "x" * 250),
            AuditEntry(AT, "anne", "a.three", acme, customer, "", "details"),
            AuditEntry(AT, "cli:root", "a.none", None),
        ]
        uow.audit.add(entries[0])
        uow.audit.add_many(entries[1:])
        uow.audit.add_many([])
        uow.commit()
    with store() as uow:
        mine = uow.audit.for_company(acme)
        assert [(e.action, e.subject[:3], e.details) for e in mine] == [
            ("a.two", "xxx", ""), ("a.three", "", "details"), ("a.one", "com", "")]  # fmt: skip
        assert len(mine[0].subject) == 200 and mine[0].at == AT + timedelta(minutes=1)
        assert mine[2] == replace(entries[0], id=mine[2].id)
        assert [e.action for e in uow.audit.for_company(acme, limit=1, offset=1)] == ["a.three"]
        assert [e.action for e in uow.audit.for_customer(acme, customer)] == ["a.two", "a.three"]
        assert [e.action for e in uow.audit.for_customer(acme, customer, limit=1)] == ["a.two"]


CLAUSE = DamagesClause("artikel 7", "Bij niet-betaling ...", interest_rate=Decimal("8.5"),
                       damages_percent=Decimal(8), damages_minimum=Decimal("20.5"),
                       damages_maximum=Decimal(100))  # fmt: skip
OWN = DamagesClause("artikel 3", "De huurder betaalt ...", legal_scale=True)


def test_a_clause_is_the_companys_or_one_customers_own(store: Store) -> None:
    [acme] = _companies(store, "ACME")
    with store() as uow:
        uow.customers.save_many(acme, [Customer("K1", "Els"), Customer("K2", "Jan")])
        k1 = uow.customers.ids_by_number(acme)["K1"]
        uow.clauses.save(acme, OWN, customer_id=None, at=AT)
        uow.clauses.save(acme, CLAUSE, customer_id=None, at=AT)  # replaces the first
        uow.clauses.save(acme, OWN, customer_id=k1, at=AT)
        uow.commit()
    with store() as uow:
        assert uow.clauses.get(acme) == CLAUSE
        assert uow.clauses.get(acme, k1) == OWN
        assert uow.clauses.get(acme, k1 + 1) is None
        assert uow.clauses.remove(acme, customer_id=k1)
        assert not uow.clauses.remove(acme, customer_id=k1)
        assert uow.clauses.get(acme, k1) is None and uow.clauses.get(acme) == CLAUSE
