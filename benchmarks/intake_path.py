"""CPU and time per request of each public request path, in one process, on both queues.

The load benchmark (``intake.py``) measures what a client sees, which on a shared machine
moves with everything else running on it. This one takes the HTTP server and the network
out: it calls the app (the same one, with the no-op endpoint) directly through WSGI, one
request at a time, and reports the process CPU (user + system, fsync's share included) and
the elapsed time per request, the best of three runs, for

- ``noop``: the no-op endpoint (the same front door: headers, per-address limit);
- ``api``: ``POST /api/complaints`` (parse, validate, global cap, append, log);
- ``api+key``: the same with a new ``Idempotency-Key`` each time (the submission tokens);
- ``form``: ``POST /complaints`` with its CSRF token and one-time token (the page that
  carries them is fetched first, untimed).

Every append is durable as in production (fsync, or a commit on a PostgreSQL cluster
started with ``fsync=on``, whose own CPU is not counted). The app logs its line per
complaint to a file.

    python benchmarks/intake_path.py [--requests 1000] [--backends file,postgresql]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask
from intake import COMPLAINT, backend_queues, bench_app, bench_settings
from werkzeug.test import Client, EnvironBuilder

FORM = {
    **{name: str(value) for name, value in COMPLAINT.items() if not isinstance(value, bool)},
    "rural_low_income": "y",
    "consent": "y",
}
_HIDDEN = re.compile(r'name="(csrf_token|submission)" type="hidden" value="([^"]+)"')


@contextlib.contextmanager
def app_on(queue: str, folder: Path) -> Iterator[Flask]:
    """The benchmark's app on ``queue``, configured as a production worker would be."""
    settings = {
        **bench_settings(queue, folder),
        "INTAKE_SECURE_COOKIES": "false",  # the form's session cookie over plain WSGI
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        app = bench_app()
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    log = (folder / "app.log").open("a", encoding="utf-8")
    app.logger.handlers[:] = [logging.StreamHandler(log)]
    try:
        yield app
    finally:
        app.extensions["intake"].queue.close()
        log.close()


def json_post(app: Flask, path: str, key: bool) -> Callable[[], None]:
    """One POST of the complaint as JSON to ``path``, through WSGI, that must answer 201."""
    body = json.dumps(COMPLAINT, ensure_ascii=False).encode()
    base = EnvironBuilder(
        path=path,
        method="POST",
        data=body,
        content_type="application/json",
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    ).get_environ()

    def post() -> None:
        environ = {**base, "wsgi.input": io.BytesIO(body)}
        if key:
            environ["HTTP_IDEMPOTENCY_KEY"] = secrets.token_hex(16)
        status = []
        b"".join(app.wsgi_app(environ, lambda line, headers, *_: status.append(line)))
        if not status[0].startswith("201"):
            raise SystemExit(f"{path}: {status[0]}")

    return post


def form_post(app: Flask) -> Callable[[], Callable[[], None]]:
    """Fetch the form (untimed) and return the timed POST of it with its tokens."""
    client = Client(app.wsgi_app)

    def prepare() -> Callable[[], None]:
        page = client.get("/complaints/new").get_data(as_text=True)
        data = urlencode({**FORM, **dict(_HIDDEN.findall(page))})

        def post() -> None:
            answer = client.post(
                "/complaints", data=data, content_type="application/x-www-form-urlencoded"
            )
            if answer.status_code != 303:
                raise SystemExit(f"/complaints: {answer.status}")

        return post

    return prepare


def measure(prepare: Callable[[], Callable[[], None]], requests: int) -> tuple[float, float]:
    """(CPU, elapsed) milliseconds per request: the best of three runs of ``requests``."""
    best_cpu = best_wall = float("inf")
    for _ in range(3):
        cpu = wall = 0.0
        for _ in range(requests):
            post = prepare()
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            post()
            cpu += time.process_time() - cpu_start
            wall += time.perf_counter() - wall_start
        best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
    return best_cpu * 1000 / requests, best_wall * 1000 / requests


def paths(app: Flask) -> dict[str, Callable[[], Callable[[], None]]]:
    """Each path's preparation: what to do before one timed request (mostly nothing)."""
    once = {
        "noop": json_post(app, "/bench/noop", key=False),
        "api": json_post(app, "/api/complaints", key=False),
        "api+key": json_post(app, "/api/complaints", key=True),
    }
    return {
        **{name: (lambda post=post: post) for name, post in once.items()},
        "form": form_post(app),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="per path and run")
    parser.add_argument("--backends", default="file,postgresql", help="queues to measure")
    args = parser.parse_args()
    wanted = args.backends.split(",")
    figures: dict[str, dict[str, tuple[float, float]]] = {}
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        queues = backend_queues(stack, folder, wanted)
        for name, queue in queues.items():
            (folder / name).mkdir(exist_ok=True)
            with app_on(queue, folder / name) as app:
                prepared = paths(app)
                for post in prepared.values():  # warm up every path
                    measure(post, max(1, args.requests // 10))
                figures[name] = {
                    path: measure(post, args.requests) for path, post in prepared.items()
                }
    print(
        f"in one process, {args.requests} requests x 3 runs per path (best run), durable appends, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'ms per request':16}" + "".join(f"{name + ' CPU':>18}{'time':>8}" for name in figures))
    for path in next(iter(figures.values())):
        cells = (f"{figures[name][path][0]:18.3f}{figures[name][path][1]:8.3f}" for name in figures)
        print(f"{path:16}" + "".join(cells))


if __name__ == "__main__":
    main()
