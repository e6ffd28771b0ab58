"""The complaint rules, shared by the HTML form and the JSON API (no web framework here).

``validate_complaint`` takes what arrived (strings from the form; JSON types from the API),
collects every problem at once, and returns either the cleaned fields or the errors keyed by
field, with messages in Chinese for the worker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from intake_api.public.chinese_numbers import has_chinese_numeral, parse_number
from intake_api.public.content import ONLINE

Source = Literal["form", "json"]

MAX_WORKERS = 100_000
MAX_AMOUNT = Decimal("100000000")  # 1 亿元: far above any single wage claim, below nonsense
EARLIEST_MONTH = (1990, 1)

LABELS = {
    "name": "姓名",
    "phone": "手机号码",
    "id_number": "身份证号码",
    "employer": "欠薪单位或老板",
    "project": "工程项目名称",
    "work_location": "务工地点",
    "workers_affected": "被欠薪人数",
    "amount_owed": "被欠工资总额（元）",
    "owed_since": "从哪个月开始欠薪",
    "description": "情况说明",
    "reported_elsewhere": "已向其他平台反映过",
    "rural_low_income": "农村低收入人员",
    "channel": "受理渠道",
    "consent": "同意",
}
# (required, longest length in characters, line breaks allowed)
TEXT_RULES = {
    "name": (True, 40, False),
    "employer": (True, 100, False),
    "project": (False, 100, False),
    "work_location": (True, 100, False),
    "description": (True, 2000, True),
}
BOOLEAN_FIELDS = ("reported_elsewhere", "rural_low_income", "consent")
FIELDS = (
    *LABELS,
    "website",
)
_KNOWN_FIELDS = frozenset(FIELDS)

_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_ID_NUMBER = re.compile(r"^[0-9]{17}[0-9X]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")
_COUNT = re.compile(r"^[0-9]{1,9}$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")
# What workers add after a number: "12000元", "3000块钱", "3人", "三个人", "2021年3月份".
_YUAN = re.compile(r"(元|块钱|块|圆)$")
_PEOPLE = re.compile(r"(个人|个|人|名|位)$")
_MONTH_WORDS = re.compile(r"^([0-9]{4})年([0-9]{1,2})月份?$")
_SPACES = re.compile(r"\s")
_DASHES = re.compile(r"[-－—]")
_COUNTRY_CODE = re.compile(r"^(\+86|0086)")
# Control characters (Unicode Cc), lone surrogates (Cs), the bidirectional overrides, isolates
# and marks that can make a name display as something else, and the noncharacters (U+FFFE and
# U+FFFF are not even allowed in XML, so one of them would break the office's xlsx export).
# Zero-width joiners (used by emoji) and private-use characters (rare CJK in old fonts) stay.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# U+FFFD is what a wrongly encoded byte becomes (a GBK form read as UTF-8): the text is lost.
_REPLACEMENT = "\ufffd"
# Line and paragraph separators are line breaks too, for the one-line fields.
_LINE_BREAKS = re.compile("[\n\u2028\u2029]")
# Thousands separators only where they belong: "12,000" but never "1,2,3" or "12,34".
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")

MESSAGES = {
    "required": "请填写{label}。",
    "too_long": "{label}不能超过 {limit} 个字（现在是 {length} 个）。",
    "control": "{label}含有无法显示的控制字符，请删除后再提交。",
    "garbled": "{label}含有乱码（�），请删除后重新输入。",
    "line_break": "{label}只能写一行。",
    "text_type": "应为文字。",
    "integer_type": "应为整数（不要加引号，也不能是 true/false）。",
    "amount_type": "应为数字或数字文字，例如 3500.50。",
    "boolean_type": "应为 true 或 false（不要加引号）。",
    "phone": "请填写 11 位中国大陆手机号码，例如 13812345678。",
    "id_format": "身份证号码应为 18 位，前 17 位是数字，最后一位是数字或 X。",
    "id_date": "身份证号码中的出生日期不对，请核对。",
    "id_check": "身份证号码最后一位（校验位）不对，请核对。",
    "workers": "被欠薪人数应为 1 到 100000 之间的整数。",
    "amount": "请填写欠薪金额（元），最多两位小数，例如 12000 或 3500.50。",
    "amount_range": "欠薪金额应在 0 到 1 亿元之间。",
    "amount_positive": "欠薪金额应大于 0 元。",
    "month": "请按“年-月”填写，例如 2021-03。",
    "month_future": "开始欠薪的月份不能晚于本月（{month}）。",
    "month_past": "开始欠薪的月份不能早于 1990 年 1 月。",
    "consent": "请勾选同意，我们才能受理和处理您的投诉。",
    "channel": "请选择受理渠道。",
    "channel_online_only": "网上只能提交“网上提交”渠道的投诉；现场接访由工作人员登记。",
    "unknown": "不接受这个字段。",
}


class FieldError(ValueError):
    """One problem with one field's value."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of validation: cleaned fields, or every error by field."""

    fields: dict[str, object]
    errors: dict[str, list[str]]

    @property
    def ok(self) -> bool:
        return not self.errors


def _message(key: str, field: str, **values: object) -> str:
    return MESSAGES[key].format(label=LABELS.get(field, field), **values)


def clean_text(value: object, field: str, *, limit: int, multiline: bool) -> str:
    """NFC-normalized, trimmed text; control characters refused, rare CJK and emoji kept."""
    if not isinstance(value, str):
        raise FieldError(MESSAGES["text_type"])
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if _FORBIDDEN.search(text) or ("\t" in text and not multiline):
        raise FieldError(_message("control", field))
    if _REPLACEMENT in text:
        raise FieldError(_message("garbled", field))
    if _LINE_BREAKS.search(text) and not multiline:
        raise FieldError(_message("line_break", field))
    if len(text) > limit:
        raise FieldError(_message("too_long", field, limit=limit, length=len(text)))
    return text


def _digits(value: object) -> str:
    """Text with full-width digits and signs folded (NFKC) and spaces removed."""
    if not isinstance(value, str):
        raise FieldError(MESSAGES["text_type"])
    return _SPACES.sub("", unicodedata.normalize("NFKC", value))


def clean_phone(value: object) -> str:
    """A mainland mobile number, 11 digits, with an optional +86 prefix removed."""
    phone = _DASHES.sub("", _digits(value))
    phone = _COUNTRY_CODE.sub("", phone)
    if not _MOBILE.match(phone):
        raise FieldError(MESSAGES["phone"])
    return phone


def clean_id_number(value: object) -> str:
    """An 18-character resident ID number whose birth date and GB 11643 check digit agree."""
    number = _DASHES.sub("", _digits(value)).upper()
    if not _ID_NUMBER.match(number):
        raise FieldError(MESSAGES["id_format"])
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise FieldError(MESSAGES["id_date"]) from None
    if born.year < 1900:
        raise FieldError(MESSAGES["id_date"])
    total = sum(int(d) * weight for d, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        raise FieldError(MESSAGES["id_check"])
    return number


def clean_workers(value: object, source: Source) -> int:
    """How many workers are owed: an integer from 1 to 100000 (never a boolean)."""
    if isinstance(value, bool) or (source == "json" and not isinstance(value, int)):
        raise FieldError(MESSAGES["integer_type"])
    if isinstance(value, str):
        text = _PEOPLE.sub("", _digits(value))
        if has_chinese_numeral(text):
            value = _whole_number(text)
        elif _COUNT.match(text):
            value = int(text)
        else:
            raise FieldError(MESSAGES["workers"])
    if not isinstance(value, int) or not 1 <= value <= MAX_WORKERS:
        raise FieldError(MESSAGES["workers"])
    return value


def _whole_number(text: str) -> int:
    """A count written with Chinese numerals ("十二", "三"), or FieldError."""
    try:
        number = parse_number(text)
    except ValueError:
        raise FieldError(MESSAGES["workers"]) from None
    if number != number.to_integral_value():
        raise FieldError(MESSAGES["workers"])
    return int(number)


def clean_amount(value: object) -> Decimal:
    """Yuan as an exact Decimal: finite, 0 to 1 亿, at most two decimal places.

    Text may say it as workers do: "12000元", "1.2万", "一万二", "三千五", "3千".
    """
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise FieldError(MESSAGES["amount_type"])
    if isinstance(value, str):
        text = _YUAN.sub("", _digits(value))
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if has_chinese_numeral(text) and len(text) <= 20:
            try:
                value = parse_number(text)
            except ValueError:
                raise FieldError(MESSAGES["amount"]) from None
        elif _AMOUNT.match(text):
            value = Decimal(text)
        else:
            raise FieldError(MESSAGES["amount"])
    try:
        amount = Decimal(value)
        exponent = amount.as_tuple().exponent
    except (InvalidOperation, ValueError):
        raise FieldError(MESSAGES["amount"]) from None
    if not amount.is_finite() or not isinstance(exponent, int):
        raise FieldError(MESSAGES["amount"])
    if not Decimal(0) <= amount <= MAX_AMOUNT:
        raise FieldError(MESSAGES["amount_range"])
    if exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise FieldError(MESSAGES["amount"])
    return amount.quantize(Decimal("0.01")).copy_abs()


def clean_amount_owed(value: object) -> Decimal:
    """What is owed: an amount as ``clean_amount`` reads it, and more than 0."""
    amount = clean_amount(value)
    if amount == 0:  # nothing owed is no complaint; clean_amount takes 0 for sums recovered
        raise FieldError(MESSAGES["amount_positive"])
    return amount


def clean_month(value: object, today: date) -> str:
    """``YYYY-MM`` (typed 2021-03, 2021.3, 2021/03, 2021年3月), from 1990 to this month."""
    text = _digits(value)
    text = _MONTH_WORDS.sub(r"\1-\2", text)  # "2021年3月"
    match = _MONTH.match(text.replace("/", "-").replace(".", "-"))
    if not match or not 1 <= int(match[2]) <= 12:
        raise FieldError(MESSAGES["month"])
    month = (int(match[1]), int(match[2]))
    if month > (today.year, today.month):
        raise FieldError(MESSAGES["month_future"].format(month=f"{today:%Y-%m}"))
    if month < EARLIEST_MONTH:
        raise FieldError(MESSAGES["month_past"])
    return f"{month[0]:04d}-{month[1]:02d}"


def clean_boolean(value: object) -> bool:
    """A real boolean: JSON true/false, or a ticked box; the string "false" is refused."""
    if not isinstance(value, bool):
        raise FieldError(MESSAGES["boolean_type"])
    return value


def validate_complaint(
    raw: Mapping[str, object], *, today: date, channels: Collection[str], source: Source
) -> Verdict:
    """Check every field of one complaint (an absent channel is online); collect every error."""
    errors: dict[str, list[str]] = {}
    fields: dict[str, object] = {}

    def check(field: str, clean: Callable[[object], object], *, required: bool = True) -> None:
        value = raw.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                errors[field] = [_message("required", field)]
            return
        try:
            fields[field] = clean(value)
        except FieldError as error:
            errors[field] = [str(error)]

    for field in sorted(raw.keys() - _KNOWN_FIELDS):
        errors[field] = [MESSAGES["unknown"]]
    for field, (required, limit, multiline) in TEXT_RULES.items():
        check(
            field,
            lambda v, f=field, n=limit, m=multiline: clean_text(v, f, limit=n, multiline=m),
            required=required,
        )
    check("phone", clean_phone)
    check("id_number", clean_id_number, required=False)
    check("workers_affected", lambda v: clean_workers(v, source))
    check("amount_owed", clean_amount_owed)
    check("owed_since", lambda v: clean_month(v, today))
    for field in BOOLEAN_FIELDS:
        try:
            fields[field] = clean_boolean(raw.get(field, False))
        except FieldError as error:
            errors[field] = [str(error)]
    if fields.get("consent") is False and "consent" not in errors:
        errors["consent"] = [MESSAGES["consent"]]
    channel = raw.get("channel")
    if channel is None:
        channel = ONLINE
    if isinstance(channel, str) and channel in channels:
        fields["channel"] = channel
    else:
        online_only = set(channels) == {ONLINE}
        errors["channel"] = [MESSAGES["channel_online_only" if online_only else "channel"]]
    return Verdict(fields={} if errors else fields, errors=errors)
