"""Debian's Chromium, headless, driven by Playwright; and axe-core to check pages' accessibility."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

# Root needs --no-sandbox; the rest keep Chromium off the network, which is closed here anyway.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

NewPage = Callable[..., Page]


def find_chromium() -> str | None:
    """The system's Chromium (Debian's /usr/bin/chromium) or None: never Playwright's download."""
    return shutil.which("chromium")


@contextmanager
def chromium_pages(executable: str) -> Iterator[NewPage]:
    """Launch Chromium once; yield ``new_page(**context_options)``, each page in a fresh context."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield lambda **context_options: browser.new_context(**context_options).new_page()
        finally:
            browser.close()


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The WSGI ``app`` served on 127.0.0.1 by a thread of this process, for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Inject axe-core into the page as it is now and return what ``axe.run()`` finds violated."""
    return Axe().run(page).response["violations"]
