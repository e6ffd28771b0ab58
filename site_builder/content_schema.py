"""JSON Schemas (draft 2020-12) of the content files, made from :mod:`content_spec`.

``office.yaml`` (the office's casework rules, read by the intake app) gets one too, made
from :mod:`office_spec`.

An editor (VS Code with the YAML extension) uses them for completion, descriptions and red
squiggles before ``site-builder check`` runs. A schema may be looser than the loader (it
cannot see other files, dates that do not exist or times outside office hours) but never
stricter: every scalar the loader reads as text is accepted as a YAML string, number or
boolean, and a key left empty (``note:``) is accepted wherever the loader takes it as absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_builder.content_spec import FILES
from site_builder.field_spec import AnyOf, Field, NotBoth, Rule, Shape, Together, When
from site_builder.office_spec import FILE_NAME as OFFICE_FILE
from site_builder.office_spec import OFFICE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]
_SCALAR = ["string", "number", "boolean"]
# Every file with a schema, by file name: the site's content and the office's rules.
SCHEMA_FILES = {**FILES, OFFICE_FILE: OFFICE}
# YAML reads `9.30` as a number and `2024-03-11` as a string; the loader reads what was typed.
_TYPES = {
    "date": ["string"],
    "month": ["string"],
    "time": ["string", "number"],
    "time_range": ["string"],
    "integer": ["integer", "string"],
    "number": ["number", "string"],
}
# Digits as typed: the loader reads full-width ones too (ＮＦＫＣ).
_D = "[0-9０-９]"
_DASH = "[-－﹣]"
_ONE_LINE = r"^\s*(?:[^\n]*\S)?\s*$"  # line breaks only around the text, which is stripped
# A pattern and what the editor says when a value does not match it (patternErrorMessage
# and errorMessage are the YAML extension's own keywords; validators ignore them).
_PATTERNS = {
    "ident": (r"^\s*[A-Za-z0-9][A-Za-z0-9_-]{0,63}\s*$", "只用字母、数字、- 和 _，最多 64 个"),
    "date": (
        rf"^\s*{_D}{{4}}{_DASH}{_D}{{1,2}}{_DASH}{_D}{{1,2}}\s*$",
        "日期写成 YYYY-MM-DD，如 2024-03-11",
    ),
    "month": (rf"^\s*{_D}{{4}}{_DASH}{_D}{{1,2}}\s*$", "月份写成 YYYY-MM，如 2024-03"),
    # Times have many spellings (下午3:00, 15时30分, 9:00-11:30): the loader reads them; here
    # only the digit every spelling has.
    "time": (_D, "时间，如 09:00、下午3:00、15时30分"),
    "time_range": (_D, "时间段，如 9:00-11:30、下午3:00—5:30"),
    "integer": (rf"^\s*-?{_D}+\s*$", "整数"),
    "number": (rf"^\s*-?{_D}+(?:\.{_D}+)?\s*$", "数字，如 24.9163"),
}


def schema_name(file_name: str) -> str:
    """``site.yaml`` -> ``site.schema.json``."""
    return file_name.removesuffix(".yaml") + ".schema.json"


def content_schemas() -> dict[str, Schema]:
    """One schema per content file, by schema file name."""
    return {schema_name(name): file_schema(name, shape) for name, shape in SCHEMA_FILES.items()}


def file_schema(file_name: str, shape: Shape) -> Schema:
    """The schema of one file: its top-level mapping."""
    return {"$schema": DRAFT, "title": file_name, **mapping_schema(shape)}


def render_schemas() -> dict[str, bytes]:
    """The schema files' bytes, as committed under ``schemas/``."""
    return {
        name: (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        for name, schema in content_schemas().items()
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir`` (created if needed); the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sorted(render_schemas().items()):
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def mapping_schema(shape: Shape) -> Schema:
    """A mapping whose keys are exactly those declared (the loader refuses unknown keys)."""
    schema: Schema = {
        "type": "object",
        "description": shape.doc,
        "properties": {key: field_schema(field) for key, field in shape.fields.items()},
        "additionalProperties": False,
    }
    required = [key for key, field in shape.fields.items() if field.required]
    if required:
        schema["required"] = required
    conditions = [_rule(rule) for rule in shape.rules]
    conditions += [
        {"if": _has_value(key, value), "then": _given(name)}
        for name, field in shape.fields.items()
        if field.required_when
        for key, value in [field.required_when]
    ]
    if conditions:
        schema["allOf"] = conditions
    return schema


def field_schema(field: Field) -> Schema:
    """One key's value; ``null`` (left empty) is allowed unless the key is required."""
    schema = _value(field)
    return {"description": field.doc, **(schema if field.required else _or_null(schema))}


def _or_null(schema: Schema) -> Schema:
    """``schema`` or ``null``: as an enum value or a type where it has them (editors list them)."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if "type" in schema and schema["type"] != "object":  # a mapping's rules need an object
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*types, "null"]}
    return {"anyOf": [*schema.get("anyOf", [schema]), {"type": "null"}]}


def _value(field: Field) -> Schema:
    if field.kind == "list":
        assert field.shape is not None
        return {"type": "array", "items": mapping_schema(field.shape)}
    if field.kind == "mapping":
        assert field.shape is not None
        return mapping_schema(field.shape)
    if field.kind == "references":
        return {"type": "array", "items": {"type": _SCALAR}}
    if field.kind == "texts":
        # Entries may span lines (the loader allows it); phones and issuers may not be empty.
        limited = field.item_max_length is not None
        item = _text(field.item_max_length, required=limited, multiline=True)
        return {"anyOf": [item, {"type": "array", "items": item}]}
    if field.kind in ("choice", "boolean") or field.enum:
        return {"enum": _typed(field.options or field.enum or ("true", "false"))}
    if field.kind == "text":
        pattern = (field.pattern, f"格式不对：{field.doc}") if field.pattern else None
        text = _text(field.max_length, field.required, field.multiline, pattern)
        return {"anyOf": [text, mapping_schema(field.shape)]} if field.shape else text
    return _scalar(field)


def _text(
    max_length: int | None,
    required: bool,
    multiline: bool,
    pattern: tuple[str, str] | None = None,
) -> Schema:
    """Text as the loader reads it: also a number or ``true`` as typed (``phone: 12333``)."""
    schema: Schema = {"type": _SCALAR}
    patterns = [] if multiline else [_pattern(_ONE_LINE, "只能写一行（这里不要用 | 或 >）")]
    if required:
        patterns.append(_pattern(r"\S", "不能为空"))
    if pattern:
        patterns.append(_pattern(*pattern))
    if max_length is not None:
        schema["maxLength"] = max_length
    if len(patterns) == 1:
        schema.update(patterns[0])
    elif patterns:
        schema["allOf"] = patterns
    return schema


def _typed(words: tuple[str, ...]) -> list[object]:
    """``words`` and, for those YAML 1.2 reads as a number or a boolean, that value too."""
    numbers = [int(word) for word in words if word.isascii() and word.isdigit()]
    booleans = [word == "true" for word in words if word in ("true", "false")]
    return [*booleans, *words, *numbers]


def _pattern(pattern: str, message: str) -> Schema:
    return {"pattern": pattern, "patternErrorMessage": message}


def _scalar(field: Field) -> Schema:
    """Ids, references, dates, months, times and numbers: a pattern for what is typed."""
    schema: Schema = {"type": _TYPES.get(field.kind, _SCALAR)}
    if field.kind == "integer":
        schema["minimum"] = field.minimum
        if field.high < Field.high:  # a bound the reader checks in code (report_due_day)
            schema["maximum"] = int(field.high)
    if field.kind == "number":
        schema.update(minimum=field.low, maximum=field.high)
    if field.kind in _PATTERNS:
        schema.update(_pattern(*_PATTERNS[field.kind]))
    return schema


def _given(key: str) -> Schema:
    """``key`` is there and not left empty (the loader's ``has``)."""
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _has_value(key: str, value: object) -> Schema:
    return {"required": [key], "properties": {key: {"const": value}}}


def _left_out(keys: tuple[str, ...], message: str) -> Schema:
    """``keys`` absent or empty; the editor marks the key itself, with ``message``."""
    forbidden = {"type": "null", "errorMessage": message}
    return {"properties": {key: forbidden for key in keys}}


def _rule(rule: Rule) -> Schema:
    if isinstance(rule, AnyOf):
        return {"anyOf": [_given(key) for key in rule.keys]}
    if isinstance(rule, NotBoth):
        message = f"{rule.first} 和 {rule.second} 只写一个"
        return {"if": _given(rule.first), "then": _left_out((rule.second,), message)}
    if isinstance(rule, Together):
        first, second = _given(rule.first), _given(rule.second)
        return {"allOf": [{"if": first, "then": second}, {"if": second, "then": first}]}
    if isinstance(rule, When):
        # None among the values: the key left out or empty counts too (no `required`).
        present = {} if None in rule.values else {"required": [rule.key]}
        condition = {**present, "properties": {rule.key: {"enum": list(rule.values)}}}
        value = str(rule.values[0]).lower()  # as written in YAML: true, cancelled
        message = f"{rule.key}: {value} 时不写 {'、'.join(rule.forbid)}"
        return {"if": condition, "then": _left_out(rule.forbid, message)}
    raise TypeError(f"unknown rule {rule!r}")
