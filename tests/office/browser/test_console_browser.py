"""The console in headless Chromium: sign in, list, open and assign a case with the keyboard
and the mouse, on a Windows office screen and on a phone, with no accessibility violations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_screens import SCREENS
from console_support import PASSWORD, add_user
from flask import Flask
from headless_browser import NewPage, axe_violations
from playwright.sync_api import Page

from intake_api.queue.receipts import display_receipt


def check_page(page: Page, width: int) -> None:
    """No accessibility violations, no horizontal scrolling, and no script to depend on."""
    assert page.locator("script").count() == 0, page.url
    assert axe_violations(page) == [], page.url
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url}: {scroll_width} px wide on a {width} px screen"


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_a_clerk_signs_in_finds_a_case_and_assigns_it(
    app: Flask,
    console_url: str,
    chromium: NewPage,
    file_complaint: Callable[..., str],
    screen: str,
) -> None:
    width, height = SCREENS[screen]
    receipt = file_complaint(id_number="530125199003070010")
    file_complaint(employer="另一家公司", rural_low_income=False)
    add_user(app, "张敏", "clerk")
    page = chromium(viewport={"width": width, "height": height})

    page.goto(f"{console_url}/office/cases")
    assert page.url.endswith("/office/login?next=/office/cases")
    check_page(page, width)
    page.get_by_label("账号").fill("张敏")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("密码").press("Enter")  # the keyboard is enough

    page.wait_for_url(f"{console_url}/office/cases")
    assert page.get_by_role("heading", name="找到 2 件").is_visible()
    check_page(page, width)

    page.get_by_role("link", name=display_receipt(receipt)).click()
    page.wait_for_url(f"{console_url}/office/cases/{receipt}")
    assert page.get_by_text("530125199003070010").is_visible()
    check_page(page, width)

    page.get_by_label("责任单位").select_option(label="县住建局")
    page.get_by_label("责任人").fill("王工")
    page.get_by_role("button", name="分派", exact=True).click()
    page.wait_for_url(f"{console_url}/office/cases/{receipt}")
    assert page.get_by_text("已分派。").is_visible()
    assert page.get_by_text("分派给县住建局（责任人：王工），办理期限 2021-05-25。").is_visible()
    check_page(page, width)
