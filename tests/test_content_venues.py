"""Each venue's own phone comes first for its sessions; simultaneous sessions keep venue order."""

from __future__ import annotations

from pathlib import Path

from site_paths import Build, replace_in

from site_builder.loader import load_site

XIHE = "  - id: xihe\n    name: 西河乡便民服务中心\n"
SIMULTANEOUS = """  - id: 2023-12-04-a-xihe
    date: 2023-12-04
    venue: xihe
    start: "14:30"
"""


def _event(out: Path, session_id: str) -> str:
    return (out / "sessions" / f"{session_id}.ics").read_bytes().decode().replace("\r\n ", "")


def test_a_venue_phone_comes_first_and_other_venues_phones_stay_away(
    example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    replace_in(example_dir / "venues.yaml", XIHE, XIHE + "    phone: 0871-33334444\n")
    out = tmp_path / "out"
    result = site_builder("build", "--content", example_dir, "--out", out, "--today", "2023-12-10")
    assert result.exit_code == 0, result.output
    xihe = _event(out, "2023-12-16")
    assert "\\n接访地点电话：0871-33334444\\n集中接访联络人：" in xihe
    assert "0871-22223333" not in xihe
    dongping = _event(out, "2023-12-04-dongping")
    assert "\\n东坪镇接访点电话：0871-22223333\\n集中接访联络人：" in dongping
    assert "0871-22223333" not in _event(out, "2023-12-04-am")
    page = (out / "sessions" / "2023-12-16.html").read_text(encoding="utf-8")
    assert (
        "<dt>电话</dt>\n  <dd>接访地点电话："
        '<a class="tel" href="tel:087133334444">0871-33334444</a>'
    ) in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<br>接访地点电话：<a class="tel" href="tel:087133334444">0871-33334444</a></p>' in index


def test_simultaneous_sessions_keep_the_order_of_venues_yaml(example_dir: Path) -> None:
    replace_in(example_dir / "schedule.yaml", "sessions:\n", "sessions:\n" + SIMULTANEOUS)
    site = load_site(example_dir)
    same_time = [
        s.id for s in site.sessions if s.id.startswith("2023-12-04-") and s.slot.start.hour == 14
    ]
    assert same_time == ["2023-12-04-pm", "2023-12-04-dongping", "2023-12-04-a-xihe"]
    whole = XIHE + "    address: 青山市西河乡政府旁\n"
    replace_in(example_dir / "venues.yaml", whole, "")
    replace_in(example_dir / "venues.yaml", "venues:\n", "venues:\n" + whole)
    site = load_site(example_dir)
    same_time = [
        s.id for s in site.sessions if s.id.startswith("2023-12-04-") and s.slot.start.hour == 14
    ]
    assert same_time == ["2023-12-04-pm", "2023-12-04-a-xihe", "2023-12-04-dongping"]
