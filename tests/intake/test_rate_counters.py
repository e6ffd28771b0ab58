"""The per-worker rate-limit counters: fixed windows, swept inline, no timer threads."""

from __future__ import annotations

import threading

from flask import Flask
from intake_support import VALID

from intake_api.rate_counters import SWEEP_EVERY, WorkerCounters


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_counts_within_a_window_and_starts_a_new_one_after_it() -> None:
    clock = Clock()
    counters = WorkerCounters(clock=clock)
    assert [counters.incr("a", 60) for _ in range(3)] == [1, 2, 3]
    assert counters.get("a") == 3
    assert counters.get_expiry("a") == clock.now + 60
    clock.now += 59.5
    assert counters.incr("a", 60) == 4  # the window keeps its end
    clock.now += 0.5
    assert counters.get("a") == 0
    assert counters.incr("a", 60) == 1
    assert counters.get_expiry("a") == clock.now + 60


def test_addresses_are_counted_apart_and_can_be_cleared() -> None:
    counters = WorkerCounters(clock=Clock())
    counters.incr("a", 60, amount=2)
    counters.incr("b", 60)
    assert (counters.get("a"), counters.get("b"), counters.get("c")) == (2, 1, 0)
    counters.clear("a")
    assert counters.get("a") == 0
    assert counters.reset() == 1
    assert counters.get("b") == 0


def test_ended_windows_are_swept_so_one_off_addresses_do_not_pile_up() -> None:
    clock = Clock()
    counters = WorkerCounters(clock=clock)
    for n in range(1000):
        counters.incr(f"address-{n}", 10)
    counters.incr("regular", 3600)
    clock.now += SWEEP_EVERY
    counters.incr("regular", 3600)
    assert counters._counters.keys() == {"regular"}
    assert counters.get("regular") == 2


def test_the_app_counts_posts_without_starting_threads(make_app, monkeypatch) -> None:
    app: Flask = make_app(RATE_LIMIT="1000 per minute")
    [limiter] = app.extensions["limiter"]
    assert isinstance(limiter.storage, WorkerCounters)
    client = app.test_client()
    started: list[threading.Thread] = []
    start = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        started.append(thread)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", counted)
    for _ in range(20):
        assert client.post("/api/complaints", json=VALID).status_code == 201
    assert started == []
