"""The staff console through the real app: sign-in, scope, the access log, conflicts,
refusals, walk-in complaints, CSRF and the queue banner (on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from console_support import (
    PASSWORD,
    access_log,
    add_user,
    assign,
    imported,
    page_text,
    search,
    signed_in,
)
from flask import Flask
from intake_support import REPO, VALID, queued
from sqlalchemy import select

from intake_api.office.casework import Actor
from intake_api.office.console.views import LOGIN_FAILED, LOGIN_LIMITED
from intake_api.office.masking import mask_id_number, shown_id_number
from intake_api.office.models import Case, CaseEvent
from intake_api.queue.receipts import display_receipt

ID_NUMBER = "530125199003070010"
NOT_FOUND = "没有这个编号的投诉。"


def version_in(html: str, action: str) -> str:
    """The case version a form on the page carries."""
    match = re.search(rf'name="{action}-version" type="hidden" value="(\d+)"', html)
    assert match, f"no {action} form on the page"
    return match[1]


def test_the_console_asks_for_a_sign_in_and_comes_back_to_the_page(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint()
    add_user(app, "张敏", "clerk")
    client = app.test_client()
    response = client.get(f"/office/cases/{receipt}?q=13812345678")
    assert response.status_code == 303
    assert response.location == f"/office/login?next=/office/cases/{receipt}"  # no query
    response = client.post(
        "/office/login",
        data={"name": "张敏", "password": PASSWORD, "next_page": f"/office/cases/{receipt}"},
    )
    assert (response.status_code, response.location) == (303, f"/office/cases/{receipt}")
    assert client.get(f"/office/cases/{receipt}").status_code == 200


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/office/", "//evil.example/office/", "/\\evil.example", "/complaints"],
    ids=["absolute", "scheme-relative", "backslash", "outside-console"],
)
def test_after_sign_in_only_a_console_page_is_a_destination(app: Flask, target: str) -> None:
    add_user(app, "张敏", "clerk")
    response = app.test_client().post(
        "/office/login", data={"name": "张敏", "password": PASSWORD, "next_page": target}
    )
    assert (response.status_code, response.location) == (303, "/office/cases")


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(app: Flask) -> None:
    add_user(app, "张敏", "clerk")
    client = app.test_client()
    wrong_password = client.post("/office/login", data={"name": "张敏", "password": "x" * 12})
    wrong_name = client.post("/office/login", data={"name": "李四", "password": PASSWORD})
    for response in (wrong_password, wrong_name):
        assert response.status_code == 422
        assert LOGIN_FAILED == "账号或密码不对，请重新输入。"
        assert LOGIN_FAILED in response.get_data(as_text=True)
    assert page_text(wrong_password.get_data(as_text=True)) == page_text(
        wrong_name.get_data(as_text=True)
    )
    assert client.get("/office/cases").status_code == 303


def test_signing_in_starts_a_new_session_and_signing_out_ends_it(app: Flask) -> None:
    add_user(app, "张敏", "clerk")
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"
    client.post("/office/login", data={"name": "张敏", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
    client.get("/office/logout")  # only a POST signs out
    assert client.get("/office/cases").status_code == 200
    response = client.post("/office/logout")
    assert (response.status_code, response.location) == (303, "/office/login")
    assert "您已退出登录。" in client.get("/office/login").get_data(as_text=True)
    assert client.get("/office/cases").status_code == 303


def test_sign_in_attempts_are_limited_per_account_name_and_per_address(app: Flask) -> None:
    add_user(app, "张敏", "clerk")
    client = app.test_client()
    for _ in range(5):
        assert (
            client.post("/office/login", data={"name": "张敏", "password": "x"}).status_code == 422
        )
    limited = client.post("/office/login", data={"name": "张敏", "password": PASSWORD})
    assert limited.status_code == 429
    assert LOGIN_LIMITED in limited.get_data(as_text=True)
    for number in range(4):  # other names, same address: ten attempts in all
        client.post("/office/login", data={"name": f"猜{number}", "password": "x"})
    response = client.post("/office/login", data={"name": "另一个", "password": "x"})
    assert response.status_code == 429


def test_a_session_idle_too_long_ends_with_a_message(app: Flask, clock) -> None:
    client = signed_in(app, "张敏")
    clock.set("2021-05-10T09:29")
    assert client.get("/office/cases").status_code == 200
    clock.set("2021-05-10T09:58")  # 29 minutes after the last request: still fine
    assert client.get("/office/cases").status_code == 200
    clock.set("2021-05-10T10:29")
    response = client.get("/office/cases")
    assert (response.status_code, response.location) == (303, "/office/login?next=/office/cases")
    login_page = page_text(client.get(response.location).get_data(as_text=True))
    assert "您已超过 30 分钟没有操作，为了安全已退出登录，请重新登录。" in login_page
    assert client.get("/office/cases").status_code == 303


def test_a_busy_session_still_ends_after_its_hours(app: Flask, clock) -> None:
    client = signed_in(app, "张敏")  # at 09:00
    for minutes in range(20, 12 * 60 + 1, 20):  # a request every 20 minutes until 21:00
        clock.set(f"2021-05-10T{9 + minutes // 60:02d}:{minutes % 60:02d}")
        assert client.get("/office/cases").status_code == 200
    clock.set("2021-05-10T21:01")  # twelve hours and a minute after the sign-in
    response = client.get("/office/cases")
    assert (response.status_code, response.location) == (303, "/office/login?next=/office/cases")
    login_page = page_text(client.get(response.location).get_data(as_text=True))
    assert "您已登录超过 12 小时，为了安全已退出登录，请重新登录。" in login_page


def test_a_unit_account_sees_only_its_own_cases(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    own = file_complaint(id_number=ID_NUMBER, employer="甲公司")
    other = file_complaint(employer="乙公司")
    unassigned = file_complaint(employer="丙公司")
    imported(app)
    assign(app, own, "zjj")
    assign(app, other, "rsj")
    unit = signed_in(app, "县住建局", "unit", "zjj")
    listing = unit.get("/office/cases").get_data(as_text=True)
    assert display_receipt(own) in listing
    assert display_receipt(other) not in listing and display_receipt(unassigned) not in listing
    assert '<select id="unit"' not in listing  # no unit filter for a unit
    for hidden in (other, unassigned, "7KQ2M9XD3HT8"):
        response = unit.get(f"/office/cases/{hidden}")
        assert response.status_code == 404
        assert NOT_FOUND in response.get_data(as_text=True)
    note = unit.post(f"/office/cases/{other}/note", data={"note-version": "2", "note-text": "x"})
    assert note.status_code == 404
    page = unit.get(f"/office/cases/{own}").get_data(as_text=True)
    assert ID_NUMBER in page  # the case is assigned to this unit: the full number
    assert "/office/walk-in" not in page and "/office/access-log" not in page
    assert "/office/reports" not in page
    assert unit.get("/office/walk-in").status_code == 403
    assert unit.get("/office/access-log").status_code == 403


def test_only_the_unit_a_case_is_assigned_to_and_the_office_see_the_full_id_number() -> None:
    assert mask_id_number("530125199003070010") == "5301**********0010"
    assert mask_id_number(None) == ""
    case = Case(unit_id="zjj")
    shown = {
        actor: shown_id_number(actor, case, "530125199003070010")
        for actor in (
            Actor("张敏", "clerk"),
            Actor("管理员", "admin"),
            Actor("县住建局", "unit", "zjj"),
            Actor("县人社局", "unit", "rsj"),
        )
    }
    assert list(shown.values()) == [
        "530125199003070010",
        "530125199003070010",
        "530125199003070010",
        "5301**********0010",
    ]


def test_a_unit_account_may_note_and_close_but_not_assign(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint()
    imported(app)
    assign(app, receipt, "zjj")
    unit = signed_in(app, "县住建局", "unit", "zjj")
    page = unit.get(f"/office/cases/{receipt}").get_data(as_text=True)
    assert 'name="note-version"' in page and 'name="close-version"' in page
    assert 'name="assign-version"' not in page
    response = unit.post(
        f"/office/cases/{receipt}/assign",
        data={"assign-version": "2", "assign-unit_id": "rsj", "assign-deadline": "2021-05-30"},
    )
    assert response.status_code == 422
    assert "单位账号不能分派，请联系领导小组办公室。" in page_text(response.get_data(as_text=True))


def test_every_view_of_personal_data_is_in_the_access_log(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    first, second = file_complaint(), file_complaint(phone="13900001111")
    clerk = signed_in(app, "张敏")
    clerk.get("/office/cases")
    clerk.get(search(clerk, "13900001111"))
    clerk.get(f"/office/cases/{first}")
    clerk.get(search(clerk, "nobody-like-this"))  # nothing shown: nothing to log
    assert access_log(app) == [
        ("张敏", "list", " ".join(sorted([first, second]))),
        ("张敏", "list", second),
        ("张敏", "view", first),
    ]
    admin = signed_in(app, "管理员", "admin")
    log_page = page_text(admin.get("/office/access-log").get_data(as_text=True))
    assert f"张敏 查看投诉 {display_receipt(first)}" in log_page
    assert "13900001111" not in log_page  # the search is never written down
    assert signed_in(app, "李强").get("/office/access-log").status_code == 403


def test_a_save_based_on_an_old_version_shows_the_other_change_and_overwrites_nothing(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint()
    first, second = signed_in(app, "张敏"), signed_in(app, "李强")
    page_one = first.get(f"/office/cases/{receipt}").get_data(as_text=True)
    page_two = second.get(f"/office/cases/{receipt}").get_data(as_text=True)
    saved = first.post(
        f"/office/cases/{receipt}/assign",
        data={
            "assign-version": version_in(page_one, "assign"),
            "assign-unit_id": "zjj",
            "assign-person": "王工",
            "assign-deadline": "2021-05-25",
        },
    )
    assert (saved.status_code, saved.location) == (303, f"/office/cases/{receipt}")
    late = second.post(
        f"/office/cases/{receipt}/assign",
        data={
            "assign-version": version_in(page_two, "assign"),
            "assign-unit_id": "rsj",
            "assign-deadline": "2021-05-30",
        },
    )
    assert late.status_code == 409
    text = page_text(late.get_data(as_text=True))
    assert (
        "这件投诉在您打开之后已被 张敏 于 2021-05-10 09:00 修改，您的修改没有保存。"
        "请看下面的变化，再决定是否重新操作。 分派给县住建局（责任人：王工），办理期限 2021-05-25。"
    ) in text
    assert version_in(late.get_data(as_text=True), "assign") == "2"  # a retry would be current
    assert 'value="2021-05-30"' in late.get_data(as_text=True)  # what the clerk typed stays
    with app.extensions["office"].session() as db:
        case = db.get(Case, receipt)
        assert (case.unit_id, case.deadline.isoformat(), case.version) == ("zjj", "2021-05-25", 2)
        assert len(db.execute(select(CaseEvent)).all()) == 1


@pytest.mark.parametrize(
    ("prepare", "action", "data", "message", "offered"),
    [
        (
            [],
            "close",
            {"close-result": "已结清"},
            "这件投诉还没有分派责任单位，不能办结；请先分派。",
            False,
        ),
        (
            ["assign", "close"],
            "close",
            {"close-result": "又结清"},
            "这件投诉已于 2021-05-10 办结，不能重复办结。",
            False,
        ),
        (
            ["assign", "close"],
            "assign",
            {"assign-unit_id": "rsj", "assign-deadline": "2021-05-30"},
            "这件投诉已于 2021-05-10 办结，不能分派；如需继续办理，请先“重新办理”。",
            False,
        ),
        (
            [],
            "assign",
            {"assign-unit_id": "", "assign-deadline": "2021-05-30"},
            "请选择责任单位。",
            True,
        ),
        (
            [],
            "assign",
            {"assign-unit_id": "zjj", "assign-deadline": "5月30日"},
            "请按“年-月-日”填写办理期限，例如 2021-05-30。",
            True,
        ),
        (
            [],
            "duplicate",
            {"duplicate-of": "not a receipt"},
            "请填写另一件投诉的受理编号，例如 2611 3084 5528。",
            True,
        ),
        (
            [],
            "amend",
            {"amend-field": "phone", "amend-value": "12345", "amend-reason": "电话核实"},
            "请填写 11 位中国大陆手机号码，例如 13812345678。",
            True,
        ),
    ],
    ids=[
        "close-unassigned",
        "close-twice",
        "assign-closed",
        "no-unit",
        "bad-date",
        "bad-of",
        "bad-phone",
    ],
)
def test_an_impossible_action_is_refused_with_its_reason_and_the_values_kept(
    app: Flask,
    file_complaint: Callable[..., str],
    prepare: list[str],
    action: str,
    data: dict[str, str],
    message: str,
    offered: bool,
) -> None:
    """The form stays (with what was typed) while the action is still possible."""
    receipt = file_complaint()
    clerk = signed_in(app, "张敏")
    steps = {
        "assign": {"assign-unit_id": "zjj", "assign-deadline": "2021-05-25"},
        "close": {"close-result": "已结清", "close-amount_recovered": "86000"},
    }
    for number, step in enumerate(prepare, start=1):
        done = clerk.post(
            f"/office/cases/{receipt}/{step}", data={f"{step}-version": str(number), **steps[step]}
        )
        assert done.status_code == 303
    version = str(len(prepare) + 1)
    response = clerk.post(
        f"/office/cases/{receipt}/{action}", data={f"{action}-version": version, **data}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in page_text(html)
    assert (f'name="{action}-version"' in html) is offered
    if offered:
        assert all(f'value="{value}"' in html for value in data.values() if value)
    with app.extensions["office"].session() as db:
        assert db.get(Case, receipt).version == int(version)


def test_a_major_case_asks_for_its_leading_official(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint(workers_affected=40)
    clerk = signed_in(app, "张敏")
    page = page_text(clerk.get(f"/office/cases/{receipt}").get_data(as_text=True))
    assert "重大案件" in page
    assert "包案领导 （必填：重大案件实行领导包案）" in page
    form = {"assign-version": "1", "assign-unit_id": "zjj", "assign-deadline": "2021-05-25"}
    refused = clerk.post(f"/office/cases/{receipt}/assign", data=form)
    assert refused.status_code == 422
    assert "这是重大欠薪案件，按规定实行领导包案：请先填写包案领导，再分派。" in page_text(
        refused.get_data(as_text=True)
    )
    done = clerk.post(f"/office/cases/{receipt}/assign", data={**form, "assign-leader": "副县长"})
    assert done.status_code == 303
    page = page_text(clerk.get(done.location).get_data(as_text=True))
    assert "已分派。" in page
    assert "张敏 ：分派给县住建局，办理期限 2021-05-25，包案领导：副县长。" in page


def test_an_amendment_shows_the_original_value_who_changed_it_and_why(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint(employer="宜良某建筑劳务有限公")
    clerk = signed_in(app, "张敏")
    response = clerk.post(
        f"/office/cases/{receipt}/amend",
        data={
            "amend-version": "1",
            "amend-field": "employer",
            "amend-value": "宜良某建筑劳务有限公司",
            "amend-reason": "当事人来电更正",
        },
    )
    assert response.status_code == 303
    page = page_text(clerk.get(response.location).get_data(as_text=True))
    assert (
        "欠薪单位或老板 宜良某建筑劳务有限公司 原始登记：宜良某建筑劳务有限公 "
        "张敏 于 2021-05-10 09:00 更正为“宜良某建筑劳务有限公司”，原因：当事人来电更正"
    ) in page
    assert (
        "更正欠薪单位或老板：由“宜良某建筑劳务有限公”改为“宜良某建筑劳务有限公司”。"
        "原因：当事人来电更正"
    ) in page


def test_the_list_filters_searches_and_pages(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    queue = app.extensions["intake"].queue
    office = app.extensions["office"]
    fields = {**VALID, "rural_low_income": False}
    for number in range(51):
        queue.append(
            {**fields, "phone": f"139{number:08d}"},
            received_at=office.now(),
            channel="online",
            source="json",
        )
    rural = file_complaint(name="赵大", phone="13712345678")
    clerk = signed_in(app, "张敏")
    first = page_text(clerk.get("/office/cases").get_data(as_text=True))
    assert "找到 52 件" in first and "第 1 页，共 2 页" in first
    assert first.index(display_receipt(rural)) < first.index("王小明")  # rural low-income first
    second = page_text(clerk.get("/office/cases?page=2").get_data(as_text=True))
    assert second.count("网上提交 王小明") == 2  # 50 on the first page, the rest here
    for query in (display_receipt(rural).lower(), "13712345678", "赵大"):
        found = page_text(clerk.get(search(clerk, query)).get_data(as_text=True))
        assert "找到 1 件" in found and display_receipt(rural) in found
    flagged = page_text(clerk.get("/office/cases?flag=rural_low_income").get_data(as_text=True))
    assert "找到 1 件" in flagged and "低收入" in flagged
    assert "找到 0 件" in page_text(clerk.get("/office/cases?month=2021-04").get_data(as_text=True))
    bad_month = page_text(clerk.get("/office/cases?month=May").get_data(as_text=True))
    assert "月份请按“年-月”填写，例如 2021-05；这一条件没有使用。" in bad_month
    assert "找到 52 件" in bad_month


def test_a_search_keeps_the_phone_out_of_every_address(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    wanted = file_complaint(phone="13712345678")
    file_complaint(phone="13900001111")
    clerk = signed_in(app, "张敏")
    listing = search(clerk, "13712345678", status="open", flag="rural_low_income")
    assert listing.startswith("/office/cases?status=open&flag=rural_low_income&search=")
    html = clerk.get(listing).get_data(as_text=True)
    assert 'value="13712345678"' in html  # the search box still shows it, on the page only
    next_page = clerk.get(search(clerk, "1371234", status="open")).get_data(as_text=True)
    assert "13712345678" not in "".join(re.findall(r'href="([^"]*)"', next_page))
    found = page_text(clerk.get(search(clerk, "13712345678")).get_data(as_text=True))
    assert "找到 1 件" in found and display_receipt(wanted) in found
    elsewhere = signed_in(app, "李强")  # another browser does not know this session's key
    expired = page_text(elsewhere.get(listing).get_data(as_text=True))
    assert "查找的内容已经过期（重新登录后不再保留），请重新输入后再点“筛选”。" in expired
    assert "找到 0 件" not in expired  # the other filters still apply, without the search


def test_a_walk_in_complaint_goes_into_the_queue_and_the_database(
    app: Flask, queue_path: Path
) -> None:
    clerk = signed_in(app, "张敏")
    form = {key: str(value) for key, value in VALID.items() if not isinstance(value, bool)}
    form |= {"rural_low_income": "y", "consent": "y", "channel": "session:2021-05-10"}
    response = clerk.post("/office/walk-in", data=form)
    assert response.status_code == 303
    receipt = response.location.rsplit("/", 1)[1]
    [line] = queued(queue_path)
    assert (line["receipt"], line["channel"], line["source"]) == (
        receipt,
        "session:2021-05-10",
        "office:张敏",
    )
    with app.extensions["office"].session() as db:
        case = db.get(Case, receipt)
        assert (case.channel, case.name, case.rural_low_income) == (
            "session:2021-05-10",
            "王小明",
            True,
        )
    page = page_text(clerk.get(response.location).get_data(as_text=True))
    assert f"已登记，受理编号 {display_receipt(receipt)}。请把编号告诉当事人。" in page
    assert "张敏（现场登记） ：收到投诉（现场接访：2021年5月10日（星期一）" in page


def test_a_walk_in_form_posted_twice_is_registered_once(app: Flask, queue_path: Path) -> None:
    clerk = signed_in(app, "张敏")
    form = {key: str(value) for key, value in VALID.items() if not isinstance(value, bool)}
    form |= {"consent": "y", "channel": "session:2021-05-10", "submission": "a" * 24}
    first = clerk.post("/office/walk-in", data=form)
    clerk.get(first.location)  # the first answer's message is read
    again = clerk.post("/office/walk-in", data=form)  # a double click, or 重新提交 after back
    assert (again.status_code, again.location) == (303, first.location)
    receipt = first.location.rsplit("/", 1)[1]
    page = page_text(clerk.get(again.location).get_data(as_text=True))
    assert f"这件投诉刚才已经登记过，受理编号 {display_receipt(receipt)}，没有重复登记。" in page
    other = clerk.post("/office/walk-in", data={**form, "employer": "乙公司"})
    assert other.status_code == 409
    assert (
        f"这张表已经登记过一次，受理编号 {display_receipt(receipt)}。如果这是另一件投诉，"
        "请核对下面的内容后再点一次“登记”。"
    ) in page_text(other.get_data(as_text=True))
    assert 'value="乙公司"' in other.get_data(as_text=True)
    assert [line["receipt"] for line in queued(queue_path)] == [receipt]


@pytest.mark.parametrize(
    ("channel", "message"),
    [
        ("", "请选择受理渠道。"),
        ("online", "请选择受理渠道。"),
        ("session:2021-05-24", "请选择受理渠道。"),
    ],
    ids=["none", "online", "future-session"],
)
def test_a_walk_in_complaint_needs_a_session_held_so_far(
    app: Flask, queue_path: Path, channel: str, message: str
) -> None:
    clerk = signed_in(app, "张敏")
    form = {key: str(value) for key, value in VALID.items() if not isinstance(value, bool)}
    response = clerk.post("/office/walk-in", data={**form, "channel": channel, "phone": "123"})
    assert response.status_code == 422
    text = page_text(response.get_data(as_text=True))
    assert f"受理渠道：{message}" in text
    assert "手机号码：请填写 11 位中国大陆手机号码，例如 13812345678。" in text
    assert "同意：" not in text and "已向当事人说明个人信息的用途" in text
    assert 'value="宜良某建筑劳务有限公司"' in response.get_data(as_text=True)
    assert queued(queue_path) == []


def test_before_the_first_session_there_is_nothing_to_enter(app: Flask, clock) -> None:
    clock.set("2021-04-01T09:00")
    clerk = signed_in(app, "张敏")
    page = page_text(clerk.get("/office/walk-in").get_data(as_text=True))
    assert "还没有已经举行的现场接访，现在不能登记现场投诉。" in page
    assert clerk.post("/office/walk-in", data={"channel": "online"}).status_code == 422


def test_console_forms_need_their_csrf_token(
    make_app: Callable[..., Flask], file_complaint: Callable[..., str]
) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    receipt = file_complaint()
    add_user(app, "张敏", "clerk")
    client = app.test_client()
    refused = client.post("/office/login", data={"name": "张敏", "password": PASSWORD})
    assert refused.status_code == 400
    assert "页面打开太久已经过期，为了安全请重新操作一次。" in refused.get_data(as_text=True)
    login_page = client.get("/office/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)[1]
    signed = client.post(
        "/office/login", data={"name": "张敏", "password": PASSWORD, "csrf_token": token}
    )
    assert signed.status_code == 303
    form = {"note-version": "1", "note-text": "已电话联系"}
    response = client.post(f"/office/cases/{receipt}/note", data=form)
    assert response.status_code == 400
    assert "页面打开太久已经过期，您的操作没有保存。" in response.get_data(as_text=True)
    page = client.get(f"/office/cases/{receipt}").get_data(as_text=True)
    note_token = re.search(r'name="note-csrf_token" type="hidden" value="([^"]+)"', page)[1]
    saved = client.post(
        f"/office/cases/{receipt}/note", data={**form, "note-csrf_token": note_token}
    )
    assert saved.status_code == 303
    assert client.post("/office/logout").status_code == 303
    assert client.get("/office/cases").status_code == 200  # a forged sign-out did nothing
    walk_in = client.post("/office/walk-in", data={"channel": "session:2021-05-10"})
    assert walk_in.status_code == 400


def test_a_replaced_queue_file_puts_a_banner_on_every_page(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    receipt = file_complaint()
    clerk = signed_in(app, "张敏")
    assert "队列文件被改动" not in clerk.get("/office/cases").get_data(as_text=True)
    copy = queue_path.with_name("copy.jsonl")
    shutil.copyfile(queue_path, copy)
    os.replace(copy, queue_path)  # what an editor's save does
    for path in ("/office/cases", f"/office/cases/{receipt}", "/office/walk-in"):
        text = page_text(clerk.get(path).get_data(as_text=True))
        assert "投诉队列文件被改动，新投诉暂停导入：" in text
        assert "was replaced by another file" in text
        assert "详见 docs/office.md 的“队列文件被改动”。" in text


def test_invalid_office_settings_give_a_page_listing_the_problems(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "office.yaml").write_text("deadline_days: soon\n", encoding="utf-8")
    app = make_app(CONTENT_DIR=str(content))
    clerk = signed_in(app, "张敏")
    response = clerk.get("/office/cases")
    assert response.status_code == 503
    text = page_text(response.get_data(as_text=True))
    assert "办理系统的设置有误，暂时不能使用" in text
    assert "office.yaml:1:" in text


def test_what_a_worker_typed_is_shown_as_text(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint(name="<b>王</b>")
    clerk = signed_in(app, "张敏")
    html = clerk.get(f"/office/cases/{receipt}").get_data(as_text=True)
    assert "&lt;b&gt;王&lt;/b&gt;" in html and "<b>王</b>" not in html


def test_a_possible_duplicate_in_another_units_hands_is_not_named_to_a_unit(
    app: Flask, file_complaint: Callable[..., str], clock
) -> None:
    """Its receipt would let the unit follow the other unit's case on the status page."""
    theirs = file_complaint(employer="甲公司")
    clock.set("2021-05-10T09:05")
    ours = file_complaint(employer="甲公司")  # same phone, same employer, five minutes on
    imported(app)
    assign(app, theirs, "swj")
    assign(app, ours, "zjj")
    page = signed_in(app, "县住建局", "unit", "zjj").get(f"/office/cases/{ours}")
    text = page_text(page.get_data(as_text=True))
    assert "可能与 另一件投诉 重复" in text and display_receipt(theirs) not in text
    clerk_page = signed_in(app, "张敏").get(f"/office/cases/{ours}").get_data(as_text=True)
    assert display_receipt(theirs) in clerk_page


@pytest.mark.parametrize(
    "query",
    ["page=99999999999999999999", "month=0000-01", "month=9999-12", "month=２０２１-05"],
    ids=["huge-page", "year-0", "year-9999", "full-width"],
)
def test_odd_list_queries_answer_without_an_error(
    app: Flask, file_complaint: Callable[..., str], query: str
) -> None:
    file_complaint()
    assert signed_in(app, "张敏").get(f"/office/cases?{query}").status_code == 200


def test_an_out_of_range_version_is_a_stale_page_not_an_error(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint()
    imported(app)
    clerk = signed_in(app, "张敏")
    response = clerk.post(
        f"/office/cases/{receipt}/note",
        data={"note-version": "99999999999999999999999", "note-text": "x"},
    )
    assert response.status_code == 422


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(app: Flask, runner) -> None:
    clerk = signed_in(app, "张敏")
    assert clerk.get("/office/cases").status_code == 200
    runner.invoke(args=["office", "set-password", "张敏"], input="another-password-1\n")
    assert clerk.get("/office/cases").status_code == 303  # back to the sign-in page


def test_a_logout_without_its_token_never_follows_the_referer(make_app) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post(
        "/office/logout", headers={"Referer": "https://evil.example/x"}
    )
    assert response.headers["Location"] == "/office/cases"
