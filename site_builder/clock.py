"""The build's notion of "today": the only place that reads the clock."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class ClockError(ValueError):
    """``--today`` or ``SOURCE_DATE_EPOCH`` cannot be read."""


def build_today(today: str | None, timezone: str, environ: dict[str, str] | None = None) -> date:
    """``--today`` if given, else ``SOURCE_DATE_EPOCH``, else the wall clock, in ``timezone``."""
    if today:
        try:
            return date.fromisoformat(today)
        except ValueError:
            raise ClockError(f"--today: expected a date as YYYY-MM-DD, found {today!r}") from None
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise ClockError(
                f"SOURCE_DATE_EPOCH: expected seconds since 1970, found {epoch!r}"
            ) from None
    else:
        moment = datetime.now(UTC)
    return moment.astimezone(ZoneInfo(timezone)).date()
