"""The bank accounts of demo customers: one valid IBAN each, and what matching learned.

An IBAN depends only on the seed, the customer id and its country (a 64-bit mix of the
first two, no `random` draw), so adding bank accounts changes none of the other demo
rows. NL: NLkk + a real bank code + 10 digits; BE: BEkk + 3-digit bank code + 7 digits
+ the national check (the first ten digits mod 97, 0 becoming 97). The IBAN check
digits are ISO 7064 mod 97-10 over the BBAN followed by the country and "00".
"""

from __future__ import annotations

from collections.abc import Mapping

from tijdig.adapters.demo.spec import Day, Row

NL_BANKS = ("INGB", "INGB", "INGB", "RABO", "RABO", "RABO", "ABNA", "ABNA", "SNSB", "TRIO",
            "KNAB", "ASNB", "BUNQ", "RBRB")  # fmt: skip  # ING and Rabobank lead
BE_BANKS = ("001", "068", "063", "310", "363", "735", "737", "734", "979", "103")
_MASK = 2**64 - 1


def _mix(seed: int, customer_id: int) -> int:
    """splitmix64 of the seed and the id: well spread, and the same on every platform."""
    value = (seed * 0x9E3779B97F4A7C15 + customer_id * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def _numeric(text: str) -> str:
    """Letters as numbers (A = 10 .. Z = 35), digits as they are."""
    return "".join(str(int(c, 36)) for c in text)


def iban_check(country: str, bban: str) -> str:
    """The two IBAN check digits of a BBAN."""
    return _check(_numeric(bban + country))


def _check(numeric: str) -> str:
    return f"{98 - int(numeric + '00') % 97:02d}"


_NL_BANK_DIGITS = {bank: _numeric(bank) for bank in NL_BANKS}
_NL_DIGITS, _BE_DIGITS = _numeric("NL"), _numeric("BE")


def nl_iban(bank: str, account: int) -> str:
    """NLkk BANK 0123456789 (the numeric form of the bank code is looked up: fast)."""
    return f"NL{_check(f'{_NL_BANK_DIGITS[bank]}{account:010d}{_NL_DIGITS}')}{bank}{account:010d}"


def be_iban(bank: str, account: int) -> str:
    """BEkk 123 4567890 kk: bank code, account number, national check."""
    body = f"{bank}{account:07d}"
    bban = f"{body}{int(body) % 97 or 97:02d}"
    return f"BE{_check(bban + _BE_DIGITS)}{bban}"


def customer_iban(seed: int, customer_id: int, country: str) -> str:
    """The account a customer pays from (NL or BE, by its country)."""
    value = _mix(seed, customer_id)
    if country == "BE":
        return be_iban(BE_BANKS[value % len(BE_BANKS)], value // 16 % 10**7)
    return nl_iban(NL_BANKS[value % len(NL_BANKS)], value // 16 % 10**10)


def learned_iban_rows(
    seed: int,
    company_id: int,
    first_id: int,
    countries: Mapping[int, str],
    paid: tuple[Mapping[int, int], Mapping[int, Day]],
) -> list[Row]:
    """`customer_ibans` rows: one per customer that paid, its own account, how often it
    paid and when last (`paid`: times and last day by customer id; `countries` by id)."""
    times, last = paid
    return [
        (first_id + n, company_id, customer_id,
         customer_iban(seed, customer_id, countries[customer_id]), times[customer_id],
         last[customer_id])
        for n, customer_id in enumerate(sorted(times))
    ]  # fmt: skip
