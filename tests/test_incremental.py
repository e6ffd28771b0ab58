"""Incremental builds: after any edit, the same bytes as a clean build, and less rendered."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from site_paths import REPO, Build, replace_in

from site_builder import build_cache
from site_builder.build import build_site
from site_builder.build_cache import cache_file, code_version
from site_builder.pages import TEMPLATES_DIR
from site_builder.preview import rebuild

EDITS = ("note", "staff", "comment", "markdown", "template", "site", "today")
DAYS = ("2021-05-02", "2021-06-08", "2021-09-30")


@pytest.fixture(autouse=True)
def fixed_code(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash a copy of site_builder/ as the code's version."""
    # Sources edited in the working tree while the tests run must not make a build full.
    copy = tmp_path_factory.mktemp("code") / "site_builder"
    shutil.copytree(build_cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "PACKAGE_DIR", copy)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _set_field(schedule: Path, session_id: str, field: str, value: str) -> None:
    """Give one session's ``field`` a new value (replacing the one it had, if any)."""
    lines = schedule.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - id: {session_id}\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id:")), len(lines)
    )
    block = [line for line in lines[start + 1 : end] if not line.startswith(f"    {field}:")]
    lines[start + 1 : end] = [f"    {field}: {value}\n", *block]
    schedule.write_text("".join(lines), encoding="utf-8")


def _edit(kind: str, step: int, rng: random.Random, content: Path, templates: Path) -> None:
    """Make one edit of ``kind`` as an office (or a designer) would."""
    schedule = content / "schedule.yaml"
    ids = re.findall(r"^  - id: (\S+)$", schedule.read_text(encoding="utf-8"), re.MULTILINE)
    if kind in ("note", "staff"):
        value = f"第{step}次修改：请带**身份证**。" if kind == "note" else f"第{step}批工作人员"
        _set_field(schedule, rng.choice(ids), kind, value)
    elif kind == "comment":  # moves every later session down a line, changes nothing shown
        session_id = rng.choice(ids)
        replace_in(schedule, f"  - id: {session_id}\n", f"  # 第{step}次\n  - id: {session_id}\n")
    elif kind == "markdown":
        notice = rng.choice(sorted((content / "notices").glob("*.md")))
        with notice.open("a", encoding="utf-8") as text:
            text.write(f"\n第{step}段补充：详见[工作方案](02-work-plan.html)。\n")
    elif kind == "template":
        name = rng.choice(("base.html", "session.html", "static/style.css"))
        with (templates / name).open("a", encoding="utf-8") as text:
            text.write(f"\n{'/*' if name.endswith('.css') else '{#'} {step} ")
            text.write(f"{'*/' if name.endswith('.css') else '#}'}<!-- {step} -->\n")
    elif kind == "site":
        replace_in(content / "site.yaml", "summary: ", f"summary: 第{step}次更新。")


def test_random_edits_give_the_same_bytes_as_a_clean_build(seed_dir: Path, tmp_path: Path):
    templates = Path(shutil.copytree(TEMPLATES_DIR, tmp_path / "templates"))
    out, clean = tmp_path / "out", tmp_path / "clean"
    rng = random.Random(12)
    today = DAYS[0]
    first = build_site(seed_dir, out, today=today, templates_dir=templates)
    assert first.reused == 0
    kinds = rng.sample(EDITS, len(EDITS)) + [rng.choice(EDITS) for _ in range(5)]
    for step, kind in enumerate(kinds, 1):
        if kind == "today":
            today = rng.choice([day for day in DAYS if day != today])
        else:
            _edit(kind, step, rng, seed_dir, templates)
        result = build_site(seed_dir, out, today=today, templates_dir=templates)
        build_site(seed_dir, clean, today=today, templates_dir=templates, reuse=False)
        assert _tree(out) == _tree(clean), f"step {step}: {kind}"
        if kind == "template":
            assert result.reused == 0, "a template edit must render everything again"
        elif kind == "comment":
            assert result.reused == result.files, "a line number is never shown"
        elif kind in ("note", "staff", "markdown"):
            assert 0 < result.reused < result.files, f"step {step}: {kind}"
    unchanged = build_site(seed_dir, out, today=today, templates_dir=templates)
    assert unchanged.reused == unchanged.files


def test_one_office_edited_in_a_many_office_build(tmp_path: Path, site_builder: Build):
    offices = Path(shutil.copytree(REPO / "tests" / "multi_office", tmp_path / "offices"))
    out, clean = tmp_path / "out", tmp_path / "clean"
    args = ("--content", offices, "--today", "2023-12-05")
    assert site_builder("build", *args, "--out", out).exit_code == 0
    _set_field(offices / "hexi" / "schedule.yaml", "2023-12-06", "note", "改在二楼。")
    again = site_builder("build", *args, "--out", out)
    assert site_builder("build", *args, "--out", clean, "--full").exit_code == 0
    assert _tree(out) == _tree(clean)
    pattern = r"built (\d+) files into \S+ \((\d+) unchanged, kept from the last build\)"
    kept = re.search(pattern, again.output)
    assert kept is not None, again.output
    assert 0 < int(kept.group(2)) < int(kept.group(1))


def test_a_damaged_or_foreign_cache_is_ignored(seed_dir: Path, tmp_path: Path):
    out, clean = tmp_path / "out", tmp_path / "clean"
    build_site(seed_dir, out, today=DAYS[0])
    build_site(seed_dir, clean, today=DAYS[0], reuse=False)
    cache = cache_file(out)
    cache.write_bytes(b'{"format": 1, "parts": [')
    assert build_site(seed_dir, out, today=DAYS[0]).reused == 0
    assert _tree(out) == _tree(clean)
    # Another folder's cache, copied over this one's: made for another output.
    replace_in(seed_dir / "site.yaml", "summary: ", "summary: 另一个网站。")
    build_site(seed_dir, tmp_path / "other", today=DAYS[0])
    shutil.copyfile(cache_file(tmp_path / "other"), cache)
    replace_in(seed_dir / "site.yaml", "summary: 另一个网站。", "summary: ")
    assert build_site(seed_dir, out, today=DAYS[0]).reused == 0
    assert _tree(out) == _tree(clean)


def test_an_output_file_changed_since_the_last_build_is_rendered_again(
    seed_dir: Path, tmp_path: Path
):
    out, clean = tmp_path / "out", tmp_path / "clean"
    build_site(seed_dir, out, today=DAYS[0])
    build_site(seed_dir, clean, today=DAYS[0], reuse=False)
    page = out / "sessions" / "2021-04-12.html"
    page.write_bytes(page.read_bytes()[:100])  # truncated in place
    feed = out / "sessions" / "2021-04-26.ics"
    feed.unlink()
    feed.symlink_to(clean / "sessions" / "2021-04-26.ics")  # not the file that was written
    (out / "index.html").unlink()
    result = build_site(seed_dir, out, today=DAYS[0])
    assert 0 < result.reused < result.files
    assert not feed.is_symlink()
    assert _tree(out) == _tree(clean)


def test_code_version_follows_the_sources_and_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    package = tmp_path / "package"
    package.mkdir()
    (package / "pages.py").write_text("X = 1\n", encoding="utf-8")
    templates = Path(shutil.copytree(TEMPLATES_DIR, tmp_path / "templates"))
    monkeypatch.setattr(build_cache, "PACKAGE_DIR", package)
    before = code_version(templates)
    assert code_version(templates) == before
    (package / "pages.py").write_text("X = 2\n", encoding="utf-8")
    after_code = code_version(templates)
    replace_in(templates / "session.html", "{% block main %}", "{% block main %}<hr>")
    assert len({before, after_code, code_version(templates)}) == 3


def test_cache_is_beside_the_output_and_records_that_folder(seed_dir: Path, tmp_path: Path):
    out = tmp_path / "site" / "out"
    build_site(seed_dir, out, today=DAYS[0])
    cache = tmp_path / "site" / ".site-builder-cache" / "out.json"
    assert cache_file(out) == cache
    assert json.loads(cache.read_bytes())["out"] == str(out.resolve())


def test_preview_rebuild_keeps_unchanged_files(
    seed_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / ".preview"
    assert rebuild(seed_dir, out, "http://127.0.0.1:8000/")
    _set_field(seed_dir / "schedule.yaml", "2021-05-10", "note", "请从南门进。")
    assert rebuild(seed_dir, out, "http://127.0.0.1:8000/")
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"built {len(_tree(out))} files into {out}"
    assert re.fullmatch(
        rf"built {len(_tree(out))} files into {re.escape(str(out))} "
        r"\(\d+ unchanged, kept from the last build\)",
        printed[1],
    )
    assert "请从南门进" in (out / "sessions" / "2021-05-10.html").read_text(encoding="utf-8")


def test_a_cache_naming_files_outside_the_output_is_not_followed(seed_dir: Path, tmp_path: Path):
    out, clean = tmp_path / "out", tmp_path / "clean"
    build_site(seed_dir, out, today=DAYS[0])
    build_site(seed_dir, clean, today=DAYS[0], reuse=False)
    secret = tmp_path / "secret.txt"
    secret.write_text("不是网站的文件", encoding="utf-8")
    found = secret.lstat()
    document = json.loads(cache_file(out).read_bytes())
    for files in document["parts"].values():
        for entry in files:
            entry[:] = ["../secret.txt", found.st_ino, found.st_size, found.st_mtime_ns]
    cache_file(out).write_text(json.dumps(document), encoding="utf-8")
    assert build_site(seed_dir, out, today=DAYS[0]).reused == 0
    assert _tree(out) == _tree(clean)
