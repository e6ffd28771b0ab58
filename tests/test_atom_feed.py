"""``feed.atom``: the notices and every recorded change, read by real feed parsers."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html
from site_paths import REPO, SEED_CONTENT, Build, replace_in

CITY = REPO / "docs" / "examples" / "city-monthly"
CITY_URL = "https://rsj.zhaoyang.example.gov.cn/jiefang/"
MULTI_OFFICE = REPO / "tests" / "multi_office"
PORTAL_URL = "https://rsj.yunnan.example.gov.cn/jiefang/"
ATOM = etree.RelaxNG(etree.parse(REPO / "tests" / "atom.rng"))
ATOM_NS = "{http://www.w3.org/2005/Atom}"
CITY_TITLES = [
    "关于调整5月、6月集中联合接访安排的公告",
    "【改期】集中联合接访 原定 2025年5月21日（星期三）14:30–17:00 昭阳市政务服务中心",
    "【取消】集中联合接访 原定 2025年6月18日（星期三）14:30–17:00 昭阳市政务服务中心",
    "关于开展2025年根治欠薪集中联合接访活动的公告",
]


def _build(site_builder: Build, content: Path, out: Path, *args: str) -> Path:
    result = site_builder(
        "build", "--content", content, "--out", out, "--today", "2025-03-01", *args
    )
    assert result.exit_code == 0, result.output
    return out


def _feed_links(page: Path) -> list[str]:
    """Where the page's head says its Atom feed is."""
    head = html.parse(page).getroot().head
    return head.xpath('link[@rel="alternate"][@type="application/atom+xml"]/@href')


def _parsed(feed: Path) -> feedparser.FeedParserDict:
    """The feed as feedparser reads it, after checking it against Atom's grammar."""
    document = etree.parse(feed)
    assert ATOM.validate(document), ATOM.error_log
    for entry in document.getroot().iter(f"{ATOM_NS}entry"):
        # What RELAX NG cannot say: an author in each entry (the feed has none), one link.
        assert entry.find(f"{ATOM_NS}author/{ATOM_NS}name") is not None
        assert [link.get("rel") for link in entry.iter(f"{ATOM_NS}link")] == ["alternate"]
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_city_feed_has_its_notices_the_move_and_the_cancellation(
    tmp_path: Path, site_builder: Build
) -> None:
    out = _build(site_builder, CITY, tmp_path / "out")
    feed = _parsed(out / "feed.atom")
    assert feed.feed.title == "2025年昭阳市根治欠薪集中联合接访"
    assert feed.feed.updated == "2025-04-28T00:00:00+08:00"  # the newest entry's
    assert [link.href for link in feed.feed.links] == [f"{CITY_URL}feed.atom", CITY_URL]
    assert [entry.title for entry in feed.entries] == CITY_TITLES
    adjustment, moved, cancelled, notice = feed.entries
    assert moved.link == f"{CITY_URL}sessions/2025-05-21.html"
    assert moved.summary == (
        "2025年4月28日通知：原定 2025年5月21日（星期三）14:30–17:00 昭阳市政务服务中心 的接访，"
        "改为 2025年5月22日（星期四）14:30–17:00（因市政务服务中心三楼装修调整）。"
    )
    assert cancelled.link == f"{CITY_URL}sessions/2025-06-18.html"
    assert cancelled.summary == (
        "2025年4月28日通知：原定 2025年6月18日（星期三）14:30–17:00 昭阳市政务服务中心 的接访，"
        "取消，可改往 2025年6月18日 昭阳市劳动保障监察支队（一楼接待室） 昭阳市环城东路45号："
        "设临时接访点照常受理（因市政务服务中心三楼装修取消）。"
    )
    assert adjustment.link == f"{CITY_URL}notices/02-adjustment.html"
    assert notice.link == f"{CITY_URL}notices/01-notice.html"
    assert notice.published == notice.updated == "2025-02-25T00:00:00+08:00"
    assert notice.summary == (
        "公告 昭人社公〔2025〕3号 昭阳市人力资源和社会保障局 昭阳市住房和城乡建设局 2025年2月25日"
    )
    assert {entry.author for entry in feed.entries} == {"昭阳市人力资源和社会保障局"}
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    # Every link in the feed is a page the build wrote.
    for entry in feed.entries:
        assert (out / entry.link.removeprefix(CITY_URL)).is_file()


def test_ids_survive_a_rebuild_a_reworded_title_and_a_new_address(
    tmp_path: Path, site_builder: Build
) -> None:
    first = _build(site_builder, CITY, tmp_path / "first")
    again = _build(site_builder, CITY, tmp_path / "again")
    assert (first / "feed.atom").read_bytes() == (again / "feed.atom").read_bytes()
    content = Path(shutil.copytree(CITY, tmp_path / "content"))
    replace_in(content / "site.yaml", "title: 2025年昭阳市", "title: 昭阳市2025年")
    adjustment = content / "notices" / "02-adjustment.md"
    replace_in(adjustment, "title: 关于调整5月、6月", "title: 关于调整2025年5月、6月")
    replace_in(
        content / "schedule.yaml", "reason: 因市政务服务中心三楼装修调整", "reason: 场地装修"
    )
    moved = _build(site_builder, content, tmp_path / "moved", "--base-url", "https://example.cn/")
    before, after = _parsed(first / "feed.atom"), _parsed(moved / "feed.atom")
    assert after.entries[0].title == "关于调整2025年5月、6月集中联合接访安排的公告"
    assert after.entries[0].link == "https://example.cn/notices/02-adjustment.html"
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert after.feed.id == before.feed.id


def test_a_new_lead_is_an_entry_and_earlier_entries_keep_their_ids(
    tmp_path: Path, site_builder: Build
) -> None:
    before = _parsed(_build(site_builder, CITY, tmp_path / "before") / "feed.atom")
    content = Path(shutil.copytree(CITY, tmp_path / "content"))
    replace_in(
        content / "schedule.yaml",
        "    lead: {unit: zjj, title: 分管负责同志}\n",
        "    lead: {unit: rsj, title: 副局长}\n"
        "    changes:\n"
        "      - announced: 2025-04-10\n"
        "        kind: rescheduled\n"
        "        previous: {lead: {unit: zjj, title: 分管负责同志}}\n",
    )
    after = _parsed(_build(site_builder, content, tmp_path / "after") / "feed.atom")
    new = [entry for entry in after.entries if entry.id not in {e.id for e in before.entries}]
    assert [(entry.title, entry.updated) for entry in new] == [
        (
            "【更换带班领导】集中联合接访 原定 2025年4月16日（星期三）14:30–17:00 "
            "昭阳市政务服务中心",
            "2025-04-10T00:00:00+08:00",
        )
    ]
    assert new[0].summary == (
        "2025年4月10日通知：原定 2025年4月16日（星期三）14:30–17:00 昭阳市政务服务中心 的接访，"
        "带班领导改为 市人社局副局长。"
    )
    assert after.entries[3] == new[0]  # by date: after the notice and changes of 28 April
    assert after.feed.updated == before.feed.updated


def test_the_seed_site_links_its_feed_from_every_page_and_publishes_no_names(
    tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    result = site_builder("build", "--content", SEED_CONTENT, "--out", out, "--today", "2021-05-01")
    assert result.exit_code == 0, result.output
    feed = _parsed(out / "feed.atom")
    # Without --base-url the site's own base_url (the preview's default) makes the addresses.
    assert feed.feed.links[0].href == "http://127.0.0.1:5000/feed.atom"
    assert [entry.link for entry in feed.entries] == [
        "http://127.0.0.1:5000/notices/01-notice.html",
        "http://127.0.0.1:5000/notices/02-work-plan.html",
    ]
    assert feed.entries[0].author == "宜良县根治拖欠农民工工资工作领导小组办公室"
    text = (out / "feed.atom").read_text(encoding="utf-8")
    assert "朱江" not in text and "67539921" not in text  # the contact's name and phone
    for page in ("index.html", "sessions/2021-05-10.html", "notices/01-notice.html"):
        [href] = _feed_links(out / page)
        assert (out / page).parent.joinpath(href).resolve() == (out / "feed.atom").resolve()


@pytest.fixture
def portal_out(tmp_path: Path, site_builder: Build) -> Path:
    """The three-office example, built."""
    out = tmp_path / "out"
    result = site_builder("build", "--content", MULTI_OFFICE, "--out", out, "--today", "2023-12-05")
    assert result.exit_code == 0, result.output
    return out


def test_every_office_has_its_feed_and_the_portal_all_of_them(portal_out: Path) -> None:
    offices = {
        folder: _parsed(portal_out / folder / "feed.atom")
        for folder in ("dongping", "hexi", "qingshan")
    }
    portal = _parsed(portal_out / "feed.atom")
    assert portal.feed.title == "云南省根治欠薪集中联合接访"
    office_ids = [entry.id for feed in offices.values() for entry in feed.entries]
    assert [entry.id for entry in portal.entries] == office_ids
    # Only Qingshan has published a notice; the others' feeds are valid and empty.
    assert [len(feed.entries) for feed in offices.values()] == [0, 0, 1]
    [entry] = portal.entries
    assert entry.title == "云南省青山市：" + offices["qingshan"].entries[0].title
    assert entry.link == f"{PORTAL_URL}qingshan/notices/notice.html"
    for folder, feed in offices.items():
        assert feed.feed.links[0].href == f"{PORTAL_URL}{folder}/feed.atom"
    assert _feed_links(portal_out / "index.html") == ["feed.atom"]
