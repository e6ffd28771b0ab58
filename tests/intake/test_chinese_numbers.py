"""Numbers as workers write them, and the field rules that read them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from intake_api.public.chinese_numbers import has_chinese_numeral, parse_number
from intake_api.public.validation import (
    MESSAGES,
    FieldError,
    clean_amount_owed,
    clean_month,
    clean_workers,
)

TODAY = date(2021, 5, 10)

READ = [
    ("一万二", "12000"),
    ("三千五", "3500"),
    ("两百五", "250"),
    ("一万二千五", "12500"),
    ("一万零二", "10002"),
    ("一百零五", "105"),
    ("十二", "12"),
    ("二十五", "25"),
    ("十万", "100000"),
    ("一亿二千万", "120000000"),
    ("壹万贰仟", "12000"),
    ("1.2万", "12000"),
    ("3千", "3000"),
    ("1万2", "12000"),
    ("1万2000", "12000"),
    ("3500.50", "3500.50"),
    ("零", "0"),
]


@pytest.mark.parametrize(("text", "value"), READ, ids=[case[0] for case in READ])
def test_numbers_are_read_as_people_say_them(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


REFUSED = ["", "一二三", "万", "百", "千五", "一千二千", "一万万", "3.5.1", "-5", "不知道"]


@pytest.mark.parametrize("text", REFUSED, ids=[repr(text) for text in REFUSED])
def test_nonsense_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_only_chinese_numerals_need_the_parser() -> None:
    assert has_chinese_numeral("1.2万") and has_chinese_numeral("三")
    assert not has_chinese_numeral("12000") and not has_chinese_numeral("abc")


AMOUNTS = [
    ("1.2万", "12000.00"),
    ("1.2万元", "12000.00"),
    ("12000元", "12000.00"),
    ("一万二", "12000.00"),
    ("三千五", "3500.00"),
    ("3千", "3000.00"),
    ("3000块", "3000.00"),
    ("１.５万", "15000.00"),
    ("12,000 元", "12000.00"),
    ("1.23456万", "12345.60"),
]


@pytest.mark.parametrize(("typed", "yuan"), AMOUNTS, ids=[case[0] for case in AMOUNTS])
def test_amounts_are_normalised_to_yuan(typed: str, yuan: str) -> None:
    amount = clean_amount_owed(typed)
    assert (amount, str(amount)) == (Decimal(yuan), yuan)


BAD_AMOUNTS = [
    ("零", MESSAGES["amount_positive"]),
    ("0元", MESSAGES["amount_positive"]),
    ("一万万", MESSAGES["amount"]),
    ("很多", MESSAGES["amount"]),
    ("1.234", MESSAGES["amount"]),
    ("十亿", MESSAGES["amount_range"]),
]


@pytest.mark.parametrize(("typed", "message"), BAD_AMOUNTS, ids=[case[0] for case in BAD_AMOUNTS])
def test_bad_amounts_are_refused_in_plain_words(typed: str, message: str) -> None:
    with pytest.raises(FieldError) as refusal:
        clean_amount_owed(typed)
    assert str(refusal.value) == message


def test_the_amount_messages_are_the_ones_workers_already_see() -> None:
    assert MESSAGES["amount_positive"] == "欠薪金额应大于 0 元。"
    assert MESSAGES["amount"] == "请填写欠薪金额（元），最多两位小数，例如 12000 或 3500.50。"
    assert MESSAGES["amount_range"] == "欠薪金额应在 0 到 1 亿元之间。"


WORKERS = [("3人", 3), ("三个人", 3), ("十二", 12), ("12名", 12), ("５", 5), ("两位", 2)]


@pytest.mark.parametrize(("typed", "count"), WORKERS, ids=[case[0] for case in WORKERS])
def test_workers_are_counted_as_typed_in_the_form(typed: str, count: int) -> None:
    assert clean_workers(typed, "form") == count


BAD_WORKERS = ["0人", "一个半", "1.5", "很多人", "人"]


@pytest.mark.parametrize("typed", BAD_WORKERS, ids=BAD_WORKERS)
def test_bad_worker_counts_are_refused(typed: str) -> None:
    with pytest.raises(FieldError) as refusal:
        clean_workers(typed, "form")
    assert str(refusal.value) == "被欠薪人数应为 1 到 100000 之间的整数。"


def test_the_api_still_wants_an_integer_of_workers() -> None:
    with pytest.raises(FieldError) as refusal:
        clean_workers("3人", "json")
    assert str(refusal.value) == MESSAGES["integer_type"]


MONTHS = [
    ("2021年3月", "2021-03"),
    ("2021年03月份", "2021-03"),
    ("2021.3", "2021-03"),
    ("2021/03", "2021-03"),
    ("2021-3", "2021-03"),
]


@pytest.mark.parametrize(("typed", "month"), MONTHS, ids=[case[0] for case in MONTHS])
def test_months_are_read_as_typed(typed: str, month: str) -> None:
    assert clean_month(typed, TODAY) == month


BAD_MONTHS = [
    ("2021年13月", "请按“年-月”填写，例如 2021-03。"),
    ("去年三月", "请按“年-月”填写，例如 2021-03。"),
    ("2021年6月", "开始欠薪的月份不能晚于本月（2021-05）。"),
]


@pytest.mark.parametrize(("typed", "message"), BAD_MONTHS, ids=[case[0] for case in BAD_MONTHS])
def test_bad_months_are_refused_in_plain_words(typed: str, message: str) -> None:
    with pytest.raises(FieldError) as refusal:
        clean_month(typed, TODAY)
    assert str(refusal.value) == message
