"""The monthly report in headless Chromium: the console page (no accessibility violations, on a
Windows screen and a phone) and its print on A4, with the console's navigation left out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_screens import SCREENS
from complaints_support import CLERK, add_staff, run
from console_support import PASSWORD, add_user
from flask import Flask
from flask.testing import FlaskCliRunner
from headless_browser import NewPage, axe_violations

A4_POINTS = (595, 842)  # 210 × 297 mm


@pytest.fixture
def month_with_cases(app: Flask, file_complaint: Callable[..., str], clock) -> None:
    """Thirty complaints in May 2021 (enough for the lists to run over a page), made on 1 June."""
    for number in range(30):
        file_complaint(employer=f"第{number}建筑公司", phone=f"139000000{number:02d}")
    clock.set("2021-06-01T09:00")


def _page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """The MediaBox of every page of a PDF Chromium printed."""
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_the_report_page_is_accessible_and_prints_on_a4(
    app: Flask, console_url: str, chromium: NewPage, month_with_cases: None, screen: str
) -> None:
    width, height = SCREENS[screen]
    add_user(app, "张敏", "clerk")
    # The page has no script; axe needs scripts on to run here (it hangs on some pages without).
    page = chromium(viewport={"width": width, "height": height})
    page.goto(f"{console_url}/office/login")
    page.get_by_label("账号").fill("张敏")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("密码").press("Enter")
    page.wait_for_url(f"{console_url}/office/cases")
    page.get_by_role("link", name="月报").click()
    page.wait_for_url(f"{console_url}/office/reports")
    assert page.get_by_role("heading", name="2021年5月欠薪投诉受理和办理情况月报").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.emulate_media(media="print")
    assert page.locator(".office-header").is_hidden()
    assert page.locator(".report-tools").is_hidden()
    sizes = _page_sizes(page.pdf(prefer_css_page_size=True))
    assert len(sizes) >= 2 and set(sizes) == {A4_POINTS}


def test_the_html_file_stands_alone_and_prints_on_a4(
    app: Flask,
    runner: FlaskCliRunner,
    chromium: NewPage,
    month_with_cases: None,
    tmp_path: Path,
) -> None:
    add_staff(app)
    output = tmp_path / "月报.html"
    run(runner, "complaints", "report", "--format", "html", "--output", str(output), "--as", CLERK)
    page = chromium()  # the file has no script; axe needs one to run on a file: page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(output.as_uri())
    assert requests == [output.as_uri()]  # nothing else is fetched: the file is complete
    assert axe_violations(page) == []
    sizes = _page_sizes(page.pdf(prefer_css_page_size=True))
    assert len(sizes) >= 2 and set(sizes) == {A4_POINTS}
