"""Our byte-level folding gives exactly what icalendar's own serialiser gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from site_builder.calendar_feed import fold_line

TEXT = st.text(alphabet=st.sampled_from(list('ab;,:\\^ \t"接访𠀀😀é')), max_size=400)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_folds_as_icalendar_does(text: str) -> None:
    line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
    assert fold_line(line) == Contentline(line).to_ical()


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_escapes_and_wide_characters_fold_as_icalendar_does(text: str) -> None:
    line = "DESCRIPTION:" + text
    folded = fold_line(line)
    assert folded == Contentline(line).to_ical()
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    folded.decode("utf-8")  # no UTF-8 sequence was split
