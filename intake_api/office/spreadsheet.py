"""Cells for the office's spreadsheets: text that stays inert, typed values, usable sheets.

Text typed by the public (an employer's name) may look like a formula (``=HYPERLINK(…)``):
in an xlsx it is kept as a text cell with a quote prefix (shown as typed, never run), in a
CSV it gets a leading apostrophe. Characters XML forbids would make the whole xlsx
unreadable, so they become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: object) -> object:
    """Text with the characters XML forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet would run this text as a formula."""
    return isinstance(value, str) and value.startswith(_FORMULA_STARTS)


def neutralise(value: object) -> object:
    """For CSV: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and looks_like_formula(value) else value


def append_row(sheet: Worksheet, values: Sequence[object], formats: Sequence[str | None]) -> None:
    """Append one row; ``formats[i]`` is column i's number format (None: general)."""
    sheet.append([xml_safe(value) for value in values])
    for cell, number_format in zip(sheet[sheet.max_row], formats, strict=True):
        if looks_like_formula(cell.value):
            # A text cell, not a formula: shown as typed (an apostrophe would show as a
            # character); the quote prefix keeps it text when the cell is edited.
            cell.data_type = "s"
            cell.quotePrefix = True
        if number_format is not None and cell.value is not None:
            cell.number_format = number_format


def finish_sheet(sheet: Worksheet, widths: Sequence[int]) -> None:
    """Frozen header row, a filter over the table, and the columns' widths (in characters)."""
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(widths))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
