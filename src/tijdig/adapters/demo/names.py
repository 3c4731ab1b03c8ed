"""Small word lists and builders for Dutch- and Belgian-looking names, addresses and numbers.

No faker: a few dozen words per list give enough variety for a demo, and everything is
drawn from the caller's `random.Random`, so the same seed gives the same names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

NL_SURNAMES = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
    "Kok", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
    "de Bruijn", "van der Heijden", "Schouten", "van Beek", "van Dijk", "Hoekstra", "Maas",
    "Verhoeven", "Koster", "van Dam", "Prins", "Blom", "Huisman", "Kuipers", "van Wijk",
    "Postma", "Kramer", "Timmermans", "Groen", "Veenstra", "Boersma",
)  # fmt: skip
BE_SURNAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Van den Broeck", "Hermans",
    "De Clercq", "Leclercq", "Aerts", "Pauwels", "Michiels", "Verstraete", "Van Damme",
    "Cools", "De Backer", "Vandenberghe", "Segers", "Martens", "Lemmens", "Declercq", "Smets",
)  # fmt: skip
NL_FIRST = (
    "Jan", "Pieter", "Kees", "Henk", "Sanne", "Lotte", "Emma", "Daan", "Sem", "Anouk",
    "Fleur", "Bram", "Joost", "Marieke", "Ingrid", "Willem", "Femke", "Ruud", "Esther",
    "Thijs", "Lisa", "Maarten", "Inge", "Koen", "Wouter", "Eline", "Gerrit", "Annelies",
)  # fmt: skip
BE_FIRST = (
    "Jef", "Lieve", "Wout", "Bart", "Griet", "An", "Stijn", "Kristof", "Els", "Tom",
    "Hilde", "Pieter-Jan", "Nathalie", "Luc", "Sofie", "Ruben", "Katrien", "Dirk", "Lien",
)  # fmt: skip
NOUNS = (
    "Gouden Leeuw", "Zwaan", "Molen", "Kroon", "Posthoorn", "Eik", "Haven", "Zon",
    "Linde", "Waag", "Ster", "Hoorn", "Karseboom", "Pelikaan", "Klok", "Vlasbloem",
)  # fmt: skip
NL_TRADES = (
    "{s} Horeca B.V.", "Bakkerij {s}", "Restaurant De {n}", "{s} & Zn. B.V.",
    "{p} Catering B.V.", "Café De {n}", "{s} Groente en Fruit", "Slagerij {s}",
    "Hotel De {n}", "{s} Installatietechniek B.V.", "Supermarkt {s}", "Eetcafé {s}",
    "{s} Bouw B.V.", "Zorgcentrum De {n}", "{s} Verhuur V.O.F.", "Brasserie {s}",
)  # fmt: skip
BE_TRADES = (
    "{s} BV", "{s} NV", "Brasserie De {n}", "Bakkerij {s} BV", "Traiteur {s}",
    "Frituur De {n}", "Slagerij {s} BV", "{p} Horeca BV", "Taverne {n}", "{s} & Co CommV",
)  # fmt: skip
NL_STREETS = (
    "Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Industrieweg", "Hoofdstraat",
    "Marktplein", "Havenstraat", "Schoolstraat", "Nieuwstraat", "Julianastraat", "Parallelweg",
)  # fmt: skip
BE_STREETS = (
    "Kerkstraat", "Stationsstraat", "Nieuwstraat", "Molenstraat", "Dorpsstraat",
    "Kapelstraat", "Industrielaan", "Grote Markt", "Steenweg", "Schoolstraat",
)  # fmt: skip
# (city, first digits of the postcode, telephone area code)
NL_PLACES = (
    ("Amsterdam", 10, "20"), ("Rotterdam", 30, "10"), ("Den Haag", 25, "70"),
    ("Utrecht", 35, "30"), ("Eindhoven", 56, "40"), ("Groningen", 97, "50"),
    ("Tilburg", 50, "13"), ("Breda", 48, "76"), ("Nijmegen", 65, "24"),
    ("Haarlem", 20, "23"), ("Arnhem", 68, "26"), ("Amersfoort", 38, "33"),
    ("Zwolle", 80, "38"), ("Leiden", 23, "71"), ("Maastricht", 62, "43"),
    ("Leeuwarden", 89, "58"), ("Enschede", 75, "53"), ("'s-Hertogenbosch", 52, "73"),
)  # fmt: skip
BE_PLACES = (
    ("Antwerpen", 2000, "3"), ("Gent", 9000, "9"), ("Brugge", 8000, "50"),
    ("Leuven", 3000, "16"), ("Mechelen", 2800, "15"), ("Hasselt", 3500, "11"),
    ("Kortrijk", 8500, "56"), ("Aalst", 9300, "53"), ("Genk", 3600, "89"),
    ("Oostende", 8400, "59"),
)  # fmt: skip
MAIL_HOSTS = {"NL": ("gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl"),
              "BE": ("gmail.com", "telenet.be", "skynet.be", "proximus.be")}  # fmt: skip
SALES_OWNERS = ("Mark Hoogendoorn", "Sandra Verbeek", "Youssef El Amrani", "Linda Koopman")
_POSTCODE_LETTERS = "ABCDEFGHJKLMNPRTVWXZ"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a customer is: name, address, e-mail domain, phone, and a person to ask for."""

    name: str
    address: str
    domain: str
    phone: str
    person: str


def person_name(rng: random.Random, country: str) -> str:
    first, last = (NL_FIRST, NL_SURNAMES) if country == "NL" else (BE_FIRST, BE_SURNAMES)
    return f"{rng.choice(first)} {rng.choice(last)}"


def business_identity(rng: random.Random, country: str) -> Identity:
    nl = country == "NL"
    surname = rng.choice(NL_SURNAMES if nl else BE_SURNAMES)
    city = rng.choice(NL_PLACES if nl else BE_PLACES)[0]
    pattern = rng.choice(NL_TRADES if nl else BE_TRADES)
    name = pattern.format(s=surname, n=rng.choice(NOUNS), p=city)
    name = name[0].upper() + name[1:]
    domain = slug(name.replace("B.V.", "").replace("V.O.F.", "")) + (".nl" if nl else ".be")
    return Identity(name, address(rng, country), domain, phone(rng, country), "")


def consumer_identity(rng: random.Random, country: str) -> Identity:
    name = person_name(rng, country)
    host = rng.choice(MAIL_HOSTS[country])
    mailbox = f"{slug(name, sep='.')}{rng.randint(1, 99)}"
    return Identity(name, address(rng, country), host, phone(rng, country, mobile=True), mailbox)


def slug(text: str, *, sep: str = "") -> str:
    words = "".join(c if c.isalnum() else " " for c in text.lower().replace("'s-", "s")).split()
    return sep.join(words)[:40]


def address(rng: random.Random, country: str) -> str:
    number = rng.randint(1, 240)
    if country == "NL":
        city, prefix, _ = rng.choice(NL_PLACES)
        letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
        code = f"{prefix * 100 + rng.randint(11, 99)} {letters}"
        return f"{rng.choice(NL_STREETS)} {number}\n{code} {city}"
    city, postcode, _ = rng.choice(BE_PLACES)
    return f"{rng.choice(BE_STREETS)} {number}\n{postcode} {city}"


def phone(rng: random.Random, country: str, *, mobile: bool = False) -> str:
    """A number that `phonenumbers` accepts as valid: +31 or +32, landline or mobile."""
    if country == "NL":
        if mobile:
            return f"+31 6 {rng.randint(10_000_000, 59_999_999)}"
        area = rng.choice(NL_PLACES)[2]
        return f"+31 {area} {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
    if mobile:
        pairs = " ".join(str(rng.randint(10, 99)) for _ in range(3))
        return f"+32 4{rng.randint(70, 99)} {pairs}"
    area = rng.choice(BE_PLACES)[2]
    first = rng.randint(200, 499) if len(area) == 1 else rng.randint(20, 89)
    return f"+32 {area} {first} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def kvk_number(rng: random.Random) -> str:
    """A KvK number: eight digits (they carry no check digit any more)."""
    return str(rng.randint(10_000_000, 99_999_999))


def nl_vat_id(rng: random.Random) -> str:
    """An NL btw-id on an RSIN that passes the eleven test: NL + 9 digits + B01."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * (9 - i) for i, d in enumerate(digits)) % 11
        if check < 10:
            return "NL" + "".join(map(str, digits)) + f"{check}B01"


def be_enterprise_number(rng: random.Random) -> str:
    """A KBO/BCE number: 0 + 7 digits + 97 - (the eight digits mod 97)."""
    body = rng.randint(2_000_000, 9_999_999)
    return f"0{body}{97 - body % 97:02d}"
