"""One build: load and validate the content, render everything in memory, swap it in."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from site_builder.calendar_feed import render_feeds
from site_builder.clock import build_today
from site_builder.errors import ContentError, InvalidContent
from site_builder.loader import read_content
from site_builder.model import Site
from site_builder.pages import TEMPLATES_DIR, PageRenderer
from site_builder.schedule_manifest import MANIFEST_PATH, check_against_previous, render_manifest
from site_builder.sitemap import render_sitemap
from site_builder.writer import check_output_folder, collect, write_site


@dataclass(frozen=True)
class BuildResult:
    """What a successful build wrote, and the warnings it found on the way."""

    out_dir: Path
    files: int
    warnings: list[ContentError]


def check_content(content_dir: Path, out_dir: Path) -> list[ContentError]:
    """Everything a build checks, without writing: raise on errors, return the warnings.

    The pages and feeds are rendered in memory too, and the schedule is compared with the
    last build in ``out_dir``, so a clean check means the build will succeed.
    """
    site, warnings = _validated(content_dir, out_dir)
    _render(site, site.base_url, None, TEMPLATES_DIR)
    return warnings


def build_site(
    content_dir: Path,
    out_dir: Path,
    *,
    base_url: str | None = None,
    today: str | None = None,
    templates_dir: Path = TEMPLATES_DIR,
) -> BuildResult:
    """Build the whole site into ``out_dir``; on any error the previous output stays untouched."""
    check_output_folder(out_dir, content_dir, MANIFEST_PATH)
    site, warnings = _validated(content_dir, out_dir)
    public_url = base_url or site.base_url
    # Given on the command line (as the preview does), a local address is meant.
    if base_url is None and urlsplit(public_url).hostname in ("127.0.0.1", "localhost", "::1"):
        warnings.append(
            ContentError(
                content_dir / "site.yaml",
                1,
                f"base_url is {public_url}: calendar subscription links work on this computer "
                "only; give the public address (base_url in site.yaml, or --base-url) "
                "before publishing",
                warning=True,
            )
        )
    files = _render(site, public_url, today, templates_dir)
    write_site(files, out_dir)
    return BuildResult(out_dir, len(files), warnings)


def _validated(content_dir: Path, out_dir: Path) -> tuple[Site, list[ContentError]]:
    """The site and its warnings; raise on any error, including an unrecorded change."""
    site, problems = read_content(content_dir)
    if site is None:
        raise InvalidContent([problem for problem in problems if not problem.warning])
    previous = out_dir / MANIFEST_PATH
    previous_manifest = previous.read_bytes() if previous.is_file() else None
    found = check_against_previous(site, previous_manifest, content_dir / "schedule.yaml")
    errors = [problem for problem in found if not problem.warning]
    if errors:
        raise InvalidContent(errors)
    return site, problems + found


def _render(site: Site, base_url: str, today: str | None, templates_dir: Path) -> dict[str, bytes]:
    """Every file of the site, in memory."""
    build_day = build_today(today, site.timezone)
    root_url = base_url.rstrip("/") + "/"
    pages = PageRenderer(site, build_day, root_url, templates_dir)
    return collect(
        chain(
            pages.render(),
            render_feeds(site, root_url).items(),
            render_manifest(site).items(),
            render_sitemap(site, root_url).items(),
        )
    )
