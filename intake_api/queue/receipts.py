"""Receipt numbers: short, unguessable, easy to read aloud, with a check character.

Crockford's base32 alphabet leaves out I, L, O and U so that nothing is misheard or misread.
The check character is Luhn mod 32 over the same alphabet (not Crockford's mod-37 symbols
``*~$=U``, which are hard to say on the phone); it catches every single wrong character and
most swaps of two neighbours.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 11
LENGTH = RANDOM_CHARS + 1
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def _luhn_sum(symbols: str, *, first_factor: int) -> int:
    """Luhn mod 32 sum, doubling every other symbol from the right."""
    total, factor = 0, first_factor
    for symbol in reversed(symbols):
        addend = factor * ALPHABET.index(symbol)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return total


def check_character(body: str) -> str:
    """The check character to append to ``body``."""
    return ALPHABET[(32 - _luhn_sum(body, first_factor=2) % 32) % 32]


def new_receipt() -> str:
    """A fresh receipt: 11 random symbols (55 bits from ``secrets``) and a check character."""
    bits = secrets.randbits(5 * RANDOM_CHARS)
    body = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(RANDOM_CHARS))
    return body + check_character(body)


def normalize_receipt(text: str) -> str | None:
    """The canonical receipt for what someone typed or read out, or None if it is not one."""
    receipt = text.strip().upper().translate(_READ_AS)
    if len(receipt) != LENGTH or any(symbol not in ALPHABET for symbol in receipt):
        return None
    return receipt if _luhn_sum(receipt, first_factor=1) % 32 == 0 else None


def display_receipt(receipt: str) -> str:
    """``7KQ2-M9XD-3HT8``: groups of four for reading aloud."""
    return "-".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))
