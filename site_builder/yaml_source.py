"""Parse YAML files into nodes that keep their line numbers, and collect the problems found.

The YAML is composed into nodes (not loaded into Python values) so that each value keeps
its line, and so that scalars are read from the text the office typed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from site_builder.errors import ContentError

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}


class ErrorLog:
    """Collects every problem of one validation run."""

    def __init__(self) -> None:
        self.items: list[ContentError] = []

    def add(self, path: Path, line: int, message: str, *, warning: bool = False) -> None:
        self.items.append(ContentError(path, line, message, warning))

    @property
    def errors(self) -> list[ContentError]:
        return [item for item in self.items if not item.warning]

    @property
    def warnings(self) -> list[ContentError]:
        return [item for item in self.items if item.warning]


def compose_file(path: Path, log: ErrorLog) -> yaml.Node | None:
    """Parse a YAML file into a node tree, or log why it cannot be parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.add(path, 1, "file is missing")
        return None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        log.add(path, line, "is not valid UTF-8 text (save the file as UTF-8)")
        return None
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        log.add(path, line, f"YAML syntax error: {exc.problem or exc.context}{_hint(text, line)}")
        return None
    except yaml.YAMLError as exc:
        log.add(path, 1, f"YAML syntax error: {exc}")
        return None
    if node is None:
        log.add(path, 1, "file is empty")
    return node


def _hint(text: str, line: int) -> str:
    """What usually causes a syntax error on ``line``, when it is recognisable."""
    lines = text.splitlines()
    near = "".join(lines[max(0, line - 2) : line])
    if "\t" in near:
        return " (indent with spaces, not tabs)"
    if "\u3000" in near:
        return " (a full-width space 「　」 is on this line: indent with ordinary spaces)"
    if any("：" in each and ":" not in each for each in lines[max(0, line - 2) : line]):
        return " (write `key: value` with an English colon `:`)"
    return ""


def compose(text: str) -> yaml.Node | None:
    """Parse YAML text into nodes: with libyaml when present, ten times faster.

    A document libyaml rejects is parsed again in Python, so that the error a user sees
    (and the tests pin) is the same on every machine.
    """
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def line_of(node: yaml.Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


def is_null(node: yaml.Node | None) -> bool:
    """True for a missing value, ``~``, ``null`` or an empty plain scalar."""
    return node is None or (
        isinstance(node, yaml.ScalarNode) and is_plain(node) and node.value in _NULLS
    )


def is_plain(node: yaml.ScalarNode) -> bool:
    """True for a scalar written without quotes or ``|``/``>``.

    libyaml marks it with the style ``""``, the Python parser with ``None``: both must read
    ``key: ~`` as no value, or a file would mean different things on different machines.
    """
    return node.style in (None, "")
