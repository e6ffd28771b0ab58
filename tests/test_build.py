"""Build properties: deterministic, atomic, relocatable, and general enough for any office."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pagetext import broken_links, read_page, schedule_rows, visible_text
from site_paths import REPO, Build


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _run_cli(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=REPO,
        timeout=60,
    )


def test_same_content_gives_byte_identical_output(seed_dir: Path, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1620000000"}  # 2021-05-03
    first = _run_cli("build", "--content", seed_dir, "--out", tmp_path / "a", env=env)
    second = _run_cli("build", "--content", seed_dir, "--out", tmp_path / "b", env=env)
    assert first.returncode == second.returncode == 0, first.stderr
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert "2021年5月3日" in visible_text(tmp_path / "a" / "index.html")


def test_failed_build_leaves_previous_output_untouched(seed_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        _run_cli("build", "--content", seed_dir, "--out", out, "--today", "2021-05-01").returncode
        == 0
    )
    before = _tree(out)
    schedule = seed_dir / "schedule.yaml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8").replace("2021-06-07", "2021-06-31"), encoding="utf-8"
    )
    result = _run_cli("build", "--content", seed_dir, "--out", out, "--today", "2021-05-02")
    assert result.returncode == 1
    assert "2021-06-31 is not a date" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(out) == before
    # No leftovers: only the cache of the first build beside its output.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-builder-cache", "content", "out"]


def test_bad_options_get_a_clear_message(seed_dir: Path, tmp_path: Path) -> None:
    result = _run_cli(
        "build", "--content", seed_dir, "--out", tmp_path / "o", "--today", "tomorrow"
    )
    assert result.returncode == 1
    assert "--today: expected a date as YYYY-MM-DD, found 'tomorrow'" in result.stderr
    missing = _run_cli("check", "--content", tmp_path / "nowhere")
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    assert not (tmp_path / "o").exists()


def test_links_work_from_a_subfolder(seed_dir: Path, tmp_path: Path, site_builder: Build) -> None:
    out = tmp_path / "out"
    url = "https://rsj.example.gov.cn/jiefang/"
    result = site_builder("build", "--content", seed_dir, "--out", out, "--base-url", url)
    assert result.exit_code == 0, result.output
    index_links = [href for _tag, href in read_page(out / "index.html").links]
    assert "webcal://rsj.example.gov.cn/jiefang/calendar.ics" in index_links
    assert "style.css" in index_links and "sessions/2021-04-12.html" in index_links
    not_found = [href for _tag, href in read_page(out / "404.html").links]
    assert "/jiefang/style.css" in not_found and "/jiefang/index.html" in not_found
    assert "URL:https://rsj.example.gov.cn/jiefang/sessions/2021-04-12.html" in (
        (out / "sessions" / "2021-04-12.ics").read_text(encoding="utf-8")
    )


def test_two_sessions_whose_ids_differ_only_in_case_are_refused(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    schedule = seed_dir / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(
        text.replace("  - id: 2021-04-26\n", "  - id: Day-A\n").replace(
            "  - id: 2021-05-10\n", "  - id: day-a\n"
        ),
        encoding="utf-8",
    )
    result = site_builder("build", "--content", seed_dir, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "two files would be written to 'sessions/day-a.html'" in result.output
    assert not (tmp_path / "out").exists()


def test_another_office_builds_with_nothing_of_yiliang(
    example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    result = site_builder("build", "--content", example_dir, "--out", out, "--today", "2023-12-05")
    assert result.exit_code == 0, result.output
    for path, content in _tree(out).items():
        assert "宜良".encode() not in content, path
    rows = {cells[0]: cells for _css, cells in schedule_rows(out / "index.html")}
    when = list(rows)
    assert when[0].startswith("2023年12月4日 星期一 9:00–12:00")
    assert when[1].startswith("2023年12月4日 星期一 14:00–17:00")
    assert when[2].startswith("2023年12月4日 星期一 14:30–17:00 东坪镇劳动保障所")
    assert when[3].startswith("2023年12月16日 星期六 14:30–17:00 西河乡便民服务中心")
    assert when[6].startswith("2024年1月22日 星期一 时间另行通知")
    assert rows[when[0]][1] == "市人社局局长 王强"
    assert rows[when[2]][1] == "镇长"
    text = visible_text(out / "index.html")
    assert "下一次接访 2023年12月16日 （星期六） 14:30–17:00" in text
    assert "集体欠薪请推选3至5名代表来访。" in text
    hrefs = [href for _tag, href in read_page(out / "index.html").links]
    assert {"tel:12333", "tel:087112345678", "tel:087122223333"} <= set(hrefs)
    assert "https://rsj.qingshan.example.gov.cn/complaints/new" in hrefs
    township = visible_text(out / "sessions" / "2023-12-04-dongping.html")
    assert "东坪镇劳动保障所" in township and "镇政府大院内左侧" in township
    assert "<strong>农村劳动力</strong>" in (
        out / "sessions" / "2023-12-04-dongping.html"
    ).read_text(encoding="utf-8")
    assert "<table>" in (out / "notices" / "notice.html").read_text(encoding="utf-8")
    assert not (out / "sessions" / "2024-01-22.ics").exists()  # time to be announced
    assert broken_links(out) == []


def test_output_folder_that_would_destroy_something_else_is_refused(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    result = site_builder("build", "--content", seed_dir, "--out", seed_dir)
    assert result.exit_code == 1 and "would replace the content folder" in result.output
    result = site_builder("build", "--content", seed_dir, "--out", tmp_path)
    assert result.exit_code == 1 and "would replace the content folder" in result.output
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.docx").write_bytes(b"not a site")
    result = site_builder("build", "--content", seed_dir, "--out", documents)
    assert result.exit_code == 1
    assert "is not empty and was not made by site-builder" in result.output
    assert (documents / "letter.docx").read_bytes() == b"not a site"
    assert (seed_dir / "schedule.yaml").is_file()


def test_base_url_must_be_a_web_address(seed_dir: Path, tmp_path: Path, site_builder: Build):
    out = tmp_path / "out"
    result = site_builder("build", "--content", seed_dir, "--out", out, "--base-url", "example.org")
    assert result.exit_code == 2
    assert "expected an address starting with https://, found 'example.org'" in result.output
    result = site_builder("build", "--content", seed_dir, "--out", out)
    assert result.exit_code == 0
    assert "warning: base_url is http://127.0.0.1:5000/: calendar subscription links work" in (
        result.output
    )
    url = "https://rsj.example.gov.cn/jiefang/"
    result = site_builder("build", "--content", seed_dir, "--out", out, "--base-url", url)
    assert result.exit_code == 0 and "warning: base_url" not in result.output


def test_check_catches_what_build_would_refuse(seed_dir: Path, tmp_path: Path, site_builder: Build):
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    schedule = seed_dir / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(
        text.replace("    date: 2021-08-09\n", '    date: 2021-08-09\n    start: "10:00"\n'),
        encoding="utf-8",
    )
    result = site_builder("check", "--content", seed_dir, "--out", out)
    assert result.exit_code == 1 and "without a recorded change" in result.output


def test_another_office_can_take_over_the_output_folder(
    seed_dir: Path, example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    result = site_builder("build", "--content", example_dir, "--out", out)
    assert result.exit_code == 0, result.output
    assert "warning: the last build in the output folder was for another office" in (result.output)
    assert "青山市" in (out / "index.html").read_text(encoding="utf-8")
