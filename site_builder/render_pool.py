"""Render many pages on every core: forked workers that inherit the loaded site.

Only worth it for a big batch (starting the workers costs tens of milliseconds), so small
builds and incremental rebuilds that render a handful of pages stay in one process. The
workers run the very same rendering code on the same data, so the bytes are the same.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_BATCH = 400  # fewer pages than this render faster than the workers start
_CHUNK = 50  # pages per message: few enough round trips, small enough to share out evenly

_task: Callable[[Any], Any] = repr  # the task of the pool being run, set before forking


def workers() -> int:
    """How many processes may render at once: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking a process with other threads running (the preview's server) could copy a
    # lock another thread holds; the preview renders its few pages in one process. A
    # worker never starts workers of its own.
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and multiprocessing.parent_process() is None
    )


def render_all(task: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """``task(item)`` for every item, in order: in worker processes if the batch is big."""
    processes = min(workers(), 8)
    if len(items) < MIN_BATCH or processes < 2 or not _can_fork():
        return (task(item) for item in items)
    return _in_pool(task, items, processes)


def _in_pool(task: Callable[[T], R], items: Sequence[T], processes: int) -> Iterator[R]:
    global _task
    _task = task  # the forked workers inherit it
    context = multiprocessing.get_context("fork")
    chunks = [items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK)]
    try:
        with context.Pool(processes) as pool:
            for results in pool.imap(_run_chunk, chunks):
                yield from results
    finally:
        _task = repr


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    return [_task(item) for item in chunk]
