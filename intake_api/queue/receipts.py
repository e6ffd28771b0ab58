"""Receipt numbers: twelve digits a worker can read aloud, with a check digit.

A receipt is 11 random digits from ``secrets`` and a Damm check digit, shown in groups of
four (``2611 3084 5527``). The Damm check catches every single wrong digit and every swap of
two neighbours, the errors people make reading a number out on the phone. Eleven random
digits cannot be guessed usefully: the public status page also asks for the phone's last
four digits and limits tries per address and per receipt.

Receipts issued before the change are 12 symbols of Crockford's base32 (``7KQ2-M9XD-3HT8``)
with a Luhn mod 32 check character. They keep working wherever a receipt is typed: both
forms are checked, and each is stored and shown as it was issued.
"""

from __future__ import annotations

import secrets
import unicodedata

DIGITS = 12
RANDOM_DIGITS = DIGITS - 1
LEGACY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# What a phone's keyboard puts between the symbols, and letters read for digits.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", **dict.fromkeys(" -‐‑‒–—―_.")})

# Damm's totally antisymmetric quasigroup of order 10.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][int(digit)]
    return interim


def check_digit(body: str) -> str:
    """The Damm check digit to append to the digits ``body``."""
    return str(_damm(body))


def new_receipt() -> str:
    """A fresh receipt: 11 random digits and their check digit."""
    body = f"{secrets.randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
    return body + check_digit(body)


def normalize_receipt(text: str) -> str | None:
    """The canonical receipt for what someone typed or read out, or None if it is not one.

    Full-width digits, spaces, any kind of dash and O for 0 are accepted; so is an old
    base32 receipt in either case.
    """
    receipt = unicodedata.normalize("NFKC", text).strip().upper().translate(_READ_AS)
    if len(receipt) != DIGITS:
        return None
    if receipt.isdigit():
        # An all-digit old receipt (one in a million) is read as a new one, so that a
        # mistyped new receipt is never taken for an old one.
        return receipt if _damm(receipt) == 0 else None
    if any(symbol not in LEGACY_ALPHABET for symbol in receipt):
        return None
    return receipt if _luhn32_sum(receipt, first_factor=1) % 32 == 0 else None


def _luhn32_sum(symbols: str, *, first_factor: int) -> int:
    """Luhn mod 32 sum over the base32 alphabet, doubling every other symbol from the right."""
    total, factor = 0, first_factor
    for symbol in reversed(symbols):
        addend = factor * LEGACY_ALPHABET.index(symbol)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return total


def legacy_check_character(body: str) -> str:
    """The Luhn mod 32 check character an old base32 receipt ends with."""
    return LEGACY_ALPHABET[(32 - _luhn32_sum(body, first_factor=2) % 32) % 32]


def display_receipt(receipt: str) -> str:
    """``2611 3084 5527`` (an old receipt: ``7KQ2-M9XD-3HT8``), in groups of four."""
    separator = " " if receipt.isdigit() else "-"
    return separator.join(receipt[i : i + 4] for i in range(0, len(receipt), 4))
