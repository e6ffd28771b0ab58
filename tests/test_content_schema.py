"""The editor schemas: generated from the loader's declarations, never stricter than it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from site_paths import REPO, SEED_CONTENT, Build

from site_builder.content_schema import content_schemas, render_schemas
from site_builder.content_spec import FILES, SITE
from site_builder.field_spec import Field, Shape, UndeclaredField
from site_builder.importer.run import import_notice
from site_builder.loader import read_content
from site_builder.offices import read_offices
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog, compose, is_plain

SCHEMAS = REPO / "schemas"
# office.yaml (the casework settings, intake_api/office/settings.py) has no schema yet.
SHIPPED = sorted(
    path
    for pattern in (
        "content/*.yaml",
        "docs/examples/*/*.yaml",
        "tests/example_office/*.yaml",
        "tests/multi_office/**/*.yaml",
    )
    for path in REPO.glob(pattern)
    if path.name in FILES
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
    return [error.message for error in validator.iter_errors(as_editor_reads_it(node))]


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
        f"wrote 5 schemas into {tmp_path / 'out'}: portal.schema.json, schedule.schema.json, "
        "site.schema.json, units.schema.json, venues.schema.json\n"
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


def test_every_declared_key_is_read_by_the_loader(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The other way round from UndeclaredField: no declaration the loader has forgotten.

    The loader asks for every key it knows whether or not the file gives it, so reading the
    shipped offices (whose sessions have leads, moves and a cancellation with an
    alternative) asks for every key at least once.
    """
    read: set[tuple[int, str]] = set()
    check = Shape.check

    def recording(shape: Shape, key: str, *args: Any) -> Field:
        read.add((id(shape), key))
        return check(shape, key, *args)

    monkeypatch.setattr(Shape, "check", recording)
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
