"""Receipts: twelve digits read aloud, every misheard digit caught, old receipts still valid."""

from __future__ import annotations

import pytest

from intake_api.queue.receipts import (
    check_digit,
    display_receipt,
    legacy_check_character,
    new_receipt,
    normalize_receipt,
)

RECEIPT = "261130845528"
OLD_RECEIPT = "7KQ2M9XD3HT8"


def test_a_new_receipt_is_twelve_digits_shown_in_groups_of_four() -> None:
    receipts = {new_receipt() for _ in range(200)}
    assert len(receipts) == 200
    for receipt in receipts:
        assert len(receipt) == 12 and receipt.isdigit()
        assert normalize_receipt(display_receipt(receipt)) == receipt
    assert check_digit(RECEIPT[:-1]) == RECEIPT[-1]
    assert display_receipt(RECEIPT) == "2611 3084 5528"


@pytest.mark.parametrize(
    "typed",
    [
        "2611 3084 5528",
        "2611-3084-5528",
        "261130845528",
        " 2611—3084—5528 ",
        "２６１１　３０８４　５５２８",
        "2611 3O84 5528",
    ],
    ids=["spaces", "dashes", "bare", "em-dashes", "full-width", "letter-o"],
)
def test_a_receipt_is_read_however_it_was_typed(typed: str) -> None:
    assert normalize_receipt(typed) == RECEIPT


def test_every_wrong_digit_and_every_swap_of_neighbours_is_caught() -> None:
    for receipt in (RECEIPT, *(new_receipt() for _ in range(50))):
        misheard = {
            receipt[:i] + digit + receipt[i + 1 :]
            for i in range(12)
            for digit in "0123456789"
            if digit != receipt[i]
        }
        swapped = {
            receipt[:i] + receipt[i + 1] + receipt[i] + receipt[i + 2 :]
            for i in range(11)
            if receipt[i] != receipt[i + 1]
        }
        assert {typo for typo in misheard | swapped if normalize_receipt(typo)} == set()


def test_an_old_base32_receipt_keeps_working_and_keeps_its_look() -> None:
    assert legacy_check_character(OLD_RECEIPT[:-1]) == OLD_RECEIPT[-1]
    for typed in ("7KQ2-M9XD-3HT8", "7kq2 m9xd 3ht8", "7KQ2M9XD3HT8"):
        assert normalize_receipt(typed) == OLD_RECEIPT
    assert normalize_receipt("7KQ2-M9XD-3HTX") is None  # fails its check character
    assert display_receipt(OLD_RECEIPT) == "7KQ2-M9XD-3HT8"


@pytest.mark.parametrize(
    "typed", ["", "2611 3084 552", "2611 3084 55289", "2611 3084 552８x", "收据"]
)
def test_what_is_not_a_receipt_is_refused(typed: str) -> None:
    assert normalize_receipt(typed) is None
