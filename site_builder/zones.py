"""Time zones from the pinned ``tzdata`` package, so every machine computes the same times."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo


@lru_cache(maxsize=8)
def load_zone(name: str) -> ZoneInfo:
    """The zone from the pinned ``tzdata`` package (not the host's): same VTIMEZONE anywhere."""
    try:
        with resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as f:
            return ZoneInfo.from_file(f, key=name)
    except (FileNotFoundError, IsADirectoryError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error
