"""The seed notice imports to the shipped content's sessions, from text, GBK text and Word."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import unavailable
from notice_files import NOTICES, YILIANG, chinese_font, yiliang_docx, yiliang_pdf

from site_builder.cli import main
from site_builder.loader import load_site
from site_builder.model import Site

REPO = Path(__file__).resolve().parents[2]


def _summary(site: Site) -> list[tuple[object, ...]]:
    """What a visitor sees of each session, independent of the ids chosen for units."""
    return [
        (
            session.id,
            session.slot.day,
            session.slot.start,
            session.slot.end,
            (session.slot.venue.name, session.slot.venue.room),
            session.lead.label if session.lead else None,
            [unit.name for unit in session.units],
            session.staff,
        )
        for session in site.sessions
    ]


def _import(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", *map(str, args)])
    return result.exit_code, result.output


@pytest.fixture(params=["utf-8 text", "gbk text", "word", "chinese pdf"])
def seed_notice(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "word":
        return yiliang_docx(tmp_path / "宜良通知.docx")
    if request.param == "chinese pdf":
        if not chinese_font():
            unavailable("no font with Chinese glyphs here (apt-get install fonts-noto-cjk)")
        return yiliang_pdf(tmp_path / "宜良通知.pdf", request.getfixturevalue("chromium"))
    return YILIANG if request.param == "utf-8 text" else NOTICES / "yiliang-2021-gbk.txt"


def test_seed_notice_imports_to_the_shipped_sessions(seed_notice: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    code, output = _import(seed_notice, "--into", draft)
    assert code == 0, output
    check = CliRunner().invoke(main, ["check", "--content", draft, "--out", tmp_path / "out"])
    assert check.exit_code == 0, check.output
    imported, shipped = load_site(draft), load_site(REPO / "content")
    assert _summary(imported) == _summary(shipped)
    assert [(c.label, c.title, c.name, c.phone) for c in imported.contacts] == [
        (c.label, c.title, c.name, c.phone) for c in shipped.contacts
    ]
    assert (imported.title, imported.office, imported.published, imported.campaign) == (
        shipped.title,
        shipped.office,
        shipped.published,
        shipped.campaign,
    )
    assert [notice.title for notice in imported.notices] == [shipped.notices[0].title]


def test_every_uncertain_value_is_marked_and_listed(tmp_path: Path) -> None:
    code, output = _import(YILIANG, "--into", tmp_path / "draft")
    assert code == 0
    draft = tmp_path / "draft"
    assert output.splitlines()[:8] == [
        f"{draft}: draft written: 12 sessions, 9 units, 1 venues, 1 contacts",
        "3 place(s) to review (marked # 请核对):",
        f"  {draft}/site.yaml:3: 网站标题由通知推出，请确认或改写",
        "      notice line 21: 薪集中联合接访活动。现将《2021 年宜良县根治欠薪集中联合",
        f"  {draft}/site.yaml:13: 电话 0871-67539921 取自通知另一处，请确认是此联络人的电话",
        "      notice line 352: （联系电话：0871-67539921）",
        f"  {draft}/schedule.yaml:14: 原文写作“且住建局”，按“县住建局”处理",
        "      notice line 98: 4 月 26 日（星期",
    ]
    schedule = (draft / "schedule.yaml").read_text(encoding="utf-8").splitlines()
    assert schedule[13:16] == [
        "  # 请核对：原文写作“且住建局”，按“县住建局”处理（通知第98行）",
        "  - id: 2021-04-26",
        "    date: 2021-04-26",
    ]


def test_a_second_import_of_the_same_notice_changes_nothing(tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    assert _import(YILIANG, "--into", draft)[0] == 0
    code, output = _import(YILIANG, "--into", draft)
    assert code == 0
    assert output.startswith(f"{draft}: already holds this draft, nothing changed: 12 sessions")


def test_an_edited_folder_is_never_overwritten(tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    assert _import(YILIANG, "--into", draft)[0] == 0
    units = draft / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "# 已核对\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in draft.rglob("*") if path.is_file()}
    code, output = _import(YILIANG, "--into", draft)
    assert code == 1
    assert output == (
        f"Error: {draft} is not empty and is not this notice's draft; nothing was written. "
        "Import into a new folder (--into DIR) and compare\n"
    )
    assert {path: path.read_bytes() for path in draft.rglob("*") if path.is_file()} == before


def test_a_notice_that_cannot_be_read_writes_nothing(tmp_path: Path) -> None:
    notice = tmp_path / "scan.pdf"
    notice.write_bytes(b"not a pdf")
    code, output = _import(notice, "--into", tmp_path / "draft")
    assert code == 1
    assert output == "Error: scan.pdf: not a valid PDF file, or a damaged one\n"
    assert not (tmp_path / "draft").exists()


def test_a_dry_run_of_a_new_draft_prints_it_and_writes_nothing(tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    code, output = _import(YILIANG, "--into", draft, "--dry-run")
    assert code == 0
    assert not draft.exists()
    assert output.startswith(f"--- /dev/null\n+++ {draft.as_posix()}/notices/01-notice.md\n")
    assert f"+++ {draft.as_posix()}/schedule.yaml\n" in output
    assert f"{draft}: dry run, nothing written: 12 sessions, 9 units" in output
    assert output.endswith("next: run the same command without --dry-run to write this\n")
