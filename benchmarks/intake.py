"""Intake throughput and latency with fsync on, against a no-op endpoint on the same server.

Starts gunicorn with 4 worker processes on 127.0.0.1, then alternates equal-length phases of
closed-loop load against ``POST /api/complaints`` (validate, append, group-commit fsync) and
``POST /bench/noop`` (same app, same middleware, same body; answers without doing anything).
Prints complaints per second, p50/p99 latency, server CPU per request and the ratios.

    python benchmarks/intake.py [--seconds 5] [--rounds 2] [--connections 8] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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


def _client(port: int, path: str, seconds: float, threads: int, out: multiprocessing.Queue) -> None:
    """One load process: ``threads`` connections, one request at a time each, for ``seconds``."""
    payload = _request(path, port)
    latencies: list[float] = []
    failures = [0]
    stop = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            with socket.create_connection(("127.0.0.1", port)) as conn:
                conn.sendall(payload)
                answer = b""
                while chunk := conn.recv(65536):
                    answer += chunk
            if answer.startswith(b"HTTP/1.1 201") or answer.startswith(b"HTTP/1.0 201"):
                latencies.append(time.perf_counter() - started)
            else:
                failures[0] += 1

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put((latencies, failures[0]))


def server_cpu_seconds(group: int) -> float:
    """User + system CPU time of every process in the server's process group (Linux)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def phase(
    port: int, path: str, seconds: float, connections: int, group: int
) -> tuple[float, float, float, float]:
    """Requests per second, p50 and p99 in milliseconds, server CPU ms per request."""
    cpu_before = server_cpu_seconds(group)
    processes = 2
    out: multiprocessing.Queue = multiprocessing.Queue()
    clients = [
        multiprocessing.Process(
            target=_client, args=(port, path, seconds, connections // processes, out)
        )
        for _ in range(processes)
    ]
    for client in clients:
        client.start()
    latencies: list[float] = []
    failures = 0
    for _ in clients:
        done, failed = out.get(timeout=seconds + 60)
        latencies += done
        failures += failed
    for client in clients:
        client.join()
    if failures:
        raise SystemExit(f"{path}: {failures} requests failed")
    cpu = (server_cpu_seconds(group) - cpu_before) * 1000 / len(latencies)
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / seconds, cuts[49] * 1000, cuts[98] * 1000, cpu


def start_server(queue: Path, port: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_hex(32),
        "INTAKE_QUEUE": str(queue),
        "INTAKE_RATE_LIMIT": "10000000 per minute",
        "INTAKE_SERVE_SITE": "false",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "4",
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
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        queue = Path(folder) / "complaints.jsonl"
        server = start_server(queue, port, args.threads)
        try:
            phase(port, "/bench/noop", 1.0, args.connections, server.pid)  # warm up both paths
            phase(port, "/api/complaints", 1.0, args.connections, server.pid)
            results: dict[str, list[tuple[float, float, float, float]]] = {"noop": [], "intake": []}
            for _ in range(args.rounds):
                results["noop"].append(
                    phase(port, "/bench/noop", args.seconds, args.connections, server.pid)
                )
                results["intake"].append(
                    phase(port, "/api/complaints", args.seconds, args.connections, server.pid)
                )
            lines = sum(1 for _ in queue.open("rb"))
        finally:
            server.terminate()
            server.wait(timeout=30)
    summary = {
        name: tuple(statistics.median(r[i] for r in runs) for i in range(4))
        for name, runs in results.items()
    }
    print(
        f"gunicorn -w 4 --threads {args.threads}, {args.connections} connections, "
        f"{args.rounds}x{args.seconds:g} s per endpoint, fsync on, {lines} complaints written"
    )
    for name, (rate, p50, p99, cpu) in summary.items():
        print(
            f"{name:>7}: {rate:8.1f} req/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   "
            f"server CPU {cpu:5.2f} ms/request"
        )
    noop, intake = summary["noop"], summary["intake"]
    print(f"throughput ratio intake/noop: {intake[0] / noop[0]:.2f} (aim >= 0.85)")
    print(f"p99 ratio intake/noop: {intake[2] / noop[2]:.2f} (aim <= 1.2)")


if __name__ == "__main__":
    main()
