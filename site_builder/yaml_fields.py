"""Read typed fields out of YAML nodes, keeping line numbers for every error.

Scalars are read from the text the office typed: ``09:00`` stays a time instead of YAML
1.1's sexagesimal 540, and ``no`` stays a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, time
from pathlib import Path
from typing import TypeVar

import yaml

from site_builder.field_spec import Kind, Shape, UndeclaredField
from site_builder.times import TimeError, parse_range, parse_time
from site_builder.yaml_source import ErrorLog, compose_file, is_null, line_of

T = TypeVar("T")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class Fields:
    """Typed access to one YAML mapping; every problem goes to the shared log.

    ``where`` is the dotted name shown in messages (``sessions[2]``). Each accessor returns
    ``None`` after logging when the value is missing or wrong, so validation carries on and
    reports everything in one run. Call :meth:`finish` to report keys nobody asked for.

    ``spec`` is the mapping's declared :class:`~site_builder.field_spec.Shape` (for the
    files of :data:`site_builder.content_spec.FILES` and everything inside them): every read
    is checked against it, so the editor schema made from it cannot fall behind the code.
    """

    def __init__(
        self, node: yaml.Node, path: Path, where: str, log: ErrorLog, spec: Shape | None = None
    ) -> None:
        self.path = path
        self.where = where
        self.log = log
        self.spec = spec
        self.line = line_of(node)
        self._values: dict[str, yaml.Node] = {}
        self._keys: dict[str, yaml.Node] = {}
        self._asked: set[str] = set()
        self.ok = isinstance(node, yaml.MappingNode)
        if not self.ok:
            self.error(node, f"{where or 'file'}: expected a mapping of `key: value` lines")
            return
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in self._values:
                self.error(key_node, f"{self._name(key)}: appears twice")
            self._values[key] = value_node
            self._keys[key] = key_node

    @classmethod
    def of_file(cls, path: Path, log: ErrorLog) -> Fields | None:
        """The top-level mapping of a YAML file (``None`` after logging why there is none)."""
        node = compose_file(path, log)
        return None if node is None else cls.of_document(node, path, log)

    @classmethod
    def of_document(cls, node: yaml.Node, path: Path, log: ErrorLog) -> Fields | None:
        """The top-level mapping ``node`` of the YAML file at ``path``."""
        # Imported here: the declarations name values of the modules that use this one.
        from site_builder.content_spec import FILES

        fields = cls(node, path, "", log, FILES.get(path.name))
        return fields if fields.ok else None

    def add_later(self, pairs: list[tuple[yaml.Node, yaml.Node]]) -> bool:
        """Add keys read after this mapping was made (a streamed file's last lines).

        False, adding nothing, when one of them is given twice or was already asked for:
        then the answers given so far may be wrong, and the file must be read whole.
        """
        keys = [str(key_node.value) for key_node, _ in pairs]
        known = self._asked | set(self._values)
        if len(set(keys)) < len(keys) or known.intersection(keys):
            return False
        for key, (key_node, value_node) in zip(keys, pairs, strict=True):
            self._values[key] = value_node
            self._keys[key] = key_node
        return True

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _declared(self, key: str, kind: Kind | None, **used: object) -> Shape | None:
        """Check this read of ``key`` against the spec; the shape of what is under it."""
        if self.spec is None:
            return None
        try:
            return self.spec.check(key, kind, used).shape
        except UndeclaredField as undeclared:
            where = f"{self.path.name}: {self.where}" if self.where else self.path.name
            raise UndeclaredField(f"{where}: {undeclared}") from None

    def error(self, node: yaml.Node, message: str) -> None:
        self.log.add(self.path, line_of(node), message)

    def error_here(self, message: str) -> None:
        """Report a problem with the mapping as a whole, at its first line."""
        self.log.add(self.path, self.line, message)

    def has(self, key: str) -> bool:
        """True when the key is present with a non-null value."""
        self._declared(key, None)
        self._asked.add(key)
        return not is_null(self._values.get(key))

    def node(self, key: str, *, required: bool = False) -> yaml.Node | None:
        """The raw node for a key (``None`` when absent or null)."""
        self._declared(key, None)
        return self._node(key, required)

    def _node(self, key: str, required: bool) -> yaml.Node | None:
        self._asked.add(key)
        value = self._values.get(key)
        if is_null(value):
            if required and self.ok:
                where = f" in {self.where}" if self.where else ""
                self.log.add(self.path, self.line, f"missing required field `{key}`{where}")
            return None
        return value

    def line_for(self, key: str) -> int:
        """The line of ``key`` (of the whole mapping when the key is absent)."""
        self._declared(key, None)
        node = self._keys.get(key)
        return line_of(node) if node is not None else self.line

    def _scalar(self, key: str, required: bool) -> tuple[yaml.Node, str] | None:
        node = self._node(key, required)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{self._name(key)}: expected a single value, found a list or mapping")
            return None
        return node, unicodedata.normalize("NFC", str(node.value)).strip()

    def text(
        self, key: str, *, required: bool = False, max_length: int = 2000, multiline: bool = False
    ) -> str | None:
        """A piece of text (numbers and words are kept exactly as typed).

        Only ``multiline`` texts (notes, summaries) may hold line breaks: names, titles and
        phones end up in page titles and calendar fields that are one line.
        """
        self._declared(key, "text", required=required, max_length=max_length, multiline=multiline)
        return self._text(key, required, max_length, multiline)

    def _text(self, key: str, required: bool, max_length: int, multiline: bool) -> str | None:
        found = self._scalar(key, required)
        if found is None:
            return None
        node, value = found
        if not value:
            if required:
                self.error(node, f"{self._name(key)}: must not be empty")
            return None
        if "\n" in value and not multiline:
            self.error(node, f"{self._name(key)}: must be on one line (do not use | here)")
            return None
        if len(value) > max_length:
            self.error(node, f"{self._name(key)}: longer than {max_length} characters")
            return None
        return value

    def ident(self, key: str, *, required: bool = False) -> str | None:
        """A short id: letters, digits, ``-`` and ``_`` (used in file names and links)."""
        self._declared(key, "ident", required=required)
        found = self._scalar(key, required)
        if found is None:
            return None
        node, value = found
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", value):
            self.error(
                node,
                f"{self._name(key)}: {value!r} is not a valid id "
                "(use letters, digits, - and _, at most 64, e.g. 2021-04-12)",
            )
            return None
        return value

    def reference(
        self, key: str, known: Mapping[str, T] | None, *, required: bool = False
    ) -> T | None:
        """The thing an id refers to (a unit, a venue), which must have been declared.

        ``known`` is ``None`` when the file declaring them could not be read: that error is
        already reported, and every reference to it would only repeat it.
        """
        self._declared(key, "reference", required=required)
        node = self._node(key, required and known is not None)
        if node is None or known is None:
            return None
        return self._resolve(node, self._name(key), known)

    def references(self, key: str, known: Mapping[str, T] | None) -> list[T]:
        """A list of ids (``[rsj, zjj]`` or one ``- id`` a line), each of them declared."""
        self._declared(key, "references")
        found = []
        for index, node in self._items(key, False):
            thing = self._resolve(node, f"{self._name(key)}[{index}]", known) if known else None
            if thing is not None:
                found.append(thing)
        return found

    def _resolve(self, node: yaml.Node, name: str, known: Mapping[str, T]) -> T | None:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            self.error(node, f"{name}: expected an id, e.g. {next(iter(known), 'rsj')}")
            return None
        ref = str(node.value).strip()
        if ref in known:
            return known[ref]
        hint = ""
        if any(mark in ref for mark in "，、；; "):
            hint = "; separate ids with an English comma: [rsj, zjj]"
        choices = ", ".join(sorted(known)) or "none declared"
        self.error(node, f"{name}: {ref!r} is not declared ({choices}){hint}")
        return None

    def date(self, key: str, *, required: bool = False) -> date | None:
        """A calendar date written ``YYYY-MM-DD``."""
        self._declared(key, "date", required=required)
        found = self._scalar(key, required)
        if found is None:
            return None
        node, value = found
        match = _DATE.match(unicodedata.normalize("NFKC", value))
        if not match:
            self.error(node, f"{self._name(key)}: expected a date as YYYY-MM-DD, found {value!r}")
            return None
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            self.error(node, f"{self._name(key)}: {value} is not a date")
            return None

    def month(self, key: str, *, required: bool = False) -> date | None:
        """A month written ``YYYY-MM``, returned as its first day."""
        self._declared(key, "month", required=required)
        found = self._scalar(key, required)
        if found is None:
            return None
        node, value = found
        match = _MONTH.match(unicodedata.normalize("NFKC", value))
        if not match or not 1 <= int(match.group(2)) <= 12:
            self.error(node, f"{self._name(key)}: expected a month as YYYY-MM, found {value!r}")
            return None
        return date(int(match.group(1)), int(match.group(2)), 1)

    def time(self, key: str, *, required: bool = False) -> time | None:
        """A time of day: ``09:00``, ``下午3:00``, ``15时30分`` (see :mod:`site_builder.times`)."""
        self._declared(key, "time", required=required)
        found = self._scalar(key, required)
        if found is None:
            return None
        node, value = found
        try:
            return parse_time(value)
        except TimeError as error:
            hint = ""
            try:
                parse_range(value)
                hint = f"; write a start and end together as `time: {value}`"
            except TimeError:
                pass  # not a range either: the error says what a time looks like
            self.error(node, f"{self._name(key)}: {error}{hint}")
            return None

    def time_range(self, key: str) -> tuple[time, time] | None:
        """A start and end written as one range: ``9:00-11:30``, ``下午3:00—5:30``."""
        self._declared(key, "time_range")
        found = self._scalar(key, False)
        if found is None:
            return None
        node, value = found
        try:
            return parse_range(value)
        except TimeError as error:
            self.error(node, f"{self._name(key)}: {error}")
            return None

    def integer(self, key: str, *, required: bool = False, minimum: int = 0) -> int | None:
        """A whole number no smaller than ``minimum``."""
        self._declared(key, "integer", required=required, minimum=minimum)
        found = self._scalar(key, required)
        if found is None:
            return None
        node, value = found
        if not re.fullmatch(r"-?\d+", value) or int(value) < minimum:
            self.error(
                node, f"{self._name(key)}: expected a whole number >= {minimum}, found {value!r}"
            )
            return None
        return int(value)

    def number(
        self, key: str, *, required: bool = False, low: float = -1e9, high: float = 1e9
    ) -> float | None:
        """A decimal number between ``low`` and ``high`` (coordinates)."""
        self._declared(key, "number", required=required, low=low, high=high)
        found = self._scalar(key, required)
        if found is None:
            return None
        node, value = found
        if not re.fullmatch(r"-?\d+(\.\d+)?", value) or not low <= float(value) <= high:
            self.error(
                node,
                f"{self._name(key)}: expected a number from {low:g} to {high:g}, found {value!r}",
            )
            return None
        return float(value)

    def boolean(self, key: str, *, default: bool = False) -> bool:
        """``true`` or ``false``."""
        self._declared(key, "boolean")
        found = self._scalar(key, False)
        if found is None:
            return default
        node, value = found
        if value not in ("true", "false"):
            self.error(node, f"{self._name(key)}: expected true or false, found {value!r}")
            return default
        return value == "true"

    def choice(self, key: str, options: tuple[str, ...], *, required: bool = False) -> str | None:
        """One of a fixed set of words."""
        self._declared(key, "choice", required=required, options=options)
        value = self._text(key, required, 2000, False)
        if value is not None and value not in options:
            self.error(
                self._values[key],
                f"{self._name(key)}: expected one of {', '.join(options)}, found {value!r}",
            )
            return None
        return value

    def items(self, key: str, *, required: bool = False) -> Iterator[tuple[int, yaml.Node]]:
        """The entries of a list, with their index."""
        self._declared(key, "list", required=required)
        return self._items(key, required)

    def _items(self, key: str, required: bool) -> Iterator[tuple[int, yaml.Node]]:
        node = self._node(key, required)
        if node is None:
            return
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                node, f"{self._name(key)}: expected a list: [a, b] or lines starting with `- `"
            )
            return
        yield from enumerate(node.value)

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of short texts (or a single one)."""
        self._declared(key, "texts", required=required)
        node = self._node(key, required)
        if node is None:
            return ()
        entries = node.value if isinstance(node, yaml.SequenceNode) else [node]
        found = []
        for index, entry in enumerate(entries):
            if not isinstance(entry, yaml.ScalarNode) or is_null(entry):
                self.error(entry, f"{self._name(key)}[{index}]: expected a piece of text")
                continue
            found.append(unicodedata.normalize("NFC", str(entry.value)).strip())
        return tuple(found)

    def sub(self, key: str, *, required: bool = False) -> Fields | None:
        """The nested mapping under ``key``."""
        shape = self._declared(key, "mapping", required=required)
        node = self._node(key, required)
        if node is None:
            return None
        fields = Fields(node, self.path, self._name(key), self.log, shape)
        return fields if fields.ok else None

    def child(self, node: yaml.Node, name: str) -> Fields | None:
        """Fields for a mapping found inside this one (a list entry, ``name`` as ``key[i]``)."""
        shape = self._declared(name.partition("[")[0], "list")
        fields = Fields(node, self.path, f"{self._name(name)}", self.log, shape)
        return fields if fields.ok else None

    def finish(self, *, allowed: tuple[str, ...] = ()) -> None:
        """Report every key that no accessor asked for: most often a typo."""
        for key, key_node in self._keys.items():
            if key not in self._asked and key not in allowed:
                known = ", ".join(sorted(self._asked | set(allowed)))
                hint = ""
                if "\u3000" in key:
                    hint = "; a full-width space 「　」 is in it: indent with ordinary spaces"
                self.error(
                    key_node, f"{self._name(key)}: unknown field (known fields: {known}){hint}"
                )
