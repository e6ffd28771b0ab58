"""Many offices in one build: a portal, one site per office, one swap, every error at once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pagetext import broken_links, read_page, visible_text
from site_paths import REPO, Build, replace_in

MULTI_OFFICE = REPO / "tests" / "multi_office"
URL = "https://rsj.yunnan.example.gov.cn/jiefang/"
TODAY = ("--today", "2023-12-05")


@pytest.fixture
def city_dir(tmp_path: Path) -> Path:
    """A private copy of the three-office example (two in one region, one in another)."""
    return Path(shutil.copytree(MULTI_OFFICE, tmp_path / "offices"))


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _ics(feed: Path) -> str:
    """A calendar file's text with its folded lines joined again."""
    return feed.read_bytes().decode("utf-8").replace("\r\n ", "")


def _uids(feed: Path) -> list[str]:
    return re.findall(r"^UID:(.+)\r$", _ics(feed), re.MULTILINE)


def test_every_office_gets_its_site_and_the_portal_lists_them(
    city_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    (city_dir / "drafts").mkdir()
    result = site_builder("build", "--content", city_dir, "--out", out, *TODAY)
    assert result.exit_code == 0, result.output
    assert (
        f"{(city_dir / 'drafts').as_posix()}:1: warning: no site.yaml: not an office, "
        "left out of the build\n"
    ) in result.output
    assert "built 78 files" in result.output
    for folder in ("dongping", "hexi", "qingshan"):
        assert (out / folder / "index.html").is_file()
        assert (out / folder / "calendar.ics").is_file()
    assert broken_links(out) == []
    text = visible_text(out / "index.html")
    # Next sessions: by date, then by region (河西市 sorts before 青山市), then time.
    assert (
        "近期接访 日期 地区 接访单位和地点 "
        "2023年12月6日 星期三 14:30–17:30 云南省河西市 "
        "河西市根治欠薪集中联合接访 河西市人社局办事大厅 "
        "2023年12月6日 星期三 9:00–12:00 云南省青山市 东坪镇根治欠薪集中接访 东坪镇劳动保障所 "
        "2023年12月16日 星期六 14:30–17:00 云南省青山市 "
        "2023年青山市根治欠薪冬季专项行动集中接访 西河乡便民服务中心 更新于 2023年12月5日"
    ) in text
    assert (
        "各地接访 云南省河西市 河西市根治欠薪集中联合接访 河西市人力资源和社会保障局 "
        "下一次接访：2023年12月6日（星期三）14:30–17:30 河西市劳动保障监察大队： 0872-5551234 "
        "云南省青山市 东坪镇根治欠薪集中接访 青山市东坪镇人民政府"
    ) in text
    links = [href for _tag, href in read_page(out / "index.html").links]
    assert "hexi/index.html" in links and "qingshan/sessions/2023-12-16.html" in links
    assert "tel:08725551234" in links
    assert f"webcal://{URL.removeprefix('https://')}calendar.ics" in links
    # Each office's pages and feed use its own address under the portal's.
    assert f"URL:{URL}hexi/sessions/2023-12-06.html\r" in _ics(out / "hexi" / "calendar.ics")
    sitemap = re.findall(r"<loc>(.+)</loc>", (out / "sitemap.xml").read_text(encoding="utf-8"))
    assert len(sitemap) == 16 and sitemap == sorted(sitemap)
    assert f"{URL}index.html" in sitemap and f"{URL}hexi/sessions/2023-12-20.html" in sitemap
    assert not [url for url in sitemap if url.endswith("404.html")]


def test_the_combined_calendar_holds_every_office_event_once(
    city_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", city_dir, "--out", out, *TODAY).exit_code == 0
    combined = _uids(out / "calendar.ics")
    own = [
        uid
        for folder in ("dongping", "hexi", "qingshan")
        for uid in _uids(out / folder / "calendar.ics")
    ]
    assert len(combined) == 10 and len(set(combined)) == 10
    assert sorted(combined) == sorted(own)
    feed = _ics(out / "calendar.ics")
    assert feed.count("BEGIN:VTIMEZONE") == 1
    assert "X-WR-CALNAME:云南省根治欠薪集中联合接访" in feed
    assert f"SOURCE;VALUE=URI:{URL}calendar.ics" in feed


def test_two_builds_are_byte_identical(city_dir: Path, tmp_path: Path, site_builder: Build):
    for name in ("a", "b"):
        result = site_builder("build", "--content", city_dir, "--out", tmp_path / name, *TODAY)
        assert result.exit_code == 0, result.output
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_errors_of_every_office_are_reported_at_once_and_nothing_changes(
    city_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", city_dir, "--out", out, *TODAY).exit_code == 0
    before = _tree(out)
    replace_in(city_dir / "hexi" / "schedule.yaml", "date: 2023-12-20", "date: 2023-12-32")
    replace_in(city_dir / "dongping" / "units.yaml", "  - id: dp-ldbz\n", "  - id: dp-gov\n")
    shutil.copytree(city_dir / "hexi", city_dir / "HeXi-2")
    result = site_builder("build", "--content", city_dir, "--out", out, *TODAY)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        f"{(city_dir / 'HeXi-2' / 'site.yaml').as_posix()}:1: office folder 'HeXi-2': its name"
        in (result.output)
    )
    assert any(
        line.startswith(f"{(city_dir / 'dongping' / 'units.yaml').as_posix()}:4: units[1].id: ")
        for line in lines
    ), result.output
    hexi_schedule = (city_dir / "hexi" / "schedule.yaml").as_posix()
    assert any(
        line.startswith(f"{hexi_schedule}:11: sessions[1].date: 2023-12-32 is not a date")
        for line in lines
    ), result.output
    assert f"{out} was not changed" in result.output
    assert _tree(out) == before
    # No leftovers: only the cache of the first build beside its output.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-builder-cache", "offices", "out"]


def test_two_offices_with_one_calendar_id_are_refused(
    city_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    shutil.copytree(city_dir / "hexi", city_dir / "hexi2")
    result = site_builder("check", "--content", city_dir, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        f"{(city_dir / 'hexi2' / 'site.yaml').as_posix()}:4: id: 'hexi-rsj' is also the "
        "calendar id of the office in hexi/, so their calendar events would share UIDs: "
        "give each office its own id in site.yaml"
    ) in result.output
    replace_in(city_dir / "hexi2" / "site.yaml", "id: hexi-rsj", "id: hexi-2")
    result = site_builder("check", "--content", city_dir, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"{city_dir}: content is valid" in result.output


def test_an_unrecorded_change_is_caught_per_office(
    city_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", city_dir, "--out", out, *TODAY).exit_code == 0
    replace_in(city_dir / "dongping" / "schedule.yaml", "date: 2024-01-10", "date: 2024-01-11")
    result = site_builder("check", "--content", city_dir, "--out", out)
    assert result.exit_code == 1
    assert f"{(city_dir / 'dongping' / 'schedule.yaml').as_posix()}:" in result.output
    assert "without a recorded change" in result.output


def test_a_single_office_output_can_become_a_city_build_and_back(
    city_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    office = city_dir / "hexi"
    assert site_builder("build", "--content", office, "--out", out, *TODAY).exit_code == 0
    result = site_builder("build", "--content", city_dir, "--out", out, *TODAY)
    assert result.exit_code == 0, result.output
    assert (out / "offices.json").is_file() and not (out / "schedule.json").exists()
    result = site_builder("build", "--content", office, "--out", out, *TODAY)
    assert result.exit_code == 0, result.output
    assert (out / "schedule.json").is_file() and not (out / "hexi").exists()


def test_a_clash_found_while_writing_leaves_the_previous_output(
    city_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", city_dir, "--out", out, *TODAY).exit_code == 0
    before = _tree(out)
    # Found only when the last office's pages are written, after the other offices'.
    schedule = city_dir / "qingshan" / "schedule.yaml"
    with schedule.open("a", encoding="utf-8") as added:
        for session_id, day in (("Day-A", "2024-01-15"), ("day-a", "2024-01-16")):
            added.write(f"  - id: {session_id}\n    date: {day}\n    units: [rsj]\n")
    result = site_builder("build", "--content", city_dir, "--out", out, *TODAY)
    assert result.exit_code == 1
    assert "two files would be written to 'qingshan/sessions/day-a.html'" in result.output
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-builder-cache", "offices", "out"]
