"""Edit a session of ``schedule.yaml`` in place, keeping every other line and comment as it is.

Each edit re-reads the text, so line positions never go stale; the files are small.
"""

from __future__ import annotations

from datetime import date, time

import yaml


class ScheduleEditError(Exception):
    """The session cannot be edited line by line (written in one line, or not found)."""


def flow(value: object) -> str:
    """A value in YAML flow style, as content files write it: ``{date: 2021-05-10}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    if isinstance(value, date):
        return value.isoformat()
    # Dumped inside a flow list, so a comma or brace in the text gets quoted.
    dumped = yaml.safe_dump([str(value)], default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.strip()[1:-1]


class ScheduleText:
    """The text of ``schedule.yaml`` with edits addressed by session id and key."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"

    @property
    def text(self) -> str:
        """The edited text."""
        return "".join(self.lines)

    def _session(self, session_id: str) -> yaml.MappingNode:
        root = yaml.compose(self.text)
        sessions = _value(root, "sessions") if isinstance(root, yaml.MappingNode) else None
        for node in sessions.value if isinstance(sessions, yaml.SequenceNode) else []:
            id_node = _value(node, "id") if isinstance(node, yaml.MappingNode) else None
            if isinstance(id_node, yaml.ScalarNode) and id_node.value == session_id:
                if node.flow_style:
                    raise ScheduleEditError(f"session {session_id} is written on one line")
                return node
        raise ScheduleEditError(f"session {session_id} not found")

    def keys(self, session_id: str) -> set[str]:
        """The keys the session gives itself (not those it takes from ``defaults``)."""
        return {key_node.value for key_node, _ in self._session(session_id).value}

    def set(self, session_id: str, key: str, value: str) -> None:
        """Give ``key`` the (flow or scalar) text ``value``: replaced where it is, else added."""
        node = self._session(session_id)
        for key_node, value_node in node.value:
            if key_node.value != key:
                continue
            first, last = value_node.start_mark, _last_line(value_node)
            if first.line == last and value_node.end_mark.line == last:
                line = self.lines[last]
                start, end = first.column, value_node.end_mark.column
                self.lines[last] = line[:start] + value + line[end:]
            else:
                indent = " " * key_node.start_mark.column
                line_number = key_node.start_mark.line
                self.lines[line_number : last + 1] = [f"{indent}{key}: {value}\n"]
            return
        indent = " " * node.value[0][0].start_mark.column
        self.lines.insert(self._insert_at(node), f"{indent}{key}: {value}\n")

    def remove(self, session_id: str, key: str) -> None:
        """Delete ``key`` (and its value's lines) from the session, if it is there."""
        node = self._session(session_id)
        for key_node, value_node in node.value:
            if key_node.value == key:
                del self.lines[key_node.start_mark.line : _last_line(value_node) + 1]
                return

    def add_change(self, session_id: str, entry: list[tuple[str, str]]) -> None:
        """Append a ``changes:`` entry (key, value text pairs) after the session's others."""
        node = self._session(session_id)
        column = node.value[0][0].start_mark.column
        changes = _value(node, "changes")
        if changes is not None and not (
            isinstance(changes, yaml.SequenceNode) and not changes.flow_style
        ):
            if not (isinstance(changes, yaml.SequenceNode) and not changes.value):
                raise ScheduleEditError(f"session {session_id}: changes is written on one line")
            self.remove(session_id, "changes")  # `changes: []` becomes a block list
            changes = None
        if changes is None:
            at = self._insert_at(node)
            self.lines.insert(at, " " * column + "changes:\n")
            at, item = at + 1, column + 2
        else:
            first = changes.value[0].start_mark
            # The entry's dash, before the column where its first key starts.
            at, item = _last_line(changes) + 1, self.lines[first.line].rindex("-", 0, first.column)
        prefixes = [" " * item + "- "] + [" " * (item + 2)] * (len(entry) - 1)
        pairs = zip(prefixes, entry, strict=True)
        self.lines[at:at] = [f"{prefix}{key}: {value}\n" for prefix, (key, value) in pairs]

    def comment(self, session_id: str | None, text: str) -> None:
        """A comment line above the session (or at the end of the file for ``None``)."""
        if session_id is None:
            self.lines.append(f"{text}\n")
            return
        node = self._session(session_id)
        dash = max(node.start_mark.column - 2, 0)
        self.lines.insert(node.start_mark.line, " " * dash + text + "\n")

    def _insert_at(self, node: yaml.MappingNode) -> int:
        """Where a new key goes: before ``changes:`` if the session has one, else at its end."""
        for key_node, _ in node.value:
            if key_node.value == "changes":
                return key_node.start_mark.line
        return _last_line(node) + 1


def _value(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def _last_line(node: yaml.Node) -> int:
    """The last line holding a value of ``node`` (not the comments or blank lines after it)."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style:
        mark = node.end_mark
        return mark.line if mark.column > 0 else mark.line - 1
    children = node.value if isinstance(node, yaml.SequenceNode) else [v for _, v in node.value]
    return max((_last_line(child) for child in children), default=node.start_mark.line)
