"""Read times of day as notices write them: ``09:00``, ``下午3:00``, ``15时30分``, ``9:00-11:30``.

Every spelling is normalised to a :class:`datetime.time`. A time a clerk could not have meant
(before 07:00 or after 21:00, most often ``3:00`` for 下午3:00) is refused with the likely
reading, because a calendar would otherwise show a session at three in the morning.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time

EARLIEST = time(7, 0)
LATEST = time(21, 0)
_PERIODS = {
    "凌晨": "am",
    "早上": "am",
    "早晨": "am",
    "上午": "am",
    "中午": "noon",
    "下午": "pm",
    "午后": "pm",
    "傍晚": "pm",
    "晚上": "pm",
}
_PERIOD = "|".join(_PERIODS)
_ONE = (
    rf"(?P<period>{_PERIOD})?\s*(?P<hour>\d{{1,2}})"
    r"(?:[:.](?P<minute>\d{2})|[时点](?:(?P<minutes>\d{1,2})分?|(?P<half>半))?)"
)
_SINGLE = re.compile(rf"^{_ONE}$")
# A dash of any width, a tilde, 至 or 到 between two times.
_RANGE = re.compile(r"^(?P<start>.+?)\s*(?:[-‐‑–—―~]+|至|到)\s*(?P<end>.+)$")


class TimeError(ValueError):
    """A time that cannot be read, or that is outside office hours (the message says why)."""


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("：", ":").strip()


def _read(text: str, period: str | None = None) -> tuple[time, str | None]:
    """One time and the period (上午/下午…) it names; ``period`` is inherited from a range start."""
    match = _SINGLE.match(text)
    if not match:
        raise TimeError(f"expected a time such as 09:00, 下午3:00 or 15时30分, found {text!r}")
    hour = int(match["hour"])
    minute = 30 if match["half"] else int(match["minute"] or match["minutes"] or 0)
    named = _PERIODS.get(match["period"] or "")
    period = named or period
    if hour > 23 or minute > 59:
        raise TimeError(f"{text} is not a time of day")
    # 下午3:00 is 15:00, 中午1点 is 13:00; 下午15:00 and 中午12:30 stay as they are.
    if (period == "pm" and hour < 12) or (period == "noon" and hour < 6):
        hour += 12
    return time(hour, minute), named


def _plausible(moment: time, written: str) -> time:
    """``moment`` if within office hours, else :class:`TimeError` with the likely reading."""
    if EARLIEST <= moment <= LATEST:
        return moment
    hour = moment.hour % 12
    said = f"{hour}" if moment.minute == 0 else f"{hour}:{moment:%M}"
    if moment.hour >= 12:
        when, guess, label = "at night", time(moment.hour - 12, moment.minute), "上午"
    elif moment.hour:
        when, guess, label = "in the morning", time(moment.hour + 12, moment.minute), "下午"
    else:
        when, guess, label = "after midnight", None, ""
    hint = ""
    if guess is not None and EARLIEST <= guess <= LATEST:
        hint = f"; did you mean {guess:%H:%M} ({label}{hour}:{moment:%M})?"
    raise TimeError(f"{written} is {said} {when}, outside office hours (07:00–21:00){hint}")


def parse_time(text: str) -> time:
    """One time of day in any common spelling; :class:`TimeError` if unreadable or implausible."""
    moment, _ = _read(_normalise(text))
    return _plausible(moment, text.strip())


def parse_range(text: str) -> tuple[time, time]:
    """``9:00-11:30``, ``下午3:00—5:30``, ``上午9时至11时30分``: start and end.

    An end without 上午/下午 takes the start's (``下午3:00—5:30`` ends at 17:30).
    """
    normal = _normalise(text)
    match = _RANGE.match(normal)
    if not match:
        raise TimeError(
            f"expected a time range such as 9:00-11:30 or 下午3:00—5:30, found {text!r}"
        )
    start, period = _read(match["start"])
    end, _ = _read(match["end"], period)
    return _plausible(start, match["start"]), _plausible(end, match["end"])
