"""What a session is called (集中联合接访, 专场接访…) comes from the content."""

from __future__ import annotations

from pathlib import Path

from site_paths import Build, replace_in


def _build(content: Path, out: Path, site_builder: Build) -> None:
    result = site_builder("build", "--content", content, "--out", out, "--today", "2021-04-01")
    assert result.exit_code == 0, result.output


def test_the_default_name_is_jizhong_lianhe_jiefang(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    _build(seed_dir, tmp_path / "out", site_builder)
    page = (tmp_path / "out" / "sessions" / "2021-04-12.html").read_text(encoding="utf-8")
    assert "9:00–17:00 集中联合接访</h1>" in page
    feed = (tmp_path / "out" / "calendar.ics").read_bytes().decode()
    assert feed.count("CATEGORIES:根治欠薪,集中联合接访\r\n") == feed.count("BEGIN:VEVENT") > 0


def test_the_name_given_in_site_yaml_is_used_everywhere(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    replace_in(seed_dir / "site.yaml", "# event_name: 集中联合接访", "event_name: 专场接访")
    _build(seed_dir, tmp_path / "out", site_builder)
    page = (tmp_path / "out" / "sessions" / "2021-04-12.html").read_text(encoding="utf-8")
    assert "9:00–17:00 专场接访</h1>" in page
    feed = (tmp_path / "out" / "sessions" / "2021-04-12.ics").read_bytes().decode()
    assert "CATEGORIES:根治欠薪,专场接访\r\n" in feed
    assert "集中联合接访" not in feed.replace("2021年宜良县根治欠薪集中联合接访", "")
