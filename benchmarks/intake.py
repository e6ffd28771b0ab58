"""Intake throughput and latency with fsync on, against a no-op endpoint on the same server.

Starts gunicorn with 4 worker processes on 127.0.0.1 (sync workers, as in the deploy command
of docs/intake.md; ``--threads N`` tries gthread workers), warms both paths up, then
alternates equal-length phases of closed-loop load against ``POST /api/complaints``
(validate, append, group-commit fsync) and ``POST /bench/noop`` (same app, same middleware,
same body; answers without doing anything). Prints the median over the rounds of requests
per second, p50/p99 latency and server CPU per request, the load generator's own CPU (it
shares the machine with the server), and the ratios.

    python benchmarks/intake.py [--seconds 5] [--rounds 3] [--connections 8] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import secrets
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import astuple, dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, jsonify, request

REPO = Path(__file__).resolve().parent.parent
COMPLAINT = {
    "name": "王小明",
    "phone": "13812345678",
    "employer": "宜良某建筑劳务有限公司",
    "work_location": "宜良县匡远街道某小区二期工地",
    "workers_affected": 12,
    "amount_owed": "86000.00",
    "owed_since": "2021-01",
    "description": "2020年10月到2021年1月在工地做钢筋工，包工头说年底结清，至今未付。" * 3,
    "reported_elsewhere": False,
    "rural_low_income": True,
    "consent": True,
}


def bench_app() -> Flask:
    """The real intake app plus a no-op endpoint behind the same front door.

    The no-op passes the same middleware, headers and per-address rate limit as the intake
    (in its own blueprint), reads the body and answers 201 without parsing or storing it.
    """
    from intake_api import create_app

    bench = Blueprint("bench", __name__)

    @bench.post("/bench/noop")
    def noop() -> tuple[Response, int]:
        request.get_data()
        return jsonify(receipt="0" * 12, received_at="2021-04-12T09:00:00+08:00"), 201

    app = create_app()
    app.register_blueprint(bench)
    [limiter] = app.extensions["limiter"]
    limiter.shared_limit(app.config["RATE_LIMIT"], scope="bench", methods=["POST"])(bench)
    return app


def _request(path: str, port: int) -> bytes:
    body = json.dumps(COMPLAINT, ensure_ascii=False).encode()
    head = (
        f"POST {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


@dataclass(frozen=True)
class Phase:
    """One endpoint's figures for one phase of load."""

    rate: float  # requests per second
    p50: float  # milliseconds
    p99: float
    server_cpu: float  # server CPU (user + system) per request, milliseconds
    server_system: float  # the kernel's share of it
    client_cpu: float  # the load generator's CPU per request, milliseconds

    @staticmethod
    def median(phases: list[Phase]) -> Phase:
        """Each figure's median over the rounds."""
        columns = zip(*map(astuple, phases), strict=True)
        return Phase(*(statistics.median(values) for values in columns))


def _client(
    port: int, path: str, seconds: float, connections: int, out: multiprocessing.Queue
) -> None:
    """One load process: ``connections`` connections, one request at a time each, for ``seconds``.

    A single-threaded event loop (no GIL contention between client threads), a new
    connection per request as gunicorn's workers close them; only 201 answers count.
    """
    payload = _request(path, port)
    latencies: list[float] = []
    failures = 0
    selector = selectors.DefaultSelector()
    stop = time.monotonic() + seconds
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)

    def start() -> None:
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(payload)  # a few hundred bytes: fits the socket buffer at once
        conn.setblocking(False)
        selector.register(conn, selectors.EVENT_READ, (time.perf_counter(), bytearray()))

    for _ in range(connections):
        start()
    while selector.get_map():
        for key, _ in selector.select(timeout=30):
            conn = key.fileobj
            started, answer = key.data
            chunk = conn.recv(65536)  # type: ignore[union-attr]
            if chunk:
                answer += chunk
                continue
            finished = time.perf_counter()
            selector.unregister(conn)
            conn.close()  # type: ignore[union-attr]
            if answer.startswith((b"HTTP/1.1 201", b"HTTP/1.0 201")):
                latencies.append(finished - started)
            else:
                failures += 1
            if time.monotonic() < stop:
                start()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    out.put((latencies, failures, cpu))


def server_cpu_seconds(group: int) -> tuple[float, float]:
    """(user + system, system) CPU seconds of every process in the server's group (Linux)."""
    user = system = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            user += int(fields[11])  # utime, in clock ticks
            system += int(fields[12])  # stime
    ticks = os.sysconf("SC_CLK_TCK")
    return (user + system) / ticks, system / ticks


def phase(port: int, path: str, seconds: float, connections: int, group: int) -> Phase:
    """Closed-loop load on ``path`` for ``seconds``; the figures, or exit on any failure."""
    cpu_before, system_before = server_cpu_seconds(group)
    out: multiprocessing.Queue = multiprocessing.Queue()
    client = multiprocessing.Process(target=_client, args=(port, path, seconds, connections, out))
    client.start()
    latencies, failures, client_cpu = out.get(timeout=seconds + 60)
    client.join()
    if failures or not latencies:
        raise SystemExit(f"{path}: {failures} requests failed, {len(latencies)} succeeded")
    cpu_after, system_after = server_cpu_seconds(group)
    count = len(latencies)
    cuts = statistics.quantiles(latencies, n=100)
    return Phase(
        rate=count / seconds,
        p50=cuts[49] * 1000,
        p99=cuts[98] * 1000,
        server_cpu=(cpu_after - cpu_before) * 1000 / count,
        server_system=(system_after - system_before) * 1000 / count,
        client_cpu=client_cpu * 1000 / count,
    )


def start_server(queue: Path, port: int, threads: int) -> subprocess.Popen:
    """gunicorn with 4 workers of ``threads`` threads on 127.0.0.1, answering /healthz."""
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_hex(32),
        "INTAKE_QUEUE": str(queue),
        "INTAKE_RATE_LIMIT": "10000000 per minute",
        "INTAKE_GLOBAL_PER_MINUTE": "10000000",
        "INTAKE_GLOBAL_PER_HOUR": "10000000",
        "INTAKE_SERVE_SITE": "false",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "4",
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--pythonpath",
            str(REPO / "benchmarks"),
            "--log-level",
            "warning",
            "intake:bench_app()",
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
        # The app logs one line per complaint, as in production: to a file, not the terminal.
        stderr=queue.with_name("server.log").open("ab"),
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _line(name: str, figures: Phase) -> str:
    return (
        f"{name:>7}: {figures.rate:7.1f} req/s  p50 {figures.p50:6.2f} ms  "
        f"p99 {figures.p99:6.2f} ms  server CPU {figures.server_cpu:4.2f} ms/req "
        f"({figures.server_system:4.2f} system)  client CPU {figures.client_cpu:4.2f} ms/req"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=3, help="phases per endpoint")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--verbose", action="store_true", help="print every round")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        queue = Path(folder) / "complaints.jsonl"
        server = start_server(queue, port, args.threads)
        try:
            for path in ("/bench/noop", "/api/complaints"):  # every worker, both paths
                phase(port, path, args.warmup, args.connections, server.pid)
            results: dict[str, list[Phase]] = {"noop": [], "intake": []}
            for number in range(args.rounds):
                for name, path in (("noop", "/bench/noop"), ("intake", "/api/complaints")):
                    figures = phase(port, path, args.seconds, args.connections, server.pid)
                    results[name].append(figures)
                    if args.verbose:
                        print(f"round {number + 1} {_line(name, figures)}")
            lines = sum(1 for _ in queue.open("rb"))
        finally:
            server.terminate()
            server.wait(timeout=30)
    noop, intake = Phase.median(results["noop"]), Phase.median(results["intake"])
    print(
        f"gunicorn -w 4 --threads {args.threads}, {args.connections} connections, "
        f"{args.rounds}x{args.seconds:g} s per endpoint (medians), fsync on, "
        f"{lines} complaints written, {os.cpu_count()} CPUs shared with the load generator"
    )
    print(_line("noop", noop))
    print(_line("intake", intake))
    print(f"throughput ratio intake/noop: {intake.rate / noop.rate:.2f} (aim >= 0.85)")
    print(f"p99 ratio intake/noop: {intake.p99 / noop.p99:.2f} (aim <= 1.2)")


if __name__ == "__main__":
    main()
