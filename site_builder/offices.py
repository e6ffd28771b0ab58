"""Many offices in one build: find the offices' folders, read each one, check them together.

A content folder with no ``site.yaml`` of its own but subfolders that have one holds one
office per subfolder; an optional ``portal.yaml`` beside them names the portal and gives
its public address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import ContentError
from site_builder.loader import DEFAULT_BASE_URL, read_content
from site_builder.model import Site
from site_builder.schedule_manifest import MANIFEST_PATH, check_against_previous
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog

PORTAL_FILE = "portal.yaml"
DEFAULT_PORTAL_TITLE = "根治欠薪集中联合接访"
# Folder names become addresses (…/<folder>/index.html): lower case, so two folders can
# never be one on a case-insensitive disk or server.
_FOLDER_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


@dataclass(frozen=True)
class Office:
    """One office's validated site and the folder it comes from (and is published under)."""

    folder: str
    content_dir: Path
    site: Site


@dataclass(frozen=True)
class Portal:
    """Every office of one build, in folder order, and the portal's own settings."""

    title: str
    base_url: str
    offices: tuple[Office, ...]


def is_multi_office(content_dir: Path) -> bool:
    """Whether ``content_dir`` holds one office per subfolder rather than being one office."""
    if (content_dir / "site.yaml").exists():
        return False
    return bool(office_folders(content_dir))


def office_folders(content_dir: Path) -> list[Path]:
    """The subfolders that hold a ``site.yaml``, sorted by name (hidden ones left out)."""
    if not content_dir.is_dir():
        return []
    return sorted(
        child
        for child in content_dir.iterdir()
        if child.is_dir() and not child.name.startswith(".") and (child / "site.yaml").is_file()
    )


def read_checked(content_dir: Path, previous: Path) -> tuple[Site | None, list[ContentError]]:
    """One office's site (None on errors), its errors and warnings, and unrecorded changes.

    ``previous`` is the ``schedule.json`` of the last build, if there was one.
    """
    site, problems = read_content(content_dir)
    if site is None:
        return None, problems
    manifest = previous.read_bytes() if previous.is_file() else None
    found = check_against_previous(site, manifest, content_dir / "schedule.yaml")
    errors = [problem for problem in found if not problem.warning]
    return (None if errors else site), problems + found


def read_offices(content_dir: Path, out_dir: Path) -> tuple[Portal | None, list[ContentError]]:
    """Read every office and the portal settings; collect every office's problems at once."""
    log = ErrorLog()
    title, base_url = _read_portal_settings(content_dir / PORTAL_FILE, log)
    problems: list[ContentError] = []
    offices: list[Office] = []
    folders = office_folders(content_dir)
    for other in sorted(set(content_dir.iterdir()) - set(folders)):
        if other.is_dir() and not other.name.startswith("."):
            log.add(other, 1, "no site.yaml: not an office, left out of the build", warning=True)
    for folder in folders:
        if not _FOLDER_NAME.fullmatch(folder.name):
            log.add(
                folder / "site.yaml",
                1,
                f"office folder {folder.name!r}: its name becomes the office's address "
                f"(…/{folder.name}/): use lower-case letters a-z, digits, - and _ only",
            )
        site, found = read_checked(folder, out_dir / folder.name / MANIFEST_PATH)
        problems += found
        if site is not None:
            offices.append(Office(folder.name, folder, site))
    _check_distinct_uids(offices, log)
    problems += log.items
    if any(not problem.warning for problem in problems):
        return None, problems
    return Portal(title, base_url, tuple(offices)), problems


def _read_portal_settings(path: Path, log: ErrorLog) -> tuple[str, str]:
    """The portal's title and address from the optional ``portal.yaml``."""
    if not path.exists():
        return DEFAULT_PORTAL_TITLE, DEFAULT_BASE_URL
    fields = Fields.of_file(path, log)
    if fields is None:
        return DEFAULT_PORTAL_TITLE, DEFAULT_BASE_URL
    title = fields.text("title", max_length=200) or DEFAULT_PORTAL_TITLE
    base_url = fields.text("base_url") or DEFAULT_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        log.add(path, fields.line_for("base_url"), "base_url: must start with https:// or http://")
    fields.finish()
    return title, base_url.rstrip("/") + "/"


def _check_distinct_uids(offices: list[Office], log: ErrorLog) -> None:
    """Refuse two offices whose calendar events would share UIDs (same ``id`` or ``office``)."""
    first_with: dict[str, Office] = {}
    for office in offices:
        key = office.site.uid_key
        earlier = first_with.setdefault(key, office)
        if earlier is office:
            continue
        path = office.content_dir / "site.yaml"
        field = "id" if office.site.id else "office"
        log.add(
            path,
            _key_line(path, field),
            f"{field}: {key!r} is also the calendar id of the office in {earlier.folder}/, so "
            "their calendar events would share UIDs: give each office its own id in site.yaml",
        )


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level ``key:`` in a YAML file (1 if it cannot be found)."""
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), 1)
