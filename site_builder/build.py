"""One build: load and validate the content, render every file into a new folder, swap it in.

The content is one office's (``site.yaml`` at its top) or, for a city or province, one
office per subfolder (see :mod:`site_builder.offices`): then every office's site goes into
a folder of its own under the output, beside a portal, and all of it is swapped in at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment

from site_builder.calendar_feed import FEED_PATH, render_feeds
from site_builder.clock import build_today
from site_builder.errors import ContentError, InvalidContent
from site_builder.identity import LOOPBACK_HOSTS
from site_builder.loader import DEFAULT_TIMEZONE
from site_builder.model import Site
from site_builder.offices import (
    PORTAL_FILE,
    Portal,
    is_multi_office,
    read_checked,
    read_offices,
)
from site_builder.pages import TEMPLATES_DIR, PageRenderer, template_environment
from site_builder.portal import OFFICES_PATH, office_url, render_portal
from site_builder.poster import is_poster, render_posters
from site_builder.schedule_manifest import MANIFEST_PATH, render_manifest
from site_builder.sitemap import render_sitemap, sitemap_files
from site_builder.writer import check_output_folder, checked, write_site


@dataclass(frozen=True)
class BuildResult:
    """What a successful build wrote, and the warnings it found on the way."""

    out_dir: Path
    files: int
    warnings: list[ContentError]


def check_content(content_dir: Path, out_dir: Path) -> list[ContentError]:
    """Everything a build checks, without writing: raise on errors, return the warnings.

    The pages and feeds are rendered too (and dropped), and the schedule is compared with the
    last build in ``out_dir``, so a clean check means the build will succeed.
    """
    if is_multi_office(content_dir):
        portal, warnings = _validated_offices(content_dir, out_dir)
        files = _render_offices(portal, portal.base_url, None, TEMPLATES_DIR)
    else:
        site, warnings = _validated(content_dir, out_dir)
        files = _site_files(site, site.base_url, None, TEMPLATES_DIR)
    for _file in checked(files):
        pass  # rendered and checked for clashing paths, then dropped: nothing is kept
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
    check_output_folder(out_dir, content_dir, MANIFEST_PATH, OFFICES_PATH)
    if is_multi_office(content_dir):
        portal, warnings = _validated_offices(content_dir, out_dir)
        public_url = base_url or portal.base_url
        where = content_dir / PORTAL_FILE
        files = _render_offices(portal, public_url, today, templates_dir)
    else:
        site, warnings = _validated(content_dir, out_dir)
        public_url = base_url or site.base_url
        where = content_dir / "site.yaml"
        files = _site_files(site, public_url, today, templates_dir)
    # Given on the command line (as the preview does), a local address is meant.
    if base_url is None and urlsplit(public_url).hostname in LOOPBACK_HOSTS:
        warnings.append(
            ContentError(
                where,
                1,
                f"base_url is {public_url}: calendar subscription links work on this computer "
                "only; give the public address (base_url in "
                f"{where.name}, or --base-url) before publishing",
                warning=True,
            )
        )
    written = write_site(files, out_dir)
    return BuildResult(out_dir, written, warnings)


def _validated(content_dir: Path, out_dir: Path) -> tuple[Site, list[ContentError]]:
    """The site and its warnings; raise on any error, including an unrecorded change."""
    site, problems = read_checked(content_dir, out_dir / MANIFEST_PATH)
    if site is None:
        raise InvalidContent([problem for problem in problems if not problem.warning])
    return site, problems


def _validated_offices(content_dir: Path, out_dir: Path) -> tuple[Portal, list[ContentError]]:
    """Every office and their warnings; raise with every office's errors at once."""
    portal, problems = read_offices(content_dir, out_dir)
    if portal is None:
        raise InvalidContent([problem for problem in problems if not problem.warning])
    return portal, problems


def _site_files(
    site: Site,
    base_url: str,
    today: str | None,
    templates_dir: Path,
    env: Environment | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every file of one office's site, rendered as it is asked for."""
    build_day = build_today(today, site.timezone)
    root_url = base_url.rstrip("/") + "/"
    pages = PageRenderer(site, build_day, root_url, templates_dir, env)
    return chain(
        pages.render(),
        render_feeds(site, root_url).items(),
        render_manifest(site).items(),
        render_sitemap(site, root_url).items(),
        render_posters(site, build_day, root_url, pages.env, templates_dir).items(),
    )


def _render_offices(
    portal: Portal, base_url: str, today: str | None, templates_dir: Path
) -> Iterator[tuple[str, bytes]]:
    """Every office's site under its folder, then the portal at the top, as rendered."""
    root_url = base_url.rstrip("/") + "/"
    feeds: dict[str, bytes] = {}
    pages: list[str] = []
    env = template_environment(templates_dir)  # compiled once for every office
    for office in portal.offices:
        for path, content in _site_files(
            office.site, office_url(root_url, office), today, templates_dir, env
        ):
            if path == FEED_PATH:
                feeds[office.folder] = content  # the portal's combined feed is made of these
            if path.endswith(".html") and path != "404.html" and not is_poster(path):
                pages.append(f"{office.folder}/{path}")
            yield f"{office.folder}/{path}", content
    portal_day = build_today(today, DEFAULT_TIMEZONE)
    yield from render_portal(portal, portal_day, root_url, feeds, templates_dir)
    yield from sitemap_files(root_url, ["index.html", *pages]).items()  # the portal's and all
