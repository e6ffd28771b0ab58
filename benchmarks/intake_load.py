"""Closed-loop HTTP load and CPU accounting for ``intake.py`` (Linux: CPU from /proc)."""

from __future__ import annotations

import multiprocessing
import os
import resource
import selectors
import socket
import statistics
import time
from dataclasses import astuple, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Phase:
    """One endpoint's figures for one phase of load."""

    rate: float  # requests per second
    p50: float  # milliseconds
    p99: float
    server_cpu: float  # app server CPU (user + system) per request, milliseconds
    server_system: float  # the kernel's share of it
    database_cpu: float  # the PostgreSQL server's CPU per request (0 without one)
    client_cpu: float  # the load generator's CPU per request, milliseconds

    @staticmethod
    def median(phases: list[Phase]) -> Phase:
        """Each figure's median over the rounds."""
        columns = zip(*map(astuple, phases), strict=True)
        return Phase(*(statistics.median(values) for values in columns))


def http_request(path: str, port: int, body: bytes) -> bytes:
    """A JSON POST of ``body`` to ``path``, HTTP/1.0 (gunicorn's sync workers close anyway)."""
    head = (
        f"POST {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _client(
    port: int, payload: bytes, seconds: float, connections: int, out: multiprocessing.Queue
) -> None:
    """One load process: ``connections`` connections, one request at a time each, for ``seconds``.

    A single-threaded event loop (no GIL contention between client threads), a new
    connection per request as gunicorn's workers close them; only 201 answers count.
    """
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


def _processes() -> list[list[str]]:
    """The fields after the name of every process's /proc/PID/stat (PID prepended)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            found.append([stat.parent.name, *stat.read_text().rsplit(")", 1)[1].split()])
        except OSError:
            continue  # ended meanwhile
    return found


def group_cpu_seconds(group: int) -> tuple[float, float]:
    """(user + system, system) CPU seconds of every process in the group ``group``."""
    user = system = 0
    for fields in _processes():
        if int(fields[3]) == group:  # pgrp
            user += int(fields[12])  # utime, in clock ticks
            system += int(fields[13])  # stime
    ticks = os.sysconf("SC_CLK_TCK")
    return (user + system) / ticks, system / ticks


def tree_cpu_seconds(root: int | None) -> float:
    """CPU seconds of process ``root`` and its children, the ended ones included (0: None).

    PostgreSQL puts each backend in a process group of its own, so it is counted by parent.
    """
    if root is None:
        return 0.0
    total = 0
    for fields in _processes():
        if int(fields[0]) == root:
            total += sum(map(int, fields[12:16]))  # utime, stime, and its ended children's
        elif int(fields[2]) == root:  # ppid
            total += int(fields[12]) + int(fields[13])
    return total / os.sysconf("SC_CLK_TCK")


def phase(
    port: int,
    payload: bytes,
    seconds: float,
    connections: int,
    group: int,
    database: int | None = None,
) -> Phase:
    """Closed-loop load of ``payload`` for ``seconds``; the figures, or exit on any failure.

    ``group`` is the app server's process group; ``database`` the PostgreSQL server's pid.
    """
    cpu_before, system_before = group_cpu_seconds(group)
    database_before = tree_cpu_seconds(database)
    out: multiprocessing.Queue = multiprocessing.Queue()
    args = (port, payload, seconds, connections, out)
    client = multiprocessing.Process(target=_client, args=args)
    client.start()
    latencies, failures, client_cpu = out.get(timeout=seconds + 60)
    client.join()
    if failures or not latencies:
        path = payload.split(b" ", 2)[1].decode()
        raise SystemExit(f"{path}: {failures} requests failed, {len(latencies)} succeeded")
    cpu_after, system_after = group_cpu_seconds(group)
    database_after = tree_cpu_seconds(database)
    count = len(latencies)
    cuts = statistics.quantiles(latencies, n=100)
    return Phase(
        rate=count / seconds,
        p50=cuts[49] * 1000,
        p99=cuts[98] * 1000,
        server_cpu=(cpu_after - cpu_before) * 1000 / count,
        server_system=(system_after - system_before) * 1000 / count,
        database_cpu=(database_after - database_before) * 1000 / count,
        client_cpu=client_cpu * 1000 / count,
    )
