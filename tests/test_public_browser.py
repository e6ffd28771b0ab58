"""The public site in headless Chromium as a worker's phone shows it: the first screen, the
"next session" card after a missed rebuild, and no accessibility violations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from headless_browser import NewPage, axe_violations
from playwright.sync_api import Page
from site_paths import EXAMPLE_CONTENT, REPO, SEED_CONTENT

from intake_api.security import CONTENT_SECURITY_POLICY
from site_builder.cli import main

PHONE = {"width": 360, "height": 740}
SMALL_PHONE = {"width": 320, "height": 568}
BUILD_DAY = "2021-05-10"  # a session day of the seed notice; the next one is 2021-05-24


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the production Content-Security-Policy, and no request log."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def _serve(content: Path, today: str, folder: Path) -> Iterator[str]:
    """The site built on ``today``, served on 127.0.0.1 by a thread of this process."""
    out = folder / "out"
    args = ["build", "--content", str(content), "--out", str(out), "--today", today]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site built on a session day."""
    yield from _serve(SEED_CONTENT, BUILD_DAY, tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The second office's site (three venues), built before its first session."""
    yield from _serve(EXAMPLE_CONTENT, "2023-11-30", tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def city_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The documented city office (a contact with a long web address), before its first session."""
    content = REPO / "docs" / "examples" / "city-monthly"
    yield from _serve(content, "2025-03-01", tmp_path_factory.mktemp("city"))


@pytest.fixture(scope="module")
def portal_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Three offices built together, with the portal at the top."""
    content = REPO / "tests" / "multi_office"
    yield from _serve(content, "2023-12-01", tmp_path_factory.mktemp("portal"))


def _open(
    chromium: NewPage,
    url: str,
    *,
    clock: str | None = None,
    viewport: dict[str, int] = PHONE,
    **options: object,
) -> Page:
    """A phone-sized page at ``url``; ``clock`` (ISO time) is the phone's time when given."""
    page = chromium(viewport=viewport, **options)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    if clock:
        page.clock.install(time=clock)
    page.goto(url)
    page.wait_for_load_state("load")
    assert errors == [], errors  # no script error, nothing refused by the CSP
    return page


def _bottom(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


def test_first_screen_shows_the_next_session_and_the_three_actions(
    chromium: NewPage, site_url: str
) -> None:
    page = _open(chromium, site_url + "index.html", clock=f"{BUILD_DAY}T08:00:00+08:00")
    title = "2021年宜良县根治欠薪集中联合接访"
    assert page.get_by_text(title, exact=True).count() == 1  # the header is the h1: no double
    assert page.locator("h1").inner_text() == title
    card = page.locator("section.next")
    assert card.locator(".next-date").inner_text() == "2021年5月10日（星期一）"
    assert card.locator(".next-time").inner_text() == "9:00–17:00"
    assert card.locator(".next-place").inner_text().startswith("宜良县人力资源和社会保障局")
    essentials = {
        "date": "section.next .next-date",
        "time": "section.next .next-time",
        "place": "section.next .next-place",
        "calendar": "section.next a:text('加入我的日历')",
        "complain": "a:text('在线反映欠薪问题')",
        "call": "a:text('打电话')",
    }
    bottoms = {name: _bottom(page, selector) for name, selector in essentials.items()}
    assert all(bottom <= PHONE["height"] for bottom in bottoms.values()), bottoms
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_320_px_phone_the_weekday_stays_on_the_dates_line_and_the_actions_show(
    chromium: NewPage, site_url: str
) -> None:
    page = _open(chromium, site_url + "index.html", viewport=SMALL_PHONE, java_script_enabled=False)
    assert page.locator("section.next .next-date").evaluate("p => p.getClientRects().length") == 1
    date = page.locator("section.next .next-date").bounding_box()
    weekday = page.locator("section.next .next-date .weekday").bounding_box()
    assert date and weekday and weekday["y"] < date["y"] + date["height"] / 2  # not wrapped
    for action in (
        "section.next a:text('加入我的日历')",
        "a:text('在线反映欠薪问题')",
        "a:text('打电话')",
    ):
        assert _bottom(page, action) <= SMALL_PHONE["height"], action


def test_a_missed_rebuild_moves_the_card_by_the_phones_date(
    chromium: NewPage, site_url: str
) -> None:
    # Two days after the build: 2021-05-10 is over, the next session is 2021-05-24.
    page = _open(chromium, site_url + "index.html", clock="2021-05-12T09:00:00+08:00")
    card = page.locator("section.next")
    assert card.locator("h2").inner_text() == "下一次接访"
    assert card.locator(".next-date").inner_text() == "2021年5月24日（星期一）"
    calendar = card.get_by_role("link", name="加入我的日历")
    assert calendar.get_attribute("href") == "sessions/2021-05-24.ics"
    assert card.locator(".updated").inner_text() == (
        "更新于 2021年5月10日，已按本机日期 2021年5月12日 显示"
    )
    missed = page.locator("tr[data-date='2021-05-10']")
    assert missed.get_attribute("class") == "past"
    assert missed.locator(".badge").inner_text() == "已结束"
    grey = missed.evaluate("row => getComputedStyle(row).backgroundColor")
    assert grey == "rgb(245, 245, 245)"  # tr.next no longer wins over past
    following = page.locator("tr[data-date='2021-05-24']")
    assert following.get_attribute("class") == "next"
    assert following.locator(".badge").inner_text() == "下一次"


def test_after_the_last_session_the_card_says_so(chromium: NewPage, site_url: str) -> None:
    page = _open(chromium, site_url + "index.html", clock="2022-02-01T09:00:00+08:00")
    card = page.locator("section.next")
    assert card.locator("h2").inner_text() == "接访安排"
    assert "本期日程中的接访已全部结束。" in card.inner_text()
    assert page.locator("tr.next").count() == 0


def test_the_moved_card_shows_every_venue_of_the_day_and_a_time_not_yet_fixed(
    chromium: NewPage, example_url: str
) -> None:
    page = _open(chromium, example_url + "index.html", clock="2023-12-04T08:00:00+08:00")
    card = page.locator("section.next")
    assert card.locator("h2").inner_text() == "今天接访"
    assert card.locator(".next-time").all_inner_texts() == [
        "9:00–12:00",
        "14:00–17:00",
        "14:30–17:00",
    ]
    assert card.locator(".next-place").nth(2).inner_text() == (
        "东坪镇劳动保障所\n青山市东坪镇振兴街12号\n东坪镇接访点电话：0871-22223333"
    )
    page = _open(chromium, example_url + "index.html", clock="2024-01-10T08:00:00+08:00")
    card = page.locator("section.next")
    assert card.locator(".next-date").inner_text() == "2024年1月22日（星期一）"
    assert card.locator(".next-time").inner_text() == "时间另行通知"
    assert card.get_by_role("link", name="加入我的日历").count() == 0
    assert card.get_by_role("link", name="详情和地图").get_attribute("href") == (
        "sessions/2024-01-22.html"
    )


def test_without_javascript_the_page_says_when_it_was_built(
    chromium: NewPage, site_url: str
) -> None:
    page = _open(chromium, site_url + "index.html", java_script_enabled=False)
    card = page.locator("section.next")
    assert card.locator(".next-date").inner_text() == "2021年5月10日（星期一）"
    assert card.locator(".updated").inner_text() == "更新于 2021年5月10日"
    assert card.locator(".updated").is_visible()


@pytest.mark.parametrize("path", ["index.html", "sessions/2021-05-24.html"])
def test_no_accessibility_violations(chromium: NewPage, site_url: str, path: str) -> None:
    # axe needs JavaScript on; the moved card is checked too.
    page = _open(chromium, site_url + path, clock="2021-05-12T09:00:00+08:00")
    assert axe_violations(page) == [], path


WECHAT = (
    "Mozilla/5.0 (Linux; Android 10; M2004J7AC Build/QP1A.190711.020; wv) AppleWebKit/537.36"
    " (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061"
    " MMWEBSDK/20230303 MMWEBID/2256 MicroMessenger/8.0.34.2340(0x2800225F) WeChat/arm64"
    " Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
WECHAT_NOTE = (
    "微信里不能加入日历：请点右上角“…”，选“在浏览器打开”（苹果手机是“在 Safari 中打开”），"
    "在浏览器里再点一次日历按钮。"
)


@pytest.mark.parametrize("clock", [f"{BUILD_DAY}T08:00:00+08:00", "2021-05-12T09:00:00+08:00"])
def test_in_wechat_every_calendar_button_has_the_note_open_beside_it(
    chromium: NewPage, site_url: str, clock: str
) -> None:
    # The second clock is after a missed rebuild: the card rebuilt by past.js has it too.
    page = _open(chromium, site_url + "index.html", clock=clock, user_agent=WECHAT)
    for actions in page.locator(".actions:has(a[href$='.ics'], a[href^='webcal:'])").all():
        assert actions.locator(".calendar-help p").inner_text() == WECHAT_NOTE
        assert actions.locator(".calendar-help p").is_visible()
    assert page.locator(".calendar-help[open]").count() == 2  # the card's and the subscription's
    # The open note does not push the three actions off the first screen.
    for action in (
        "section.next a:text('加入我的日历')",
        "a:text('在线反映欠薪问题')",
        "a:text('打电话')",
    ):
        assert _bottom(page, action) <= PHONE["height"], action
    page = _open(chromium, site_url + "sessions/2021-05-24.html", clock=clock, user_agent=WECHAT)
    assert page.locator(".actions .calendar-help p").is_visible()


def test_elsewhere_the_note_is_one_tap_away_even_without_javascript(
    chromium: NewPage, site_url: str
) -> None:
    for options in ({}, {"java_script_enabled": False}):
        page = _open(chromium, site_url + "sessions/2021-05-24.html", **options)
        help = page.locator(".actions .calendar-help")
        assert not help.locator("p").is_visible()
        help.get_by_text("在微信里打不开？").click()
        assert help.locator("p").inner_text() == WECHAT_NOTE


def test_the_address_to_copy_wraps_on_a_narrow_phone(chromium: NewPage, example_url: str) -> None:
    page = _open(chromium, example_url + "index.html", clock="2023-11-30T08:00:00+08:00")
    address = page.locator("code.feed-address")
    assert address.inner_text() == "https://rsj.qingshan.example.gov.cn/jiefang/calendar.ics"
    lines = address.evaluate("code => code.getClientRects().length")
    assert lines > 1  # longer than the screen is wide, so it wraps...
    for rect in address.evaluate("code => [...code.getClientRects()].map(r => r.right)"):
        assert rect <= PHONE["width"]  # ...inside the screen
    assert address.evaluate("code => getComputedStyle(code).overflowWrap") == "anywhere"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_several_sessions_at_once_keep_the_three_actions_on_the_first_screen(
    chromium: NewPage, example_url: str, javascript: bool
) -> None:
    # Three venues on 2023-12-04 make a card taller than the screen: calling and complaining
    # come before it, and the date, the first time and place and its calendar button follow.
    clock = "2023-11-30T08:00:00+08:00" if javascript else None
    page = _open(chromium, example_url + "index.html", clock=clock, java_script_enabled=javascript)
    assert page.locator("section.help + section.next").count() == 1
    essentials = (
        "section.next .next-date",
        "section.next .next-time",
        "section.next .next-place",
        "section.next a:text('加入我的日历')",
        "a:text('在线反映欠薪问题')",
        "a:text('打电话')",
    )
    for selector in essentials:
        assert _bottom(page, selector) <= PHONE["height"], selector


def test_a_moved_card_of_one_session_has_the_actions_after_it(
    chromium: NewPage, example_url: str
) -> None:
    # Built before the day of three venues; on the phone's date the next is 2023-12-16 alone.
    page = _open(chromium, example_url + "index.html", clock="2023-12-10T08:00:00+08:00")
    assert page.locator("section.next .next-session").count() == 1
    assert page.locator("section.help + section.next").count() == 0
    assert page.locator("section.next ~ section.help").count() == 1
    assert _bottom(page, "a:text('在线反映欠薪问题')") <= PHONE["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_nothing_is_wider_than_a_small_phone(
    chromium: NewPage,
    site_url: str,
    example_url: str,
    city_url: str,
    portal_url: str,
    javascript: bool,
) -> None:
    pages = (
        site_url + "index.html",
        site_url + "sessions/2021-05-24.html",
        site_url + "notices/01-notice.html",
        example_url + "index.html",
        city_url + "index.html",  # a contact's web address longer than the screen
        portal_url + "index.html",
        portal_url + "qingshan/index.html",
    )
    for url in pages:
        page = _open(chromium, url, viewport=SMALL_PHONE, java_script_enabled=javascript)
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"], url
        page.context.close()


def test_the_portal_shares_well_and_helps_in_wechat(chromium: NewPage, portal_url: str) -> None:
    page = _open(chromium, portal_url + "index.html", user_agent=WECHAT)
    meta = {
        name: page.locator(f"meta[property='og:{name}']").get_attribute("content")
        for name in ("type", "title", "url", "description")
    }
    assert meta == {
        "type": "website",
        "title": "云南省根治欠薪集中联合接访",
        "url": "https://rsj.yunnan.example.gov.cn/jiefang/",
        "description": "各地根治欠薪集中联合接访的日期、地点和电话",
    }
    # Each office's share image has its own phone and QR code: none fits every office.
    assert page.locator("meta[property='og:image']").count() == 0
    # On a phone each row is a card whose cells say what they are, as on an office's page.
    assert page.locator(".schedule td:not([data-label])").count() == 0
    actions = page.locator(".actions:has(a[href='calendar.ics'])")
    assert actions.locator(".calendar-help p").inner_text() == WECHAT_NOTE
    assert actions.locator(".calendar-help p").is_visible()
    assert axe_violations(page) == []


def test_a_neighbour_on_the_same_day_is_named_by_time_and_place(
    chromium: NewPage, example_url: str
) -> None:
    page = _open(chromium, example_url + "sessions/2023-12-04-pm.html", java_script_enabled=False)
    assert page.locator(".pager a").all_inner_texts() == [
        "← 9:00–12:00 青山市劳动保障监察支队",
        "14:30–17:00 东坪镇劳动保障所 →",
    ]


@pytest.fixture(scope="module")
def township_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The documented townships (a phone per venue) built before and between their two days."""
    content = REPO / "docs" / "examples" / "township-circuit"
    early = _serve(content, "2025-06-01", tmp_path_factory.mktemp("township-early"))
    late = _serve(content, "2025-06-10", tmp_path_factory.mktemp("township-late"))
    yield next(early), next(late)
    for server in (early, late):
        next(server, None)


def test_the_moved_card_is_the_card_the_build_of_that_day_shows(
    chromium: NewPage, township_builds: tuple[str, str]
) -> None:
    early, late = township_builds
    built = _open(chromium, late + "index.html", java_script_enabled=False)
    moved = _open(chromium, early + "index.html", clock="2025-06-10T08:00:00+08:00")
    places = moved.locator("section.next .next-place").all_inner_texts()
    assert places == built.locator("section.next .next-place").all_inner_texts()
    assert len(places) > 1 and all("电话：" in place for place in places)  # each venue's own
    phone = moved.locator("section.next .next-place a.tel").first
    assert phone.get_attribute("href") == built.locator(
        "section.next .next-place a.tel"
    ).first.get_attribute("href")
