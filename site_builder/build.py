"""One build: load and validate the content, render everything in memory, swap it in."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from site_builder.calendar_feed import render_feeds
from site_builder.clock import build_today
from site_builder.errors import ContentError, InvalidContent
from site_builder.loader import read_content
from site_builder.pages import TEMPLATES_DIR, PageRenderer
from site_builder.schedule_manifest import MANIFEST_PATH, check_against_previous, render_manifest
from site_builder.writer import collect, write_site


@dataclass(frozen=True)
class BuildResult:
    """What a successful build wrote, and the warnings it found on the way."""

    out_dir: Path
    files: int
    warnings: list[ContentError]


def check_content(content_dir: Path) -> list[ContentError]:
    """Validate the content only; raise :class:`InvalidContent` on errors, return warnings."""
    site, problems = read_content(content_dir)
    if site is None:
        raise InvalidContent([problem for problem in problems if not problem.warning])
    return problems


def build_site(
    content_dir: Path,
    out_dir: Path,
    *,
    base_url: str | None = None,
    today: str | None = None,
    templates_dir: Path = TEMPLATES_DIR,
) -> BuildResult:
    """Build the whole site into ``out_dir``; on any error the previous output stays untouched."""
    site, problems = read_content(content_dir)
    if site is None:
        raise InvalidContent([problem for problem in problems if not problem.warning])
    previous = out_dir / MANIFEST_PATH
    previous_manifest = previous.read_bytes() if previous.is_file() else None
    changes = check_against_previous(site, previous_manifest, content_dir / "schedule.yaml")
    if changes:
        raise InvalidContent(changes)
    build_day = build_today(today, site.timezone)
    root_url = (base_url or site.base_url).rstrip("/") + "/"
    pages = PageRenderer(site, build_day, root_url, templates_dir)
    files = collect(
        chain(
            pages.render(),
            render_feeds(site, root_url).items(),
            render_manifest(site).items(),
        )
    )
    write_site(files, out_dir)
    return BuildResult(out_dir, len(files), problems)
