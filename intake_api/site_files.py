"""Serve the built static site (``output/``) for local use; nginx does this in production."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, send_from_directory, url_for
from werkzeug.security import safe_join

bp = Blueprint("site_files", __name__)

MIMETYPES = {".ics": "text/calendar"}  # Flask adds "; charset=utf-8" to text types


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
    """A file of the site; ``index.html`` for a folder."""
    root = Path(current_app.config["SITE_DIR"])
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
