"""Read what a person sees in built pages: visible text, table rows, links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._row: list[str] | None = None
        self._row_class = ""
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "tr":
            self._row, self._row_class = [], values.get("class") or ""
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((tag, values[name] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._row_class, self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def squash(text: str) -> str:
    """Collapse runs of white space to one space."""
    return re.sub(r"\s+", " ", text).strip()


def read_page(path: Path) -> _Collector:
    """Parse one HTML file."""
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def visible_text(path: Path) -> str:
    """All text of a page as one line."""
    return squash(" ".join(read_page(path).text))


def schedule_rows(index: Path) -> list[tuple[str, list[str]]]:
    """``(row class, [cells])`` for each body row of the schedule table."""
    return [(css, cells) for css, cells in read_page(index).rows if css]


INTAKE_PAGES = ("complaints/new", "complaints/status")  # served by the intake app


def broken_links(out: Path) -> list[str]:
    """Relative links in built pages that point at no file (the 404 page's are absolute)."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        if page.name == "404.html":
            continue
        for _tag, link in read_page(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "/")) or link.endswith(INTAKE_PAGES):
                continue  # external, in-page, or served by the intake app
            if not (page.parent / parts.path).resolve().is_file():
                broken.append(f"{page.relative_to(out)} -> {link}")
    return broken
