"""Compose a YAML file whose top-level mapping holds one long list, one entry at a time.

A province's ``schedule.yaml`` holds tens of thousands of sessions: composed whole, every
node of it (with its marks) is in memory at once, several times the size of the file. Here
the entries of that one list are composed as they are read, so each can be dropped once it
is turned into a model object. Every node is composed by PyYAML's own composer on the same
events, so it is the node :func:`site_builder.yaml_source.compose` would give.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import yaml
from yaml.composer import Composer
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, SequenceNode

Pairs = list[tuple[Node, Node]]

if hasattr(yaml, "CSafeLoader"):
    from yaml.cyaml import CParser

    class _Loader(Composer, CParser, yaml.resolver.Resolver):  # type: ignore[misc]
        """libyaml's events (ten times faster to parse) composed by PyYAML's composer."""

        def __init__(self, stream: BinaryIO) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader  # type: ignore[misc, assignment]


class NotStreamable(Exception):
    """The file does not have the plain shape read here: read it whole instead."""


class StreamedMapping:
    """The top-level mapping of a YAML file, whose list under ``key`` is composed lazily.

    ``node`` holds the pairs up to that list; the list node's ``value`` is an iterator that
    composes each entry when it is reached. :meth:`rest` gives the pairs after the list.
    Raises :class:`NotStreamable` for anything but one document holding a plain mapping,
    and :class:`yaml.YAMLError` for broken YAML (then or while the entries are read).
    """

    def __init__(self, stream: BinaryIO, key: str) -> None:
        if stream.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            raise NotStreamable("UTF-16")  # read whole, this is reported as not UTF-8
        stream.seek(0)
        self._loader = loader = _Loader(stream)
        self._rest: Pairs | None = None
        loader.get_event()
        if not loader.check_event(DocumentStartEvent):
            raise NotStreamable("empty")
        loader.get_event()
        start = loader.peek_event()
        if not isinstance(start, MappingStartEvent) or start.anchor is not None:
            raise NotStreamable("not a mapping")
        loader.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = loader.resolve(MappingNode, None, start.implicit)
        self.node = MappingNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
        while not loader.check_event(MappingEndEvent):
            item_key = loader.compose_node(self.node, None)
            if _is_plain_list(item_key, key, loader.peek_event()):
                self.node.value.append((item_key, self._lazy_list()))
                return
            self.node.value.append((item_key, loader.compose_node(self.node, item_key)))
        self._finish()
        self._rest = []

    def rest(self) -> Pairs:
        """The pairs after the list, once every entry of it has been read."""
        if self._rest is None:
            raise NotStreamable("the list was not read to its end")
        return self._rest

    def _lazy_list(self) -> SequenceNode:
        start = self._loader.get_event()
        tag = self._loader.resolve(SequenceNode, None, start.implicit)
        node = SequenceNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
        node.value = self._entries(node)
        return node

    def _entries(self, node: SequenceNode) -> Iterator[Node]:
        loader = self._loader
        index = 0
        while not loader.check_event(SequenceEndEvent):
            yield loader.compose_node(node, index)
            index += 1
        node.end_mark = loader.get_event().end_mark
        rest: Pairs = []
        while not loader.check_event(MappingEndEvent):
            item_key = loader.compose_node(self.node, None)
            rest.append((item_key, loader.compose_node(self.node, item_key)))
        self._finish()
        self._rest = rest

    def _finish(self) -> None:
        """Read the ends of the mapping, the document and the stream: one document only."""
        self.node.end_mark = self._loader.get_event().end_mark
        if not isinstance(self._loader.get_event(), DocumentEndEvent):
            raise NotStreamable("the document does not end")
        if not isinstance(self._loader.get_event(), StreamEndEvent):
            raise NotStreamable("more than one document")


def _is_plain_list(item_key: Node, key: str, event: yaml.Event) -> bool:
    """True for ``key:`` followed by a list without anchor or tag."""
    return (
        isinstance(item_key, yaml.ScalarNode)
        and item_key.value == key
        and isinstance(event, SequenceStartEvent)
        and event.anchor is None
        and event.tag in (None, "!")
    )
