"""Serve the built static site (``output/``) for local use; nginx does this in production."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, send_from_directory, url_for
from werkzeug.security import safe_join

log = logging.getLogger(__name__)

bp = Blueprint("site_files", __name__)

MIMETYPES = {".ics": "text/calendar"}  # Flask adds "; charset=utf-8" to text types
MAX_PATH = 1024  # characters: far longer than any path of the built site
MAX_NAME = 255  # bytes in one file name (NAME_MAX on Linux and on most file systems)


def _nameable(path: str) -> bool:
    """False for a path no file can have: a null byte, or a name or path the system refuses.

    Asking the file system about such a path raises (ValueError, ENAMETOOLONG) instead of
    saying "no such file", so they are answered 404 before it is asked.
    """
    if "\x00" in path or len(path) > MAX_PATH:
        return False
    return all(len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME for name in path.split("/"))


def _inside_site(root: Path, path: str) -> Path | None:
    """The file or folder ``path`` names, only if it really lies inside ``root``.

    ``safe_join`` refuses ``..`` and absolute paths but follows symbolic links, so a link in
    the site folder could publish the queue or the secret key; resolve and check instead.
    """
    joined = safe_join(str(root), path)
    if joined is None:
        return None
    target = Path(joined).resolve()
    return target if target.is_relative_to(root.resolve()) else None


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def site_file(path: str) -> Response:
    """A file of the site; ``index.html`` for a folder; 404 for anything else, never a 500."""
    root = Path(current_app.config["SITE_DIR"])
    if not _nameable(path):
        abort(404)
    try:
        return _serve(root, path)
    # Whatever else the file system refuses (a link loop, a file we may not read) is not a
    # file of the site either; the log says which, with %r: a path may hold escape codes.
    except (OSError, ValueError, RuntimeError) as error:  # 3.11 raises RuntimeError on loops
        log.warning("site file %r not served: %s", path, error)
        abort(404)


def _serve(root: Path, path: str) -> Response:
    target = _inside_site(root, path) if root.is_dir() else None
    if target is None:
        abort(404)
    if target.is_dir():
        if path and not path.endswith("/"):
            return redirect(url_for(".site_file", path=path + "/"), 301)
        path = (path + "index.html") if path else "index.html"
        target = _inside_site(root, path)
    elif path.endswith("/"):
        abort(404)  # "index.html/": a file is not a folder
    if target is None or not target.is_file():
        abort(404)
    suffix = Path(path).suffix.lower()
    mimetype = MIMETYPES.get(suffix) or mimetypes.guess_type(path)[0]
    return send_from_directory(root, path, mimetype=mimetype)
