"""One office's site in parts that an incremental build keeps or renders again, by key.

Each part's key covers what the part is rendered from (see :mod:`site_builder.build_cache`),
besides the code and templates, the office's folder and its address:

- a session's page: the site's settings (everything but its sessions and notices), the
  session's record, its neighbours' (the pager links them) and whether it is past;
- a session's calendar file: the settings, its record, and the time zone and the first and
  last day of the feed (its VTIMEZONE covers those);
- a notice's page: the settings and the notice;
- ``share.png``: the settings and the lines it draws (the next day, its times, the phone);
- everything else (home page, ``calendar.ics``, ``schedule.json``, sitemaps, posters and
  the like): the whole site and the build day.

A record's ``line`` (where it is in schedule.yaml) is no part of a key: it is never shown,
so a line added above a session does not render it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import cached_property
from pathlib import Path

from jinja2 import Environment

from site_builder.build_cache import BuildCache, Content, key_of
from site_builder.calendar_feed import FeedRenderer, feed_sessions, session_feed_path
from site_builder.model import Site
from site_builder.pages import PageRenderer, settings_of
from site_builder.render_pool import render_all
from site_builder.share_image import render_share_image, share_lines

ScheduleFiles = Callable[["OfficeParts"], Iterable[tuple[str, Content]]]


class OfficeParts:
    """The parts of one office's site for one build, rendered only when the cache lacks them."""

    def __init__(
        self,
        site: Site,
        root_url: str,
        build_day: date,
        templates_dir: Path,
        env: Environment | None,
        cache: BuildCache,
        prefix: str = "",
    ) -> None:
        self.site = site
        self.root_url = root_url
        self.build_day = build_day
        self.templates_dir = templates_dir
        self.cache = cache
        self.prefix = prefix
        self._env = env
        self._records = {s.id: key_of(replace(s, line=0)) for s in site.sessions}
        self._base = (cache.version, prefix, root_url, key_of(settings_of(site)))
        self._events: list[bytes] = []

    @cached_property
    def pages(self) -> PageRenderer:
        """The office's page renderer, made when a page is first needed."""
        return PageRenderer(self.site, self.build_day, self.root_url, self.templates_dir, self._env)

    @cached_property
    def feeds(self) -> FeedRenderer:
        """The office's calendar renderer, made when a calendar file is first needed."""
        return FeedRenderer(self.site, self.root_url)

    def calendar(self) -> Path:
        """``calendar.ics``, written to a scratch file that the caller passes on and deletes.

        Only once :meth:`files` has gone through every session's feed. The events it is
        made of are then dropped: a big schedule's whole calendar is megabytes, so it is
        neither joined in memory nor held while the other files are rendered.
        """
        path = self.scratch_file(self.feeds.calendar_parts(self._events))
        self._events = []
        return path

    def scratch_file(self, pieces: Iterable[bytes]) -> Path:
        """A new scratch file of ``pieces``, written as they come; the caller deletes it."""
        path = self.cache.scratch_path()
        with open(path, "xb") as out:
            out.writelines(pieces)
        return path

    def files(self, schedule_files: ScheduleFiles) -> Iterator[tuple[str, Content]]:
        """Every file of the site, under the prefix; ``schedule_files`` makes the rest."""
        records = list(self._records.values())
        whole = key_of("schedule", *self._base, self.build_day, records, self.site.notices)
        kept = self.cache.reusable(whole)
        yield from self._session_pages()
        yield from self._notice_pages()
        yield from self._session_feeds(need_events=kept is None)
        if kept is not None:
            yield from self.cache.take_over(whole, kept)
        else:
            yield from self.cache.made(whole, self._prefixed(schedule_files(self)))
        yield from self._share_image()

    def _share_image(self) -> Iterator[tuple[str, Content]]:
        """``share.png``: kept while its lines (the next day, its times, the phone) stay.

        Drawing it takes longer than a session's page, and loads Pillow.
        """
        key = key_of("share image", *self._base, share_lines(self.site, self.build_day))
        site, day, url = self.site, self.build_day, self.root_url
        yield from self.cache.files(
            key, lambda: self._prefixed(render_share_image(site, day, url).items())
        )

    def _prefixed(self, files: Iterable[tuple[str, Content]]) -> Iterator[tuple[str, Content]]:
        return ((self.prefix + path, content) for path, content in files)

    def _session_pages(self) -> Iterator[tuple[str, Content]]:
        sessions = self.site.sessions
        records = [self._records[session.id] for session in sessions]
        keys = [
            key_of(
                "session page",
                *self._base,
                records[index - 1] if index > 0 else "",
                records[index],
                records[index + 1] if index + 1 < len(records) else "",
                session.slot.day < self.build_day,
            )
            for index, session in enumerate(sessions)
        ]
        kept = [self.cache.reusable(key) for key in keys]
        missing = [index for index, files in enumerate(kept) if files is None]
        rendered = render_all(self.pages.session_page, missing) if missing else iter(())
        for key, files in zip(keys, kept, strict=True):
            if files is None:
                yield from self.cache.made(key, self._prefixed([next(rendered)]))
            else:
                yield from self.cache.take_over(key, files)

    def _notice_pages(self) -> Iterator[tuple[str, Content]]:
        for notice in self.site.notices:
            key = key_of("notice page", *self._base, notice)
            yield from self.cache.files(
                key, lambda notice=notice: self._prefixed([self.pages.notice_page(notice)])
            )

    def _session_feeds(self, *, need_events: bool) -> Iterator[tuple[str, Content]]:
        """Each session's ``.ics``; with ``need_events``, keep every event for calendar.ics."""
        sessions = feed_sessions(self.site)
        days = [session.slot.day for session in sessions]
        span = (self.site.timezone, min(days), max(days)) if days else None
        keys = [key_of("session feed", *self._base, span, self._records[s.id]) for s in sessions]
        kept = [self.cache.reusable(key) for key in keys]
        events: list[bytes | None] = [
            self.feeds.event_in(files[0][1].read_bytes()) if files and need_events else None
            for files in kept
        ]
        # Rendered again: what is not kept, and (if events are needed) what cannot be read.
        missing = [
            index
            for index, files in enumerate(kept)
            if files is None or (need_events and events[index] is None)
        ]
        rendered: Iterator[bytes] = iter(())
        if missing:
            feeds = self.feeds  # made before any worker starts, which then inherit it
            rendered = render_all(lambda index: feeds.event(sessions[index]), missing)
        redo = set(missing)
        for index, session in enumerate(sessions):
            if index in redo:
                event = next(rendered)
                events[index] = event
                path = self.prefix + session_feed_path(session)
                yield from self.cache.made(keys[index], [(path, self.feeds.session_file(event))])
            else:
                yield from self.cache.take_over(keys[index], kept[index])
            if need_events:
                self._events.append(events[index])
