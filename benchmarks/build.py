"""Time ``site-builder build`` (and Hugo) on generated content of 12, 1,000 and 10,000 sessions.

For each size the script writes a complete ``content/`` into a temporary folder (several
venues and units, one session per venue per working day so nothing overlaps, a campaign
covering the whole range, a short Markdown note on every session), then, K times:

1. builds it into an empty output folder (no cache) in a fresh ``python -m site_builder``
   process, so interpreter start-up and imports count, as they do when Hugo is timed;
2. rebuilds the same content into the same output folder (no change);
3. moves one session to 10:00 with a recorded change (or only edits its note, with
   ``--edit note``) and rebuilds into the same output folder;
4. times the same edit rebuilt the way ``serve`` does, in a process that built already.

``--many MxN`` (default 100x100) also builds M offices of N sessions each in one content
folder (one office per subfolder), portal included, and compares it with one office of
as many sessions. With a ``hugo`` executable (``--hugo PATH`` or on PATH) the same
sessions are built by Hugo too (``build_hugo.py``) and the ratios printed.

It prints the best wall time of each, the peak resident memory of that child process
(from ``os.wait4``, so every run is measured on its own). See ``benchmarks/README.md``.

Example::

    .venv/bin/python benchmarks/build.py --sizes 12 1000 --many --runs 3
    .venv/bin/python benchmarks/build.py --hugo /tmp/hugo/bin/hugo
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import build_hugo

DEFAULT_SIZES = (12, 1_000, 10_000)
DEFAULT_MANY = (100, 100)  # offices, sessions each
BENCHMARKS = Path(__file__).resolve().parent
CACHE_FOLDER = ".site-builder-cache"  # where site-builder keeps its cache, beside output/
DEFAULT_RUNS = 3
DEFAULT_BUDGET = 60.0  # seconds per size after which no further runs are started
FIRST_DAY = date(2021, 4, 12)  # a Monday, the seed's first session

VENUES = (
    ("county", "县人力资源和社会保障局", "县就业和社会保障服务中心101室", "0871-67539921"),
    ("beigu", "北古城镇人民政府", "二楼会议室", "0871-67530001"),
    ("goujie", "狗街镇人民政府", "一楼接待室", "0871-67530002"),
    ("tangchi", "汤池街道办事处", "三楼劳动保障所", "0871-67530003"),
    ("matou", "马街镇人民政府", "一楼便民服务中心", "0871-67530004"),
    ("jiuxiang", "九乡乡人民政府", "二楼调解室", "0871-67530005"),
    ("gengjia", "耿家营乡人民政府", "一楼大厅", "0871-67530006"),
    ("zhushan", "竹山乡人民政府", "二楼接访室", "0871-67530007"),
)
UNITS = (
    ("rsj", "县人社局"),
    ("zjj", "县住建局"),
    ("jyj", "县交运局"),
    ("swj", "县水务局"),
    ("fgj", "县发改局"),
    ("czj", "县财政局"),
    ("gaj", "县公安局"),
    ("zgh", "县总工会"),
    ("gzj", "县国资局"),
    ("sfj", "县司法局"),
    ("zrj", "县自然资源局"),
    ("scj", "县市场监管局"),
)
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
EDIT_KINDS = ("time", "note")


class BenchmarkError(Exception):
    """A build failed or did not write what the benchmark expects."""


@dataclass(frozen=True)
class GeneratedSite:
    """A generated ``content/`` and what the benchmark needs to know about it.

    With several offices, ``content_dir`` holds one office per subfolder and the edit goes
    to the middle office, ``edited_dir`` (its pages are under ``edited_folder/``).
    """

    content_dir: Path
    sessions: int
    today: date
    edited_id: str
    offices: int = 1
    edited_dir: Path | None = None
    edited_folder: str = ""

    @property
    def per_office(self) -> int:
        """Sessions in each office."""
        return self.sessions // self.offices

    @property
    def edit_dir(self) -> Path:
        """The content folder whose schedule gets the edit."""
        return self.edited_dir or self.content_dir


@dataclass(frozen=True)
class Run:
    """One ``site-builder build`` process: wall time, peak memory and what it wrote."""

    seconds: float
    peak_mib: float | None
    files: int
    warnings: int


@dataclass(frozen=True)
class Result:
    """The best full build, no-change rebuild and one-edit rebuild for one size."""

    sessions: int
    pages: int
    runs: int
    full: Run
    unchanged: Run
    rebuild: Run
    offices: int = 1
    serve_edit: float = 0.0
    hugo: HugoResult | None = None


@dataclass(frozen=True)
class HugoResult:
    """Hugo's best full build, no-change and one-edit rebuild of the same sessions."""

    full: float
    unchanged: float
    rebuild: float
    peak_mib: float | None


def working_day(index: int) -> date:
    """The ``index``-th Monday-to-Friday day from :data:`FIRST_DAY`."""
    weeks, weekday = divmod(index, 5)
    return FIRST_DAY + timedelta(weeks=weeks, days=weekday)


def session_plan(index: int) -> tuple[str, date, str]:
    """Session ``index``'s id, day and venue id: each venue holds one session a working day."""
    venue_id = VENUES[index % len(VENUES)][0]
    day = working_day(index // len(VENUES))
    return f"{day.isoformat()}-{venue_id}", day, venue_id


def _times(index: int) -> list[str]:
    """Varied times: most take the defaults, some are afternoon-only, morning-only or TBA."""
    if index % 97 == 50:
        return ["    time_tba: true"]
    if index % 5 == 1:
        return ['    start: "14:30"']
    if index % 5 == 2:
        return ['    end: "12:00"']
    return []


def _is_default_time(index: int) -> bool:
    return not _times(index)


def _session_yaml(index: int, edited: bool, today: date) -> list[str]:
    """The YAML lines of one session; ``edited`` applies the benchmark's edit to it."""
    session_id, day, venue_id = session_plan(index)
    lead = UNITS[index % len(UNITS)][0]
    attending = sorted({UNITS[(index + step) % len(UNITS)][0] for step in (0, 1, 3, 5)})
    venue_name = VENUES[index % len(VENUES)][1]
    lines = [
        f"  - id: {session_id}",
        f"    date: {day.isoformat()}",
        f"    weekday: {WEEKDAYS[day.weekday()]}",
        f"    venue: {venue_id}",
        f"    lead: {{unit: {lead}, title: 分管负责同志}}",
        f"    units: [{', '.join(attending)}]",
        *_times(index),
        "    note: |",
        *(f"      {line}" if line else "" for line in note_lines(index, venue_name)),
    ]
    if edited:
        lines += [
            "      接访时间调整为 10:00 开始。",
            '    start: "10:00"',
            "    changes:",
            f"      - announced: {today.isoformat()}",
            "        kind: rescheduled",
            "        reason: 会议室另有安排",
            "        previous:",
            '          start: "09:00"',
        ]
    return lines


def note_lines(index: int, venue_name: str) -> list[str]:
    """The Markdown note of session ``index``."""
    return [
        f"第{index + 1}次接访在{venue_name}，请携带**身份证**和劳动合同、工资条等证据材料。",
        "",
        "- 群体性诉求请推选 3–5 名代表",
        "- 请在前一天 17:00 前电话预约",
        "",
        "详见[工作方案](../notices/02-work-plan.html)。",
    ]


def hugo_pages(sessions: int) -> dict[str, str]:
    """The same sessions as Hugo pages (see ``build_hugo.py``)."""
    pages = {}
    for index in range(sessions):
        session_id, day, venue_id = session_plan(index)
        venue = next(v for v in VENUES if v[0] == venue_id)
        time_label = {1: "14:30–17:00", 2: "09:00–12:00"}.get(index % 5, "09:00–17:00")
        units = sorted({UNITS[(index + step) % len(UNITS)][1] for step in (0, 1, 3, 5)})
        pages[session_id] = build_hugo.session_page(
            day.isoformat(),
            f"{day.year}年{day.month}月{day.day}日 {venue[1]}",
            "时间另行通知" if index % 97 == 50 else time_label,
            f"{venue[1]}{venue[2]}",
            f"{UNITS[index % len(UNITS)][1]} 分管负责同志",
            units,
            "\n".join(note_lines(index, venue[1])) + "\n",
        )
    return pages


def schedule_yaml(sessions: int, today: date, edited_index: int | None, edit: str) -> str:
    """``schedule.yaml`` with ``sessions`` sessions; ``edited_index`` gets the edit."""
    lines = [
        "defaults:",
        "  venue: county",
        '  start: "09:00"',
        '  end: "17:00"',
        "  staff: 业务科室负责人",
        "sessions:",
    ]
    for index in range(sessions):
        session = _session_yaml(index, index == edited_index and edit == "time", today)
        if index == edited_index and edit == "note":
            session.insert(-1, "      本次接访增加法律援助律师现场咨询。")
        lines += session
    return "\n".join(lines) + "\n"


def site_yaml(first: date, last: date, office: int | None = None) -> str:
    """``site.yaml`` with a campaign covering every month from ``first`` to ``last``.

    ``office`` numbers one of several offices: it gets its own id (distinct calendar UIDs)
    and one of ten regions.
    """
    own = "" if office is None else f"id: office-{office:03d}\nregion: 某省第{office % 10}市\n"
    return f"""\
{own}title: 根治欠薪集中联合接访（基准测试）
office: 某县根治拖欠农民工工资工作领导小组办公室
published: {first.isoformat()}
summary: >-
  各乡镇和县级部门**每个工作日**在各自地点集中接访，现场接待农民工反映欠薪诉求。
timezone: Asia/Shanghai
base_url: https://example.gov.cn/jiefang/
complaint_url: complaints/new
sponsor: 某县人力资源和社会保障局
icp_number: 滇ICP备12345678号-1
police_number: 滇公网安备53012502000123号
site_code: "5301250001"
campaign:
  name: 根治欠薪集中联合接访活动
  first_month: {first:%Y-%m}
  last_month: {last:%Y-%m}
  sessions_per_month: 1
contacts:
  - label: 县级集中联合接访联络人
    title: 劳动监察大队大队长
    name: 朱江
    phone: 0871-67539921
  - label: 劳动保障监察投诉电话
    phone: "12333"
instructions:
  - 请携带身份证和欠薪证据材料。
  - 群体性诉求请推选 3–5 名代表。
"""


def units_yaml() -> str:
    """``units.yaml`` declaring every unit of :data:`UNITS`."""
    lines = ["units:"]
    for unit_id, name in UNITS:
        lines += [f"  - id: {unit_id}", f"    name: {name}"]
    return "\n".join(lines) + "\n"


def venues_yaml() -> str:
    """``venues.yaml`` declaring every venue of :data:`VENUES`."""
    lines = ["venues:"]
    for venue_id, name, room, phone in VENUES:
        lines += [
            f"  - id: {venue_id}",
            f"    name: {name}",
            f"    room: {room}",
            f"    address: 云南省昆明市某县{name}",
            f"    phone: {phone}",
        ]
    return "\n".join(lines) + "\n"


NOTICE = """\
---
title: 关于开展根治欠薪集中联合接访活动的通知
date: {day}
issuer: 某县根治拖欠农民工工资工作领导小组办公室
---
各有关单位：

现将《根治欠薪集中联合接访工作方案》印发给你们，请认真抓好贯彻落实。

附件：[工作方案](02-work-plan.html)
"""
WORK_PLAN = """\
---
title: 根治欠薪集中联合接访工作方案
date: {day}
---
## 一、目标任务

畅通欠薪诉求反映渠道，及时处置欠薪诉求。

## 二、接访时间

| 时段 | 时间 |
| --- | --- |
| 全天 | 9:00—17:00 |
| 下午 | 14:30—17:00 |
"""


def generate(root: Path, sessions: int, edit: str) -> GeneratedSite:
    """Write a valid ``content/`` with ``sessions`` sessions under ``root``."""
    return _generate_office(root / "content", sessions, edit, None)


def generate_offices(root: Path, offices: int, sessions: int, edit: str) -> GeneratedSite:
    """Write ``offices`` offices of ``sessions`` sessions each, one per subfolder of content/."""
    content = root / "content"
    sites = [
        _generate_office(content / f"office-{office:03d}", sessions, edit, office)
        for office in range(offices)
    ]
    portal = "title: 根治欠薪集中联合接访（基准测试）\nbase_url: https://example.gov.cn/jiefang/\n"
    (content / "portal.yaml").write_text(portal, encoding="utf-8")
    edited = sites[offices // 2]
    return GeneratedSite(
        content_dir=content,
        sessions=sessions * offices,
        today=edited.today,
        edited_id=edited.edited_id,
        offices=offices,
        edited_dir=edited.content_dir,
        edited_folder=edited.content_dir.name + "/",
    )


def _generate_office(content: Path, sessions: int, edit: str, office: int | None) -> GeneratedSite:
    """Write one office's content folder."""
    (content / "notices").mkdir(parents=True, exist_ok=True)
    days = [session_plan(index)[1] for index in range(sessions)]
    first, last = min(days), max(days)
    today = days[len(days) // 2]  # about half the sessions are past
    middle_first = [*range(sessions // 2, sessions), *range(sessions // 2)]
    edited = next(i for i in middle_first if _is_default_time(i))  # index 0 always is
    (content / "site.yaml").write_text(site_yaml(first, last, office), encoding="utf-8")
    (content / "units.yaml").write_text(units_yaml(), encoding="utf-8")
    (content / "venues.yaml").write_text(venues_yaml(), encoding="utf-8")
    (content / "notices" / "01-notice.md").write_text(NOTICE.format(day=first), encoding="utf-8")
    (content / "notices" / "02-work-plan.md").write_text(
        WORK_PLAN.format(day=first), encoding="utf-8"
    )
    write_schedule(content, sessions, today, None, edit)
    return GeneratedSite(content, sessions, today, session_plan(edited)[0])


def write_schedule(
    content: Path, sessions: int, today: date, edited_index: int | None, edit: str
) -> None:
    """(Re)write ``schedule.yaml``, with or without the edit."""
    text = schedule_yaml(sessions, today, edited_index, edit)
    (content / "schedule.yaml").write_text(text, encoding="utf-8")


def _peak_mib(max_rss: int) -> float:
    """``ru_maxrss`` in MiB: kibibytes on Linux, bytes on macOS."""
    return max_rss / (1024 * 1024) if sys.platform == "darwin" else max_rss / 1024


@dataclass(frozen=True)
class Finished:
    """A child process that ran to its end: wall time, peak memory, what it printed."""

    seconds: float
    peak_mib: float | None
    returncode: int
    stdout: str
    stderr: str


def run_timed(command: list[str]) -> Finished:
    """Run ``command`` in a new process; time it and take its own peak memory."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        if hasattr(os, "wait4"):
            # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be a running maximum.
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            returncode = os.waitstatus_to_exitcode(status)
            peak: float | None = _peak_mib(usage.ru_maxrss)
        else:  # Windows: no per-process rusage from the standard library
            returncode = process.wait()
            seconds, peak = time.perf_counter() - started, None
        stdout.seek(0)
        stderr.seek(0)
        said, complained = stdout.read().decode(), stderr.read().decode()
    return Finished(seconds, peak, returncode, said, complained)


def run_build(site: GeneratedSite, out_dir: Path) -> Run:
    """One ``python -m site_builder build`` in a fresh process, timed and measured."""
    command = [
        sys.executable,
        "-m",
        "site_builder",
        "build",
        "--content",
        str(site.content_dir),
        "--out",
        str(out_dir),
        "--today",
        site.today.isoformat(),
    ]
    done = run_timed(command)
    if done.returncode != 0:
        raise BenchmarkError(
            f"build of {site.sessions} sessions failed:\n{done.stderr}{done.stdout}"
        )
    built = re.search(r"built (\d+) files", done.stdout)
    if built is None:
        raise BenchmarkError(f"unexpected output from site-builder: {done.stdout!r}")
    warnings = len([line for line in done.stderr.splitlines() if line.strip()])
    return Run(done.seconds, done.peak_mib, int(built.group(1)), warnings)


# The serve path in a child process: build as `serve` does, edit, time the rebuild alone.
SERVE_EDIT = """\
import json, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import build as bench
from site_builder.preview import rebuild
a = json.loads(sys.argv[2])
edit_dir, today = Path(a["edit_dir"]), date.fromisoformat(a["today"])
bench.write_schedule(edit_dir, a["sessions"], today, None, a["edit"])
if not rebuild(Path(a["content"]), Path(a["out"]), "http://127.0.0.1:8000/"):
    sys.exit(1)
bench.write_schedule(edit_dir, a["sessions"], today, a["edited_index"], a["edit"])
started = time.perf_counter()
if not rebuild(Path(a["content"]), Path(a["out"]), "http://127.0.0.1:8000/"):
    sys.exit(1)
print(f"edit rebuilt in {time.perf_counter() - started:.6f} s")
"""


def serve_edit_seconds(site: GeneratedSite, edited_index: int, edit: str, out_dir: Path) -> float:
    """Seconds `serve` takes to rebuild after one edit (in a process that built already)."""
    arguments = {
        "content": str(site.content_dir),
        "out": str(out_dir),
        "edit_dir": str(site.edit_dir),
        "sessions": site.per_office,
        "today": site.today.isoformat(),
        "edited_index": edited_index,
        "edit": edit,
    }
    command = [sys.executable, "-c", SERVE_EDIT, str(BENCHMARKS), json.dumps(arguments)]
    done = run_timed(command)
    found = re.search(r"edit rebuilt in ([0-9.]+) s", done.stdout)
    if done.returncode != 0 or found is None:
        raise BenchmarkError(f"serve rebuild failed:\n{done.stderr}{done.stdout}")
    _check_edit(out_dir / site.edited_folder / "sessions" / f"{site.edited_id}.html", edit)
    return float(found.group(1))


def measure_hugo(hugo: Path, sessions: int, runs: int, root: Path) -> HugoResult:
    """Best of ``runs`` Hugo full builds, no-change rebuilds and one-edit rebuilds."""
    pages = hugo_pages(sessions)
    edited = session_plan(sessions // 2)[0]
    folder = build_hugo.write_site(root / "hugo", pages)
    command = build_hugo.command(hugo, folder)
    results: list[tuple[Finished, Finished, Finished]] = []
    for _ in range(runs):
        build_hugo.write_site(folder, pages)  # also removes public/ and Hugo's caches
        full, unchanged = run_timed(command), run_timed(command)
        page = folder / "content" / "sessions" / f"{edited}.md"
        with page.open("a", encoding="utf-8") as text:
            text.write("\n本次接访增加法律援助律师现场咨询。\n")
        edit = run_timed(command)
        for done in (full, unchanged, edit):
            if done.returncode != 0:
                raise BenchmarkError(f"hugo failed:\n{done.stderr}{done.stdout}")
        results.append((full, unchanged, edit))
    built = folder / "public" / "sessions" / edited / "index.html"
    if "法律援助律师" not in built.read_text(encoding="utf-8"):
        raise BenchmarkError(f"{built} does not show the edit")
    return HugoResult(
        *(min(run[i].seconds for run in results) for i in range(3)),
        peak_mib=results[0][0].peak_mib,
    )


def measure(
    sessions: int,
    runs: int,
    edit: str,
    root: Path,
    budget: float,
    offices: int = 1,
    hugo: Path | None = None,
) -> Result:
    """Best of up to ``runs`` full builds and rebuilds of ``sessions`` generated sessions.

    ``sessions`` is per office when ``offices`` is more than 1. No new run is started once
    ``budget`` seconds have gone on this size: for builds that take a minute, a second and
    third run change the figure far less than they cost.
    """
    if offices > 1:
        site = generate_offices(root, offices, sessions, edit)
    else:
        site = generate(root, sessions, edit)
    out_dir = root / "output"
    per_office = site.per_office
    edited_index = next(i for i in range(per_office) if session_plan(i)[0] == site.edited_id)
    fulls: list[Run] = []
    unchanged: list[Run] = []
    rebuilds: list[Run] = []
    serves: list[float] = []
    started = time.perf_counter()
    while len(fulls) < runs and (not fulls or time.perf_counter() - started < budget):
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)
        write_schedule(site.edit_dir, per_office, site.today, None, edit)
        fulls.append(run_build(site, out_dir))
        unchanged.append(run_build(site, out_dir))
        write_schedule(site.edit_dir, per_office, site.today, edited_index, edit)
        rebuilds.append(run_build(site, out_dir))
        page = out_dir / site.edited_folder / "sessions" / f"{site.edited_id}.html"
        _check_edit(page, edit)
        shutil.rmtree(root / "preview", ignore_errors=True)  # a new preview, as serve starts
        serves.append(serve_edit_seconds(site, edited_index, edit, root / "preview"))
    pages = sum(1 for _ in out_dir.rglob("*.html"))
    hugo_result = None
    if hugo is not None and offices == 1:
        hugo_result = measure_hugo(hugo, sessions, len(fulls), root)
    return Result(
        site.sessions,
        pages,
        len(fulls),
        min(fulls, key=lambda run: run.seconds),
        min(unchanged, key=lambda run: run.seconds),
        min(rebuilds, key=lambda run: run.seconds),
        offices,
        min(serves),
        hugo_result,
    )


def _check_edit(page: Path, edit: str) -> None:
    """Fail unless the rebuilt page shows the edit (a rebuild that did nothing proves nothing)."""
    expected = "10:00–17:00" if edit == "time" else "法律援助律师"
    if expected not in page.read_text(encoding="utf-8"):
        raise BenchmarkError(f"{page} does not show the edit ({expected!r})")


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def format_table(results: list[Result], runs: int, edit: str, hugo: str) -> str:
    """The results as a plain-text table, then the ratios against Hugo and between sizes."""
    header = (
        f"site-builder build: best of up to {runs} run(s), fresh process each; "
        f"edit = {edit} of one session edited; serve edit = the same edit rebuilt by "
        "`serve` (warm process)\n"
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPU(s)\n"
    )
    columns = (
        f"{'offices':>7} {'N':>7} {'runs':>5} {'pages':>7} {'files':>7} {'full build s':>13} "
        f"{'peak MiB':>9} {'no-change s':>12} {'edit s':>7} {'edit MiB':>9} "
        f"{'serve edit s':>13} {'warnings':>9}"
    )
    rows = [
        f"{r.offices:>7} {r.sessions:>7,} {r.runs:>5} {r.pages:>7,} {r.full.files:>7,} "
        f"{r.full.seconds:>13.2f} {_mib(r.full.peak_mib):>9} {r.unchanged.seconds:>12.2f} "
        f"{r.rebuild.seconds:>7.2f} {_mib(r.rebuild.peak_mib):>9} {r.serve_edit:>13.3f} "
        f"{r.full.warnings:>9}"
        for r in results
    ]
    lines = [header, columns, "-" * len(columns), *rows, ""]
    lines += _hugo_lines(results, hugo)
    lines += _office_ratios(results)
    return "\n".join(lines)


def _hugo_lines(results: list[Result], hugo: str) -> list[str]:
    """Hugo's figures on the same sessions, and site-builder's time as a multiple of Hugo's."""
    measured = [(r, r.hugo) for r in results if r.hugo is not None]
    if not measured:
        return [f"Hugo: {hugo}; no Hugo figures (give --hugo PATH or put hugo on PATH)."]
    lines = [f"Hugo ({hugo}), same sessions as pages, best of the same number of runs:"]
    for r, h in measured:
        lines.append(
            f"  N = {r.sessions:>6,}: Hugo full {h.full:.2f} s, no-change {h.unchanged:.2f} s, "
            f"edit {h.rebuild:.2f} s, peak {_mib(h.peak_mib)} MiB; site-builder / Hugo: "
            f"full {r.full.seconds / h.full:.2f}x, no-change "
            f"{r.unchanged.seconds / h.unchanged:.2f}x, edit {r.rebuild.seconds / h.rebuild:.2f}x "
            "(below 1.0x is faster)"
        )
    return lines


def _office_ratios(results: list[Result]) -> list[str]:
    """Many offices against one office of as many sessions in all (issue 12 aims at 1.5x)."""
    single = {r.sessions: r for r in results if r.offices == 1}
    lines = []
    for r in results:
        one = single.get(r.sessions)
        if r.offices > 1 and one is not None:
            lines.append(
                f"{r.offices} offices of {r.sessions // r.offices:,} sessions: full build "
                f"{r.full.seconds / one.full.seconds:.2f}x, peak memory "
                f"{(r.full.peak_mib or 0) / (one.full.peak_mib or 1):.2f}x one office of "
                f"{r.sessions:,} (aim: at most 1.5x the time)"
            )
    return lines


def _many(value: str) -> tuple[int, int]:
    """``MxN``: M offices of N sessions each."""
    found = re.fullmatch(r"(\d+)x(\d+)", value)
    if found is None or min(int(found.group(1)), int(found.group(2))) < 1:
        raise argparse.ArgumentTypeError(f"expected offices x sessions such as 100x100: {value!r}")
    return int(found.group(1)), int(found.group(2))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        description="Time full builds, no-change and one-edit rebuilds of generated content.",
        epilog="Example: .venv/bin/python benchmarks/build.py --sizes 12 1000 --many",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=list(DEFAULT_SIZES),
        metavar="N",
        help="sessions of the single offices to generate (default: %(default)s)",
    )
    parser.add_argument(
        "--many",
        type=_many,
        nargs="*",
        default=[DEFAULT_MANY],
        metavar="MxN",
        help="M offices of N sessions each in one build, portal included "
        "(default: 100x100; --many alone: none)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=DEFAULT_RUNS,
        metavar="K",
        help="runs per size; the best is reported (default: %(default)s)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        metavar="SECONDS",
        help="start no further run of a size after this long on it (default: %(default)s)",
    )
    parser.add_argument(
        "--edit",
        choices=EDIT_KINDS,
        default="time",
        help="what the rebuild changes: one session's time, with a recorded change, "
        "or only its note (default: %(default)s)",
    )
    parser.add_argument(
        "--hugo",
        type=Path,
        metavar="PATH",
        help="the hugo executable to time on the same sessions (default: hugo on PATH, if any)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="generate into DIR/<N>/ and keep it (content/ and output/) instead of a temp folder",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or any(size < 1 for size in args.sizes):
        parser.error("--runs and --sizes must be at least 1")
    return args


def _clear_previous(root: Path) -> None:
    """Remove an earlier run's files; refuse to touch anything else."""
    if not root.exists():
        return
    found = {child.name for child in root.iterdir()}
    if not found <= {"content", "output", "preview", "hugo", CACHE_FOLDER}:
        raise BenchmarkError(f"{root} holds more than an earlier benchmark run: {sorted(found)}")
    for name in found:
        shutil.rmtree(root / name)


def _find_hugo(given: Path | None) -> tuple[Path | None, str]:
    """The hugo executable and how it describes itself, or None and why not."""
    found = str(given) if given else shutil.which("hugo")
    if found is None:
        return None, "not found"
    try:
        done = subprocess.run([found, "version"], capture_output=True, text=True, timeout=60)
    except OSError as error:
        return None, f"{found} cannot be run ({error})"
    version = re.search(r"hugo v([0-9.]+)", done.stdout)
    if done.returncode != 0 or version is None:
        return None, f"{found} is not a working hugo"
    return Path(found), f"Hugo {version.group(1)} at {found}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; exit status 1 if a build fails."""
    args = parse_args(argv)
    hugo, hugo_label = _find_hugo(args.hugo)
    results = []
    plan = [(1, size) for size in args.sizes] + list(args.many)
    try:
        for offices, size in plan:
            what = f"{offices} offices of " if offices > 1 else ""
            print(f"benchmarking {what}{size:,} sessions ...", file=sys.stderr, flush=True)
            if args.keep:
                root = args.keep / (f"{offices}x{size}" if offices > 1 else str(size))
                _clear_previous(root)
                results.append(
                    measure(size, args.runs, args.edit, root, args.budget, offices, hugo)
                )
            else:
                with tempfile.TemporaryDirectory(prefix="site-builder-bench-") as folder:
                    results.append(
                        measure(
                            size, args.runs, args.edit, Path(folder), args.budget, offices, hugo
                        )
                    )
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_table(results, args.runs, args.edit, hugo_label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
