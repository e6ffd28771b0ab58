"""The keys of ``content/office.yaml``, declared once (see :mod:`field_spec`).

The office's casework rules are read by the intake app (``intake_api/office/settings.py``),
which checks every read against :data:`OFFICE`; they are declared here, beside the content
files' declarations, so that ``site-builder schema`` makes ``office.schema.json`` without
importing the app (or Flask). Change a key here together with the code that reads it, then
run ``site-builder schema --out schemas``.
"""

from __future__ import annotations

from site_builder.field_spec import Field, Shape, When

FILE_NAME = "office.yaml"
# The cadences of intake_api.office.periods.CADENCES: settings.py reads the key with those
# options, and a read with other options fails at once (UndeclaredField).
CADENCES = ("monthly", "weekly", "quarterly")
_DAYS = "一二三四五六日"
# Every way the weekly report's due weekday may be written, and the weekday it means
# (1 = Monday): settings.py reads it through this table, the schema lists its keys.
DUE_WEEKDAYS: dict[str, int] = {
    **{str(number): number for number in range(1, 8)},
    **{f"星期{day}": number for number, day in enumerate(_DAYS, start=1)},
    **{f"周{day}": number for number, day in enumerate(_DAYS, start=1)},
    "星期天": 7,
    "周天": 7,
    **{chr(ord("０") + number): number for number in range(1, 8)},  # typed with a Chinese IME
}

MAJOR_CASE = Shape(
    "重大欠薪案件（领导包案）的标准：满足任意一条即为重大案件",
    {
        "workers": Field("integer", "涉及人数达到几人（默认 30）", minimum=1),
        "amount": Field("integer", "欠薪金额达到几元（默认 1000000，即 100 万元）", minimum=1),
        "months": Field(
            "integer",
            "欠薪月数达到几个月（默认 6；从开始欠薪的月份到受理的月份，两头都算）",
            minimum=1,
        ),
    },
)

OFFICE = Shape(
    "office.yaml：领导小组办公室的办理规则；每项都可以不写，不写就用默认值",
    {
        "major_case": Field("mapping", "重大欠薪案件（领导包案）的标准", shape=MAJOR_CASE),
        "unassigned_after_days": Field(
            "integer", "收到后超过几天未分派，标为“久未分派”（默认 3）", minimum=1
        ),
        "duplicate_window_days": Field(
            "integer",
            "同一手机号或身份证号、同一欠薪单位，几天内再次投诉标为“疑似重复”（默认 90）",
        ),
        "deadline_days": Field("integer", "分派时默认的办理期限，几天（默认 15）", minimum=1),
        "report_cadence": Field(
            "choice",
            "报送周期：monthly（每月，默认）、weekly（每周）或 quarterly（每季度）",
            options=CADENCES,
        ),
        # `high` only goes into the schema: settings.py checks the 28 itself.
        "report_due_day": Field(
            "integer",
            "月报、季报在次月（季度后第一个月）几日前报送，1 到 28（默认 2）；周报不写",
            minimum=1,
            high=28,
        ),
        "report_due_weekday": Field(
            "text",
            "周报在下周星期几前报送：1（星期一）到 7（星期日），或 星期一、周一（默认 1）；"
            "只用于 report_cadence: weekly",
            enum=tuple(DUE_WEEKDAYS),
        ),
        "zero_reports": Field(
            "boolean", "本期没有任何投诉、接访和结转案件时也要报送（零报告）：true 或 false"
        ),
    },
    (
        # No cadence (or an empty one) is monthly, the default.
        When("report_cadence", ("monthly", "quarterly", None), forbid=("report_due_weekday",)),
        When("report_cadence", ("weekly",), forbid=("report_due_day",)),
    ),
)
