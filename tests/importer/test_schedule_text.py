"""Editing one session of schedule.yaml keeps every other line, comments included."""

from __future__ import annotations

import pytest

from site_builder.importer.schedule_text import ScheduleEditError, ScheduleText, flow

SCHEDULE = """\
sessions:
  # 第一次
  - id: a
    date: 2021-05-10   # 周一
    lead:
      unit: rsj
      title: 局长
    units:
      - rsj
      - zjj
    # 备注
  - {id: b, date: 2021-05-11}
"""


def test_block_values_become_one_line_and_the_rest_stays() -> None:
    text = ScheduleText(SCHEDULE)
    text.set("a", "date", "2021-05-12")
    text.set("a", "lead", flow({"unit": "zjj", "title": "分管负责同志"}))
    text.set("a", "units", flow(["rsj"]))
    text.add_change("a", [("announced", "2021-05-06"), ("kind", "rescheduled")])
    text.comment("a", "# 请核对：x")
    assert text.text == (
        "sessions:\n"
        "  # 第一次\n"
        "  # 请核对：x\n"
        "  - id: a\n"
        "    date: 2021-05-12   # 周一\n"
        "    lead: {unit: zjj, title: 分管负责同志}\n"
        "    units: [rsj]\n"
        "    changes:\n"
        "      - announced: 2021-05-06\n"
        "        kind: rescheduled\n"
        "    # 备注\n"
        "  - {id: b, date: 2021-05-11}\n"
    )


def test_texts_that_yaml_would_misread_are_quoted_in_flow_values() -> None:
    assert flow({"text": "设临时接访点, 照常受理", "note": "下午2:30"}) == (
        "{text: '设临时接访点, 照常受理', note: '下午2:30'}"
    )


def test_a_session_written_on_one_line_is_left_to_the_clerk() -> None:
    text = ScheduleText(SCHEDULE)
    with pytest.raises(ScheduleEditError) as refused:
        text.set("b", "date", "2021-05-12")
    assert str(refused.value) == "session b is written on one line"
    assert text.text == SCHEDULE
