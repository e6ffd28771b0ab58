"""One build: load and validate the content, render every file into a new folder, swap it in.

The content is one office's (``site.yaml`` at its top) or, for a city or province, one
office per subfolder (see :mod:`site_builder.offices`): then every office's site goes into
a folder of its own under the output, beside a portal, and all of it is swapped in at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment

from site_builder.atom_feed import render_atom, render_portal_atom
from site_builder.build_cache import (
    BuildCache,
    Content,
    NoCache,
    code_version,
    key_of,
)
from site_builder.calendar_feed import FEED_PATH
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
from site_builder.pages import TEMPLATES_DIR, template_environment
from site_builder.portal import OFFICES_PATH, office_url, render_portal
from site_builder.poster import is_poster, render_posters
from site_builder.schedule_manifest import MANIFEST_PATH, render_manifest
from site_builder.site_parts import OfficeParts
from site_builder.sitemap import render_sitemap, sitemap_files
from site_builder.writer import check_output_folder, checked, write_site


@dataclass(frozen=True)
class BuildResult:
    """What a successful build wrote, and the warnings it found on the way."""

    out_dir: Path
    files: int
    warnings: list[ContentError]
    reused: int = 0  # files taken over unchanged from the last build


def built_message(result: BuildResult) -> str:
    """``built N files into OUT``, and how many of them were kept from the last build."""
    kept = f" ({result.reused} unchanged, kept from the last build)" if result.reused else ""
    return f"built {result.files} files into {result.out_dir}{kept}"


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one build (it runs again as it did after).

    A build makes millions of objects (YAML nodes, the model, the pages) that live until it
    ends, and the collector's full passes over that growing heap were most of the time of
    loading a large schedule (2.2 of 2.7 s at 10,000 sessions). Nothing is lost: what is
    garbage by then is collected by the collector's next pass.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_cycle_collector_paused()
def check_content(content_dir: Path, out_dir: Path) -> list[ContentError]:
    """Everything a build checks, without writing: raise on errors, return the warnings.

    The pages and feeds are rendered too (and dropped), and the schedule is compared with the
    last build in ``out_dir``, so a clean check means the build will succeed.
    """
    if is_multi_office(content_dir):
        portal, warnings = _validated_offices(content_dir, out_dir)
        files = _render_offices(portal, portal.base_url, None, TEMPLATES_DIR, NoCache())
    else:
        site, warnings = _validated(content_dir, out_dir)
        files = _site_files(site, site.base_url, None, TEMPLATES_DIR, NoCache())
    for _file in checked(files):
        pass  # rendered and checked for clashing paths, then dropped: nothing is kept
    return warnings


@_cycle_collector_paused()
def build_site(
    content_dir: Path,
    out_dir: Path,
    *,
    base_url: str | None = None,
    today: str | None = None,
    templates_dir: Path = TEMPLATES_DIR,
    reuse: bool = True,
) -> BuildResult:
    """Build the whole site into ``out_dir``; on any error the previous output stays untouched.

    Files whose inputs are unchanged since the last build into ``out_dir`` are taken over
    from it (:mod:`site_builder.build_cache`); ``reuse=False`` renders every file again.
    """
    check_output_folder(out_dir, content_dir, MANIFEST_PATH, OFFICES_PATH)
    cache = BuildCache(out_dir, code_version(templates_dir), reuse=reuse)
    if is_multi_office(content_dir):
        portal, warnings = _validated_offices(content_dir, out_dir)
        public_url = base_url or portal.base_url
        where = content_dir / PORTAL_FILE
        files = _render_offices(portal, public_url, today, templates_dir, cache)
    else:
        site, warnings = _validated(content_dir, out_dir)
        public_url = base_url or site.base_url
        where = content_dir / "site.yaml"
        files = _site_files(site, public_url, today, templates_dir, cache)
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
    cache.save(written)
    return BuildResult(out_dir, len(written), warnings, cache.reused)


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
    cache: BuildCache,
    env: Environment | None = None,
    prefix: str = "",
) -> Iterator[tuple[str, Content]]:
    """Every file of one office's site (under ``prefix``), rendered as it is asked for."""
    build_day = build_today(today, site.timezone)
    root_url = base_url.rstrip("/") + "/"
    env = env or template_environment(templates_dir, cache.compiled_dir)
    parts = OfficeParts(site, root_url, build_day, templates_dir, env, cache, prefix)
    return parts.files(_schedule_files)


def _schedule_files(office: OfficeParts) -> Iterator[tuple[str, Content]]:
    """The files made from the whole schedule (an edit anywhere renders them again).

    Each is rendered when the last one has been written: a big schedule's are megabytes.
    """
    site, root_url, build_day, pages = office.site, office.root_url, office.build_day, office.pages
    # The biggest two are written to scratch files as rendered, then linked into the output.
    calendar = office.calendar()  # first: the events it is made of are dropped then
    index = office.scratch_file(pages.index())
    try:
        yield "index.html", index
        yield from pages.common()
        yield FEED_PATH, calendar
    finally:
        calendar.unlink(missing_ok=True)
        index.unlink(missing_ok=True)
    yield from render_manifest(site).items()
    yield from render_sitemap(site, root_url).items()
    yield from render_atom(site, root_url).items()
    yield from render_posters(site, build_day, root_url, pages.env, office.templates_dir).items()


def _render_offices(
    portal: Portal, base_url: str, today: str | None, templates_dir: Path, cache: BuildCache
) -> Iterator[tuple[str, Content]]:
    """Every office's site under its folder, then the portal at the top, as rendered."""
    root_url = base_url.rstrip("/") + "/"
    feeds: dict[str, bytes] = {}
    pages: list[str] = []
    env = template_environment(templates_dir, cache.compiled_dir)  # one for every office
    for office in portal.offices:  # one at a time, each file written as it is rendered
        prefix = f"{office.folder}/"
        address = office_url(root_url, office)
        files = _site_files(office.site, address, today, templates_dir, cache, env, prefix)
        for path, content in files:
            local = path[len(prefix) :]
            if local == FEED_PATH:
                # The portal's combined feed is made of these.
                feeds[office.folder] = (
                    content if isinstance(content, bytes) else content.read_bytes()
                )
            if local.endswith(".html") and local != "404.html" and not is_poster(local):
                pages.append(path)
            yield path, content
    portal_day = build_today(today, DEFAULT_TIMEZONE)
    key = key_of("portal", cache.version, root_url, portal_day, portal, pages, *feeds.values())
    yield from cache.files(
        key, lambda: _portal_files(portal, portal_day, root_url, feeds, pages, templates_dir)
    )


def _portal_files(
    portal: Portal,
    portal_day: date,
    root_url: str,
    feeds: dict[str, bytes],
    pages: list[str],
    templates_dir: Path,
) -> Iterator[tuple[str, bytes]]:
    """The portal's own files: its page, the combined feed, offices.json, the whole sitemap."""
    yield from render_portal(portal, portal_day, root_url, feeds, templates_dir)
    yield from render_portal_atom(portal, root_url).items()
    yield from sitemap_files(root_url, ["index.html", *pages]).items()  # the portal's and all
