"""What a content file may hold, declared once: the loader checks its reads against it.

A :class:`Shape` lists the keys of one YAML mapping; each :class:`Field` says how the loader
reads the key (the :class:`~site_builder.yaml_fields.Fields` accessor and its limits) and what
the clerk is told about it. The editor schema (:mod:`site_builder.content_schema`) is made
from these declarations, and every read of a bound :class:`Fields` is checked against them,
so a field read in code but not declared here (or declared differently) fails at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "text",  # Fields.text: one piece of text
    "ident",  # Fields.ident: a short id
    "reference",  # Fields.reference: the id of a declared unit or venue
    "references",  # Fields.references: a list of such ids
    "date",
    "month",
    "time",
    "time_range",
    "integer",
    "number",
    "boolean",
    "choice",
    "texts",  # Fields.texts: one text or a list of texts
    "list",  # Fields.items: a list of mappings of ``shape``
    "mapping",  # Fields.sub: a mapping of ``shape``
]


class UndeclaredField(LookupError):
    """The loader read a key in a way its :class:`Shape` does not declare (a programming error)."""


@dataclass(frozen=True)
class Field:
    """One key: how the loader reads it, its limits, and the clerk's description (Chinese).

    ``max_length``, ``multiline``, ``minimum``, ``low``, ``high`` and ``options`` are the
    limits passed to the accessor (its defaults when not given). ``shape`` describes a list's
    entries, a mapping, or the mapping a ``text`` may be instead (``alternative``).
    ``required_when`` names a key and value under which the key is required (``previous``
    when ``kind: rescheduled``). ``pattern``, ``item_max_length`` and ``enum`` only go
    into the schema: a looser statement of checks the loader makes in code.
    """

    kind: Kind
    doc: str
    required: bool = False
    max_length: int = 2000
    multiline: bool = False
    minimum: int = 0
    low: float = -1e9
    high: float = 1e9
    options: tuple[str, ...] = ()
    shape: Shape | None = None
    required_when: tuple[str, str] | None = None
    pattern: str | None = None
    item_max_length: int | None = None
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """At least one of ``keys`` is given."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class NotBoth:
    """``first`` and ``second`` are not both given."""

    first: str
    second: str


@dataclass(frozen=True)
class Together:
    """``first`` and ``second`` are both given, or neither."""

    first: str
    second: str


@dataclass(frozen=True)
class When:
    """While ``key`` has one of ``values``, the keys of ``forbid`` are not given."""

    key: str
    values: tuple[object, ...]
    forbid: tuple[str, ...]


Rule = AnyOf | NotBoth | Together | When


@dataclass(frozen=True)
class Shape:
    """The keys of one mapping, and the rules between them the loader checks in code."""

    doc: str
    fields: dict[str, Field]
    rules: tuple[Rule, ...] = ()

    def check(self, key: str, kind: Kind | None, used: dict[str, object]) -> Field:
        """The declaration of ``key``; :class:`UndeclaredField` unless it matches this read.

        ``kind`` is ``None`` for a read that does not interpret the value (``has``).
        """
        field = self.fields.get(key)
        if field is None:
            raise UndeclaredField(_fix(key, "is read but not declared"))
        text_or_mapping = kind == "mapping" and field.kind == "text" and field.shape is not None
        if kind is not None and kind != field.kind and not text_or_mapping:
            raise UndeclaredField(_fix(key, f"is read as {kind}, declared {field.kind}"))
        for name, value in used.items():
            declared = getattr(field, name)
            flexible = name == "required" and field.required_when is not None
            if value != declared and not flexible:
                raise UndeclaredField(
                    _fix(key, f"is read with {name}={value!r}, declared {declared!r}")
                )
        return field


def _fix(key: str, problem: str) -> str:
    return (
        f"`{key}` {problem}: declare it in site_builder/content_spec.py, then run "
        "`site-builder schema --out schemas`"
    )
