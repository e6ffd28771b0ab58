"""Case actions: allowed transitions, exact refusals, versions, amendments kept beside the
original, and the office's rules for major cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask

from intake_api.office.casework import Actor, CaseworkError, Conflict
from intake_api.office.extension import Office

CLERK = Actor("张敏", "clerk")
OTHER_CLERK = Actor("李强", "clerk")
UNIT = Actor("住建局账号", "unit", "zjj")
DEADLINE = date(2021, 5, 25)


@pytest.fixture
def office(app: Flask) -> Office:
    return app.extensions["office"]


@pytest.fixture
def receipt(office: Office, file_complaint: Callable[..., str]) -> str:
    """One small (not major) complaint, imported."""
    filed = file_complaint(workers_affected=2, amount_owed="8000", owed_since="2021-03")
    with office.session() as session:
        office.sync(session)
    return filed


def act(office: Office, method: str, *args: object, **kwargs: object) -> object:
    with office.session() as session:
        return getattr(office.casework(session), method)(*args, **kwargs)


def refused(office: Office, method: str, *args: object, **kwargs: object) -> str:
    with pytest.raises(CaseworkError) as caught:
        act(office, method, *args, **kwargs)
    return str(caught.value)


def test_a_case_goes_from_received_to_closed_with_every_step_recorded(
    office: Office, receipt: str
) -> None:
    act(office, "assign", receipt, 1, CLERK, unit_id="zjj", deadline=DEADLINE, person="王工")
    act(office, "note", receipt, 2, UNIT, "已约谈老板，答应月底前支付。")
    case = act(office, "close", receipt, 3, UNIT, result="已足额支付", amount_recovered="8000")
    assert (case.status, case.closed_on, str(case.amount_recovered)) == (
        "closed",
        date(2021, 5, 10),
        "8000.00",
    )
    with office.session() as session:
        events = office.casework(session).events(receipt)
    assert [(e.version, e.kind, e.actor) for e in events] == [
        (2, "assign", "张敏"),
        (3, "note", "住建局账号"),
        (4, "close", "住建局账号"),
    ]
    assert json.loads(events[0].details) == {
        "deadline": "2021-05-25",
        "person": "王工",
        "unit_id": "zjj",
    }


@pytest.mark.parametrize(
    ("steps", "method", "args", "message"),
    [
        ([], "close", {"result": "x"}, "这件投诉还没有分派责任单位，不能办结；请先分派。"),
        (
            ["assign", "close"],
            "close",
            {"result": "再次办结"},
            "这件投诉已于 2021-05-10 办结，不能重复办结。",
        ),
        (
            ["assign", "close"],
            "assign",
            {"unit_id": "rsj", "deadline": DEADLINE},
            "这件投诉已于 2021-05-10 办结，不能分派；如需继续办理，请先“重新办理”。",
        ),
        ([], "reopen", {"reason": "x"}, "这件投诉现在是“待分派”，不需要重新办理。"),
        (
            ["invalid"],
            "assign",
            {"unit_id": "rsj", "deadline": DEADLINE},
            "“无效投诉”的投诉不能分派；如需继续办理，请先“重新办理”。",
        ),
        (
            [],
            "assign",
            {"unit_id": "rsj", "deadline": date(2021, 5, 9)},
            "办理期限不能早于今天（2021-05-10）。",
        ),
        (
            [],
            "mark_invalid",
            {"kind": "junk", "reason": "x"},
            "请选择无效的类型：骚扰或垃圾信息、测试数据、其他。",
        ),
        ([], "note", {"text": "  "}, "请填写办理情况。"),
    ],
    ids=[
        "close-unassigned",
        "close-twice",
        "assign-closed",
        "reopen-open",
        "assign-invalid",
        "deadline-past",
        "invalid-kind",
        "empty-note",
    ],
)
def test_impossible_actions_are_refused_and_change_nothing(
    office: Office, receipt: str, steps: list[str], method: str, args: dict, message: str
) -> None:
    version = 1
    for step in steps:
        if step == "assign":
            act(office, "assign", receipt, version, CLERK, unit_id="zjj", deadline=DEADLINE)
        elif step == "close":
            act(office, "close", receipt, version, CLERK, result="已支付")
        else:
            act(office, "mark_invalid", receipt, version, CLERK, kind="test", reason="测试")
        version += 1
    assert refused(office, method, receipt, version, CLERK, **args) == message
    with office.session() as session:
        assert office.casework(session).case(receipt, CLERK).version == version


def test_a_second_clerk_saving_an_old_version_is_told_what_changed(
    office: Office, receipt: str, clock
) -> None:
    clock.set("2021-05-10T10:15")
    act(office, "assign", receipt, 1, CLERK, unit_id="zjj", deadline=DEADLINE)
    with office.session() as session, pytest.raises(Conflict) as caught:
        office.casework(session).assign(receipt, 1, OTHER_CLERK, unit_id="rsj", deadline=DEADLINE)
    assert str(caught.value) == (
        "这件投诉在您打开之后已被 张敏 于 2021-05-10 10:15 修改，您的修改没有保存。"
        "请看下面的变化，再决定是否重新操作。"
    )
    assert [(e.kind, e.actor) for e in caught.value.events] == [("assign", "张敏")]
    with office.session() as session:
        assert office.casework(session).case(receipt, CLERK).unit_id == "zjj"


def test_a_close_without_a_result_keeps_nothing_and_reopen_clears_the_result(
    office: Office, receipt: str
) -> None:
    act(office, "assign", receipt, 1, CLERK, unit_id="zjj", deadline=DEADLINE)
    assert refused(office, "close", receipt, 2, CLERK, result="") == "请填写办结结果。"
    act(office, "close", receipt, 2, CLERK, result="已支付", amount_recovered="8000")
    case = act(office, "reopen", receipt, 3, CLERK, "工人反映只付了一半")
    assert (case.status, case.result, case.amount_recovered, case.unit_id) == (
        "assigned",
        None,
        None,
        "zjj",
    )
    with office.session() as session:
        history = office.casework(session).events(receipt)
    assert json.loads(history[1].details)["result"] == "已支付"  # the first close stays on record


def test_an_amendment_changes_the_value_and_keeps_the_original(
    office: Office, receipt: str
) -> None:
    case = act(office, "amend", receipt, 1, CLERK, "employer", "宜良某劳务公司", "工人电话更正")
    assert case.employer == "宜良某劳务公司"
    assert json.loads(case.original)["employer"] == "宜良某建筑劳务有限公司"
    assert (
        refused(office, "amend", receipt, 2, CLERK, "phone", "12345", "打错了")
        == "请填写 11 位中国大陆手机号码，例如 13812345678。"
    )
    assert refused(office, "amend", receipt, 2, CLERK, "receipt", "x", "y") == "这一项不能更正。"
    case = act(office, "amend", receipt, 2, CLERK, "owed_since", "2020-11", "核实")
    assert case.months_owed == 7  # November to May, both counted


def test_a_major_case_needs_its_leading_official_before_it_is_assigned(
    office: Office, file_complaint: Callable[..., str]
) -> None:
    big = file_complaint(workers_affected=45)
    with office.session() as session:
        office.sync(session)
    assert refused(office, "assign", big, 1, CLERK, unit_id="zjj", deadline=DEADLINE) == (
        "这是重大欠薪案件，按规定实行领导包案：请先填写包案领导，再分派。"
    )
    case = act(
        office, "assign", big, 1, CLERK, unit_id="zjj", deadline=DEADLINE, leader="副县长 李华"
    )
    assert case.leader == "副县长 李华"


def test_a_unit_account_only_notes_and_closes_its_own_cases(office: Office, receipt: str) -> None:
    assert refused(office, "note", receipt, 1, UNIT, "x") == "没有这个编号的投诉。"
    act(office, "assign", receipt, 1, CLERK, unit_id="zjj", deadline=DEADLINE)
    assert (
        refused(office, "mark_invalid", receipt, 2, UNIT, kind="spam", reason="x")
        == "单位账号不能标记为无效投诉，请联系领导小组办公室。"
    )
    act(office, "assign", receipt, 2, CLERK, unit_id="rsj", deadline=DEADLINE)
    assert refused(office, "note", receipt, 3, UNIT, "x") == "没有这个编号的投诉。"


def test_a_duplicate_points_at_a_case_that_is_not_itself_a_duplicate(
    office: Office, receipt: str, file_complaint: Callable[..., str]
) -> None:
    second, third = file_complaint(employer="乙公司"), file_complaint(employer="丙公司")
    with office.session() as session:
        office.sync(session)
    assert refused(office, "mark_duplicate", second, 1, CLERK, receipt[:5]) == (
        "请填写另一件投诉的受理编号。"
    )
    act(office, "mark_duplicate", second, 1, CLERK, receipt)
    assert refused(office, "mark_duplicate", third, 1, CLERK, second) == (
        f"{second} 本身是重复投诉，请填写它所重复的那一件。"
    )
