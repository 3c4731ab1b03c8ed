from decimal import Decimal

from tijdig.domain.credit import credit_position
from tijdig.domain.parties import Customer


def test_the_open_eur_amount_is_set_against_the_limit() -> None:
    customer = Customer("C1", "Klant", credit_limit=Decimal("1000"))
    position = credit_position(customer, {"EUR": Decimal("400.50"), "USD": Decimal("9000")})
    assert position.available == Decimal("599.50") and not position.over_limit


def test_over_the_limit_and_on_hold() -> None:
    customer = Customer("C1", "Klant", credit_limit=Decimal("100"), credit_hold=True)
    position = credit_position(customer, {"EUR": Decimal("100.01")})
    assert position.available == Decimal("-0.01") and position.over_limit and position.hold


def test_without_a_limit_nothing_is_available_or_over() -> None:
    position = credit_position(Customer("C1", "Klant"), {"EUR": Decimal("5")})
    assert position.available is None and not position.over_limit and position.limit is None


def test_owing_nothing_in_euros_leaves_the_whole_limit() -> None:
    customer = Customer("C1", "Klant", credit_limit=Decimal("250"))
    assert credit_position(customer, {}).available == Decimal("250")
