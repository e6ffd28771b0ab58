"""The editor schemas: generated from the loader's declarations, never stricter than it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, ValidationError
from site_paths import REPO, SEED_CONTENT, Build

from intake_api.office.settings import OfficeSettings, load_office_settings
from site_builder.content_schema import SCHEMA_FILES, content_schemas, render_schemas
from site_builder.content_spec import FILES, SITE
from site_builder.errors import InvalidContent
from site_builder.field_spec import Field, Shape, UndeclaredField
from site_builder.importer.run import import_notice
from site_builder.loader import read_content
from site_builder.office_spec import DUE_WEEKDAYS, OFFICE
from site_builder.offices import read_offices
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog, compose, is_plain

SCHEMAS = REPO / "schemas"
SHIPPED = sorted(
    path
    for pattern in (
        "content/*.yaml",
        "docs/examples/*/*.yaml",
        "tests/example_office/*.yaml",
        "tests/multi_office/**/*.yaml",
    )
    for path in REPO.glob(pattern)
    if path.name in SCHEMA_FILES
)
WITH_MODELINE = [path for path in SHIPPED if path.parent == SEED_CONTENT or "docs" in path.parts]
IMPORTER_NOTICES = sorted((REPO / "tests" / "importer" / "notices").glob("*.txt"))
# YAML 1.2's core schema, as VS Code's YAML extension reads a file: `09:00` is text.
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def as_editor_reads_it(node: yaml.Node) -> Any:
    """The JSON value an editor validates for a YAML node (YAML 1.2 core schema)."""
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): as_editor_reads_it(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [as_editor_reads_it(item) for item in node.value]
    text = node.value
    if not is_plain(node):
        return text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if _INT.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def schema_errors(path: Path, text: str | None = None) -> list[str]:
    """What the schema of ``path``'s file says about it (or about ``text`` in its place)."""
    node = compose(path.read_text(encoding="utf-8") if text is None else text)
    schema = content_schemas()[path.name.removesuffix(".yaml") + ".schema.json"]
    validator = Draft202012Validator(schema)
    return [message(error) for error in validator.iter_errors(as_editor_reads_it(node))]


def message(error: ValidationError) -> str:
    """The error's message, then those of each alternative of an anyOf, as an editor shows."""
    return "; ".join([error.message, *(message(cause) for cause in error.context)])


def test_the_schemas_are_valid_draft_2020_12() -> None:
    for schema in content_schemas().values():
        Draft202012Validator.check_schema(schema)


def test_the_committed_schemas_are_the_generated_ones() -> None:
    committed = {path.name: path.read_bytes() for path in SCHEMAS.glob("*")}
    generated = render_schemas()
    differing = sorted(
        name
        for name in committed.keys() | generated.keys()
        if committed.get(name) != generated.get(name)
    )
    assert differing == [], (
        "schemas/ differs from site_builder/content_spec.py: run "
        "`.venv/bin/site-builder schema --out schemas` and commit schemas/"
    )


def test_the_schema_command_writes_them(tmp_path: Path, site_builder: Build) -> None:
    result = site_builder("schema", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"wrote 6 schemas into {tmp_path / 'out'}: office.schema.json, portal.schema.json, "
        "schedule.schema.json, site.schema.json, units.schema.json, venues.schema.json\n"
    )
    for path in SCHEMAS.glob("*"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(REPO)) for p in SHIPPED])
def test_every_shipped_content_file_matches_its_schema(path: Path) -> None:
    assert schema_errors(path) == []


@pytest.mark.parametrize(
    "path", WITH_MODELINE, ids=[str(p.relative_to(REPO)) for p in WITH_MODELINE]
)
def test_example_content_names_its_schema_on_the_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: first line {first!r}"
    schema = (path.parent / match.group(1)).resolve()
    assert schema == SCHEMAS / path.name.replace(".yaml", ".schema.json")


@pytest.mark.parametrize("notice", IMPORTER_NOTICES, ids=[p.stem for p in IMPORTER_NOTICES])
def test_the_importers_drafts_match_where_the_loader_accepts_them(
    notice: Path, tmp_path: Path
) -> None:
    draft = tmp_path / "draft"
    import_notice(notice, draft, None)
    _, problems = read_content(draft)
    refused = {problem.path.name for problem in problems if not problem.warning}
    for path in sorted(draft.glob("*.yaml")):
        if path.name in FILES and path.name not in refused:
            assert schema_errors(path) == [], path.name


TIMES = ["09:00", "9:00", "０９：３０", "下午3:00", "15时30分", "上午9时", "9点半", "9.30"]
RANGES = ["9:00-11:30", "14:30－17:30", "下午3:00—5:30", "上午9时至11时30分", "9:00～12:00"]


@pytest.mark.parametrize("written", TIMES)
def test_every_spelling_of_a_time_the_loader_reads_is_valid(written: str) -> None:
    fields = Fields(compose(f"start: {written}\n"), Path("times.yaml"), "", ErrorLog())
    assert fields.time("start") is not None
    schedule = f"sessions:\n  - id: a\n    date: 2024-03-11\n    start: {written}\n"
    assert schema_errors(Path("schedule.yaml"), schedule) == []


@pytest.mark.parametrize("written", RANGES)
def test_every_spelling_of_a_range_the_loader_reads_is_valid(written: str) -> None:
    fields = Fields(compose(f"time: {written}\n"), Path("times.yaml"), "", ErrorLog())
    assert fields.time_range("time") is not None
    schedule = f"defaults:\n  time: {written}\nsessions: []\n"
    assert schema_errors(Path("schedule.yaml"), schedule) == []


# (file, text replaced, replacement, the loader's error, the schema's error)
REFUSED = [
    (
        "units.yaml",
        "    name: 县人社局\n",
        "    name: 县人社局\n    nmae: 人社局\n",
        "units.yaml:8: units[0].nmae: unknown field (known fields: full_name, id, name)",
        "Additional properties are not allowed ('nmae' was unexpected)",
    ),
    (
        "venues.yaml",
        "    name: 宜良县人力资源和社会保障局\n",
        "",
        "venues.yaml:8: missing required field `name` in venues[0]",
        "'name' is a required property",
    ),
    (
        "schedule.yaml",
        "units: [rsj, zjj, jyj, swj, gaj]",
        "units: {rsj: 1}",
        "sessions[2].units: expected a list: [a, b] or lines starting with `- `",
        "{'rsj': 1} is not of type 'array', 'null'",
    ),
    (
        "schedule.yaml",
        "date: 2021-04-12",
        "date: 2021/04/12",
        "sessions[0].date: expected a date as YYYY-MM-DD, found '2021/04/12'",
        "'2021/04/12' does not match",
    ),
    (
        "schedule.yaml",
        "  - id: 2021-04-12\n",
        "  - id: 2021-04-12\n    start: 下午\n",
        "sessions[0].start: expected a time such as 09:00, 下午3:00 or 15时30分, found '下午'",
        "'下午' does not match",
    ),
    (
        "schedule.yaml",
        "  - id: 2021-04-12\n",
        "  - id: 2021-04-12\n    time_tba: true\n    start: '10:00'\n",
        "sessions[0]: time_tba: true means the time is not known yet: remove start and end, "
        "or remove time_tba",
        "'10:00' is not of type 'null'",
    ),
    (
        "site.yaml",
        "title: 2021年宜良县根治欠薪集中联合接访",
        "title: [2021年宜良县根治欠薪集中联合接访]",
        "title: expected a single value, found a list or mapping",
        "is not of type 'string', 'number', 'boolean'",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "loader_says", "schema_says"),
    REFUSED,
    ids=["unknown key", "missing key", "mapping for list", "date", "time", "tba and time", "list"],
)
def test_what_the_loader_refuses_the_schema_refuses_too(
    tmp_path: Path, file: str, old: str, new: str, loader_says: str, schema_says: str
) -> None:
    content = Path(shutil.copytree(SEED_CONTENT, tmp_path / "content"))
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = read_content(content)
    assert any(str(problem).endswith(loader_says) for problem in problems), problems
    errors = schema_errors(path)
    assert any(schema_says in error for error in errors), errors


def test_a_read_the_spec_does_not_declare_fails_at_once() -> None:
    fields = Fields(compose("title: 标题\n"), Path("site.yaml"), "", ErrorLog(), SITE)
    with pytest.raises(UndeclaredField) as undeclared:
        fields.text("subtitle")
    assert str(undeclared.value) == (
        "site.yaml: `subtitle` is read but not declared: declare it in "
        "site_builder/content_spec.py, then run `site-builder schema --out schemas`"
    )
    with pytest.raises(UndeclaredField, match="read with max_length=50, declared 200"):
        fields.text("title", required=True, max_length=50)
    with pytest.raises(UndeclaredField, match="is read as date, declared text"):
        fields.date("title")


def _declarations(shape: Shape, where: str) -> dict[tuple[int, str], str]:
    """Every key of ``shape`` and of the shapes under it, by (shape, key), with its path."""
    found = {}
    for key, field in shape.fields.items():
        found[(id(shape), key)] = f"{where}.{key}"
        if field.shape is not None:
            found.update(_declarations(field.shape, f"{where}.{key}"))
    return found


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> set[tuple[int, str]]:
    """The (shape, key) pairs the readers ask for while the test runs."""
    asked: set[tuple[int, str]] = set()
    check = Shape.check

    def recording(shape: Shape, key: str, *args: Any) -> Field:
        asked.add((id(shape), key))
        return check(shape, key, *args)

    monkeypatch.setattr(Shape, "check", recording)
    return asked


def test_every_declared_key_is_read_by_the_loader(
    read: set[tuple[int, str]], tmp_path: Path
) -> None:
    """The other way round from UndeclaredField: no declaration the loader has forgotten.

    The loader asks for every key it knows whether or not the file gives it, so reading the
    shipped offices (whose sessions have leads, moves and a cancellation with an
    alternative) asks for every key at least once.
    """
    for folder in (SEED_CONTENT, *REPO.glob("docs/examples/*/")):
        read_content(folder)
    read_offices(REPO / "tests" / "multi_office", tmp_path)
    declared: dict[tuple[int, str], str] = {}
    for name, shape in FILES.items():
        declared.update(_declarations(shape, name))
    assert sorted(path for key, path in declared.items() if key not in read) == []


# Edits of the shipped content that the loader accepts, each written in an unusual way.
ACCEPTED = [
    ("site.yaml", "    phone: 0871-67539921", "    phone: 12333"),
    ("site.yaml", "  sessions_per_month: 1", '  sessions_per_month: "2"'),
    ("site.yaml", "bring:\n", "organizer:\nsite_code: 5301250001\nbring:\n"),
    (
        "venues.yaml",
        "    room: 宜良县就业和社会保障服务中心101室\n",
        '    room: 宜良县就业和社会保障服务中心101室\n    latitude: "24.9163"\n'
        "    longitude: 103.1451\n",
    ),
    (
        "schedule.yaml",
        "    date: 2021-04-12\n",
        '    date: ２０２１－０４－１２\n    time_tba: "true"\n',
    ),
    ("schedule.yaml", "    units: [rsj, zjj, jyj, swj, fgj]", "    units: ~\n    note:"),
    ("schedule.yaml", "  - id: 2021-04-26\n", "  - id: 2021-04-26\n    time: 下午2点半～5点半\n"),
]


@pytest.mark.parametrize(
    ("file", "old", "new"), ACCEPTED, ids=[new.strip()[:24] for _, _, new in ACCEPTED]
)
def test_what_the_loader_accepts_the_schema_accepts(
    tmp_path: Path, file: str, old: str, new: str
) -> None:
    content = Path(shutil.copytree(SEED_CONTENT, tmp_path / "content"))
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    site, problems = read_content(content)
    assert site is not None, [str(problem) for problem in problems]
    assert schema_errors(path) == []


def office_errors(tmp_path: Path, office_yaml: str) -> list[str]:
    """What settings.py says about ``office_yaml`` (nothing when it reads the settings)."""
    (tmp_path / "office.yaml").write_text(office_yaml, encoding="utf-8")
    try:
        load_office_settings(tmp_path)
    except InvalidContent as invalid:
        return [str(error) for error in invalid.errors]
    return []


# office.yaml as settings.py refuses it: (the file, settings.py's error, the schema's error)
OFFICE_REFUSED = [
    (
        "report_cadance: weekly\n",
        "office.yaml:1: report_cadance: unknown field (known fields: deadline_days, "
        "duplicate_window_days, major_case, report_cadence, report_due_day, "
        "report_due_weekday, unassigned_after_days, zero_reports)",
        "Additional properties are not allowed ('report_cadance' was unexpected)",
    ),
    (
        "deadline_days: soon\n",
        "office.yaml:1: deadline_days: expected a whole number >= 1, found 'soon'",
        "'soon' does not match",
    ),
    (
        "major_case:\n  workers: 0\n",
        "office.yaml:2: major_case.workers: expected a whole number >= 1, found '0'",
        "0 is less than the minimum of 1",
    ),
    (
        "major_case: [30]\n",
        "office.yaml:1: major_case: expected a mapping of `key: value` lines",
        "[30] is not valid under any of the given schemas",
    ),
    (
        "report_cadence: daily\n",
        "office.yaml:1: report_cadence: expected one of monthly, weekly, quarterly, found 'daily'",
        "'daily' is not one of",
    ),
    (
        "report_cadence: monthly\nreport_due_weekday: 1\n",
        "office.yaml:2: report_due_weekday: only for report_cadence: weekly (a monthly report "
        "is due on report_due_day, a day of the month)",
        "1 is not of type 'null'",
    ),
    (
        "report_due_weekday: 星期一\n",
        "office.yaml:1: report_due_weekday: only for report_cadence: weekly (a monthly report "
        "is due on report_due_day, a day of the month)",
        "'星期一' is not of type 'null'",
    ),
    (
        "report_cadence: weekly\nreport_due_day: 5\n",
        "office.yaml:2: report_due_day: a weekly report is due on a weekday: write "
        "report_due_weekday (1 = 星期一 … 7 = 星期日) instead",
        "5 is not of type 'null'",
    ),
    (
        "report_cadence: weekly\nreport_due_weekday: 周八\n",
        "office.yaml:2: report_due_weekday: expected 1 to 7 or 星期一 to 星期日, found '周八'",
        "'周八' is not one of",
    ),
    (
        "report_cadence: weekly\nreport_due_weekday: ²\n",
        "office.yaml:2: report_due_weekday: expected 1 to 7 or 星期一 to 星期日, found '²'",
        "'²' is not one of",
    ),
    (
        "report_cadence: quarterly\nreport_due_day: 31\n",
        "office.yaml:2: report_due_day: expected 1 to 28",
        "31 is greater than the maximum of 28",
    ),
    (
        "zero_reports: 是\n",
        "office.yaml:1: zero_reports: expected true or false, found '是'",
        "'是' is not one of",
    ),
]


@pytest.mark.parametrize(
    ("office_yaml", "settings_say", "schema_says"),
    OFFICE_REFUSED,
    ids=[
        "unknown key",
        "word for number",
        "below minimum",
        "list for mapping",
        "cadence",
        "weekday for monthly",
        "weekday for default",
        "day for weekly",
        "weekday",
        "superscript weekday",
        "day after 28",
        "zero reports",
    ],
)
def test_what_office_settings_refuse_the_schema_refuses_too(
    tmp_path: Path, office_yaml: str, settings_say: str, schema_says: str
) -> None:
    assert [error.split("/")[-1] for error in office_errors(tmp_path, office_yaml)] == [
        settings_say
    ]
    errors = schema_errors(tmp_path / "office.yaml")
    assert any(schema_says in error for error in errors), errors


OFFICE_ACCEPTED = [
    "major_case:\n  workers: '40'\n  amount: ５００００\n  months:\n",
    "duplicate_window_days: 0\nunassigned_after_days: 1\ndeadline_days: 30\n",
    "report_cadence:\nreport_due_day: 28\nzero_reports: 'true'\n",
    "report_cadence: quarterly\nreport_due_day: 10\nreport_due_weekday:\n",
    "report_cadence: weekly\nreport_due_day: ~\nzero_reports: false\n",
]


@pytest.mark.parametrize(
    "office_yaml",
    OFFICE_ACCEPTED,
    ids=["major case as typed", "limits", "empty cadence", "quarterly", "weekly, empty day"],
)
def test_what_office_settings_accept_the_schema_accepts(tmp_path: Path, office_yaml: str) -> None:
    assert office_errors(tmp_path, office_yaml) == []
    assert schema_errors(tmp_path / "office.yaml") == []


def test_every_due_weekday_settings_read_is_valid(tmp_path: Path) -> None:
    for written, weekday in DUE_WEEKDAYS.items():
        for typed in (written, f'"{written}"'):
            office_yaml = f"report_cadence: weekly\nreport_due_weekday: {typed}\n"
            assert office_errors(tmp_path, office_yaml) == []
            assert load_office_settings(tmp_path).report_due_weekday == weekday
            assert schema_errors(tmp_path / "office.yaml") == [], typed


def test_every_declared_office_key_is_read_and_a_missing_file_means_the_defaults(
    read: set[tuple[int, str]], tmp_path: Path
) -> None:
    assert load_office_settings(tmp_path) == OfficeSettings()
    assert office_errors(tmp_path, "major_case:\n  workers: 40\n") == []
    declared = _declarations(OFFICE, "office.yaml")
    assert sorted(path for key, path in declared.items() if key not in read) == []


def test_the_schema_generator_needs_neither_the_intake_app_nor_flask() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, site_builder.cli, site_builder.content_schema; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'intake_api'}))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert loaded.stdout == "[]\n"
