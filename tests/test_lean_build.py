"""A lean build: the schedule read session by session, big files never whole in memory,
libraries loaded only for what is rendered, and the same messages and bytes as before."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax import saxutils

import pytest
from site_paths import EXAMPLE_CONTENT, REPO

from site_builder import schedule, schedule_manifest
from site_builder.build import build_site
from site_builder.build_cache import cache_file
from site_builder.loader import load_site
from site_builder.schedule_manifest import render_manifest
from site_builder.xml_text import escape, quoteattr
from site_builder.yaml_source import ErrorLog
from site_builder.yaml_stream import NotStreamable
from site_builder.zones import load_zone

SCHEDULE = (EXAMPLE_CONTENT / "schedule.yaml").read_text(encoding="utf-8")
HEAD, BODY = SCHEDULE.split("sessions:\n", 1)
LAST = SCHEDULE.count("\n") + 1  # the first line after the example's schedule

# Each variant with the messages a whole read of it gives (beyond the example's own).
VARIANTS = {
    "as is": (SCHEDULE, []),
    "defaults last": ("sessions:\n" + BODY + HEAD, []),
    "unknown keys last": (
        SCHEDULE + "extra: 1\n",
        [f"{LAST}: extra: unknown field (known fields: defaults, sessions)"],
    ),
    "sessions twice": (
        SCHEDULE + "sessions:\n  - id: x\n    date: 2023-12-20\n",
        [f"{LAST}: sessions: appears twice"],
    ),
    "defaults twice": (
        SCHEDULE + HEAD,
        [f"{LAST}: defaults: appears twice"],
    ),
    "syntax error last": (
        SCHEDULE + "  - id: [unclosed\n",
        [f"{LAST + 1}: YAML syntax error: expected ',' or ']', but got '<stream end>'"],
    ),
    "two documents": (
        SCHEDULE + "---\nfoo: 1\n",
        [f"{LAST}: YAML syntax error: but found another document"],
    ),
    "alias": (
        SCHEDULE + "  - *nope\n",
        [f"{LAST}: YAML syntax error: found undefined alias 'nope'"],
    ),
}


def _read(path: Path) -> tuple[list[object], list[str]]:
    site = load_site(EXAMPLE_CONTENT)
    units = {unit.id: unit for unit in site.units}
    venues = {venue.id: venue for venue in site.venues}
    log = ErrorLog()
    sessions = schedule.read_sessions(path, units, venues, load_zone(site.timezone), log)
    return sessions, [f"{item.line}: {item.message}" for item in log.items]


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_streamed_schedule_reads_as_a_whole_one(
    variant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same sessions and messages, in the same order, as reading the file whole."""
    text, messages = VARIANTS[variant]
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    streamed = _read(path)

    def refuse(*_args: object) -> None:
        raise NotStreamable("read whole")

    monkeypatch.setattr(schedule, "StreamedMapping", refuse)
    assert streamed == _read(path)
    assert streamed[1] == messages


def test_the_manifest_is_json_dumps_of_the_whole_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """``schedule.json`` as written one batch of sessions at a time: the same text."""
    site = load_site(EXAMPLE_CONTENT)
    document = {
        "format": schedule_manifest.FORMAT,
        "title": site.title,
        "office": site.office,
        "timezone": site.timezone,
        "id": site.id,
        "sessions": [
            schedule_manifest._entry(s) for s in sorted(site.sessions, key=lambda s: s.sort_key)
        ],
    }
    expected = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    for batch in (1, 2, 3, len(site.sessions), 500):
        monkeypatch.setattr(schedule_manifest, "_BATCH", batch)
        assert render_manifest(site)["schedule.json"].decode("utf-8") == expected


@pytest.mark.parametrize(
    "text", ["", "a&b<c>d", '"', "'", "\"'", "x\ny\rz\tw", "&amp;\"<'>", "中文"]
)
def test_xml_text_escapes_as_saxutils(text: str) -> None:
    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)


LOADED = """\
import sys
from pathlib import Path
from site_builder.build import build_site
result = build_site(Path(sys.argv[1]), Path(sys.argv[2]), today="2023-12-01")
libraries = ("PIL", "segno", "markdown", "urllib.request")
print(result.reused, result.files, *[name for name in libraries if name in sys.modules])
"""


def test_a_rebuild_with_nothing_changed_loads_no_image_markdown_or_url_library(
    tmp_path: Path,
) -> None:
    """Pillow, segno, Markdown and urllib.request are loaded only to render something."""
    content, out = tmp_path / "content", tmp_path / "output"
    shutil.copytree(EXAMPLE_CONTENT, content)
    command = [sys.executable, "-c", LOADED, str(content), str(out)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
    files = first.stdout.split()[1]
    assert {"PIL", "segno", "markdown"} <= set(first.stdout.split()[2:])
    again = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
    assert again.stdout.split() == [files, files]


def test_big_files_are_written_through_scratch_files_that_are_removed(tmp_path: Path) -> None:
    """index.html and calendar.ics are linked in from scratch files, with the usual mode."""
    out = tmp_path / "output"
    build_site(EXAMPLE_CONTENT, out, today="2023-12-01")
    assert [path.name for path in cache_file(out).parent.iterdir() if "scratch" in path.name] == []
    mode = (out / "style.css").stat().st_mode
    assert (out / "index.html").stat().st_mode == mode
    assert (out / "calendar.ics").stat().st_mode == mode
    assert (out / "calendar.ics").stat().st_nlink == 1
