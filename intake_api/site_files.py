"""Serve the built static site (``output/``) for local use; nginx does this in production."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, send_from_directory, url_for
from werkzeug.security import safe_join

bp = Blueprint("site_files", __name__)

MIMETYPES = {".ics": "text/calendar"}  # Flask adds "; charset=utf-8" to text types


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def site_file(path: str) -> Response:
    """A file of the site; ``index.html`` for a folder."""
    root = Path(current_app.config["SITE_DIR"])
    target = safe_join(str(root), path)
    if target is None or not root.is_dir():
        abort(404)
    if Path(target).is_dir():
        if path and not path.endswith("/"):
            return redirect(url_for(".site_file", path=path + "/"), 301)
        path = (path + "index.html") if path else "index.html"
    suffix = Path(path).suffix.lower()
    mimetype = MIMETYPES.get(suffix) or mimetypes.guess_type(path)[0]
    return send_from_directory(root, path, mimetype=mimetype)
