"""Complaint intake: the form, the JSON API and the durable queue, plus the office commands."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from jinja2 import StrictUndefined

from intake_api import errors, security, site_files
from intake_api.config import REPO_ROOT, load_config
from intake_api.office import wiring as office
from intake_api.public import api, views
from intake_api.public.content import load_content
from intake_api.public.submission import Intake
from intake_api.queue import cap_counts_path, open_queue
from intake_api.queue.complaint_queue import ComplaintQueue, QueueUnavailable
from intake_api.queue.intake_cap import IntakeCap
from intake_api.queue.private_files import make_folder_private


def create_app(test_config: Mapping[str, object] | None = None) -> Flask:
    """Build the app from defaults, the instance folder, the environment and ``test_config``.

    ``test_config["INSTANCE_PATH"]`` or ``INTAKE_INSTANCE_PATH`` (absolute) replaces the
    instance folder, so that tests (and their servers) never touch the repository's.
    """
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "INTAKE_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=None if instance_path is None else str(instance_path),
        instance_relative_config=True,
        template_folder=str(REPO_ROOT / "templates"),
        static_folder=None,
    )
    if test_config is not None and test_config.get("TESTING"):
        app.testing = True
    make_folder_private(Path(app.instance_path))  # the secret key, the queue, the database
    load_config(app, test_config)
    if app.logger.level == logging.NOTSET:
        # Python passes on only warnings by default, so under gunicorn the line logged per
        # receipt (never what was typed: see submission.py) would never be seen.
        app.logger.setLevel(logging.INFO)
    app.jinja_env.undefined = StrictUndefined

    site = load_content(Path(app.config["CONTENT_DIR"]))
    timezone = ZoneInfo(site.timezone if site else app.config["TIMEZONE"])
    queue = open_queue(str(app.config["QUEUE_PATH"]), app.config["QUEUE_MAX_BYTES"])
    try:
        # Only an existing queue file: the first complaint creates it, and an office command
        # run with a mistyped INTAKE_QUEUE must report "no queue", not an empty new one.
        if not isinstance(queue, ComplaintQueue) or queue.path.exists():
            queue.recover()
    except QueueUnavailable as error:
        app.logger.error("queue not writable at start: %s", error)  # /healthz reports it too
    clock = app.config.get("CLOCK") or partial(datetime.now, timezone)
    per_minute, per_hour = app.config["GLOBAL_PER_MINUTE"], app.config["GLOBAL_PER_HOUR"]
    cap = IntakeCap(cap_counts_path(queue, Path(app.instance_path)), per_minute, per_hour)
    app.extensions["intake"] = Intake(queue=queue, cap=cap, site=site, clock=clock)

    @app.context_processor
    def page_context() -> dict[str, object]:
        return {"site": site, "root": app.config["SITE_ROOT"]}

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    if app.config["SERVE_SITE"]:
        app.register_blueprint(site_files.bp)
    security.init_app(app, submissions=[views.bp, api.bp])
    errors.init_app(app)
    office.init_app(app, site, timezone, clock)
    return app
