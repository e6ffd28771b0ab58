"""Words that say who receives (…派员参加, 带班领导：): a line that says so but gives no
people that can be read must not pass for one that names none."""

from __future__ import annotations

import re

from site_builder.importer.columns import roles
from site_builder.importer.found import FoundSession
from site_builder.importer.text import Line

# A line about who receives: if nothing in it can be read, the sessions are marked.
# Words that say who takes part or leads: if nothing beside them can be read, mark.
UNITS_HINT = re.compile(r"(?:局|委|办|队|会|中心)[^。；;\n]{0,12}参加")
LEAD_HINT = re.compile(r"(?<!要)带班(?!接访)")
_PEOPLE_LABEL = re.compile(
    r"(?:带班领导|参加(?:接访)?(?:单位|人员|部门)|接访(?:人员|单位|领导))(?:[：:为是]|\s*$)",
    re.MULTILINE,
)


def unread_line(
    item: list[tuple[Line, str]], context: list[str], people: FoundSession, given: bool
) -> Line | None:
    """The line of a sentence about who receives (…派员参加, 带班领导：) that gave nothing."""
    for source, sentence in item:
        if roles(source.original) is not None:
            continue  # a table's header (日期 时间 带班领导) names its columns, not people
        if sentence in context and (
            (_PEOPLE_LABEL.search(sentence) and not given)
            or (UNITS_HINT.search(sentence) and not people.units)
            or (LEAD_HINT.search(sentence) and not people.lead_title)
        ):
            return source
    return None
