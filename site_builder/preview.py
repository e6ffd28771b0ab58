"""``site-builder serve``: build, serve ``output/`` on localhost, rebuild on every change."""

from __future__ import annotations

import functools
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
from watchfiles import watch

from site_builder.build import build_site, built_message
from site_builder.clock import ClockError
from site_builder.errors import InvalidContent
from site_builder.pages import TEMPLATES_DIR
from site_builder.writer import OutputError


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the built site with the content types a real server should send."""

    extensions_map = {  # noqa: RUF012 - the base class declares it this way
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json",
    }

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def rebuild(content_dir: Path, out_dir: Path, base_url: str) -> bool:
    """Build once and print the outcome; never raise for bad content."""
    try:
        result = build_site(content_dir, out_dir, base_url=base_url)
    except InvalidContent as invalid:
        for error in invalid.errors:
            click.echo(str(error), err=True)
        click.echo("build failed: still serving the last good build", err=True)
        return False
    except (ClockError, OutputError, OSError) as error:
        click.echo(f"build failed: {error}", err=True)
        return False
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    click.echo(built_message(result))
    return True


def run_preview(content_dir: Path, out_dir: Path, host: str, port: int) -> None:
    """Serve until interrupted, rebuilding whenever the content or the templates change."""
    base_url = f"http://{host}:{port}/"
    rebuild(content_dir, out_dir, base_url)
    out_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(PreviewHandler, directory=str(out_dir.resolve()))
    server = ThreadingHTTPServer((host, port), handler)
    stop = threading.Event()

    def watch_and_rebuild() -> None:
        for _changes in watch(content_dir, TEMPLATES_DIR, stop_event=stop):
            rebuild(content_dir, out_dir, base_url)

    watcher = threading.Thread(target=watch_and_rebuild, daemon=True)
    watcher.start()
    click.echo(f"serving {out_dir} at {base_url} (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        stop.set()
        server.server_close()
