"""Rendering on every core: the same bytes as rendering in one process.

The pool forks only a process without other threads (a copied lock could hang a worker),
and the test process has threads left by other tests, so the pooled builds run in a fresh
interpreter of their own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from site_builder import render_pool

# Counts the pools started (each with the number of items it is given), then runs the case.
PRELUDE = """
import json, sys
from site_builder import render_pool
started = []
real = render_pool._in_pool
def counted(task, items, processes):
    started.append(len(items))
    return real(task, items, processes)
render_pool._in_pool = counted
render_pool.workers = lambda: 2
"""


def _in_fresh_process(case: str, *args: str) -> object:
    """What ``case`` (after PRELUDE) prints as JSON, run by a new interpreter."""
    script = PRELUDE + textwrap.dedent(case)
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_pages_and_feeds_rendered_by_workers_are_the_same_bytes(seed_dir: Path, tmp_path: Path):
    started = _in_fresh_process(
        """
        from pathlib import Path
        from site_builder.build import build_site
        content, out = map(Path, sys.argv[1:])
        render_pool.MIN_BATCH = 10**9
        build_site(content, out / "alone", today="2021-06-08", reuse=False)
        assert started == []
        render_pool.MIN_BATCH = 1
        render_pool._CHUNK = 5  # several messages, out of step
        build_site(content, out / "pooled", today="2021-06-08", reuse=False)
        print(json.dumps(started))
        """,
        str(seed_dir),
        str(tmp_path),
    )
    assert started == [12, 12]  # the session pages, then their calendar files
    assert _tree(tmp_path / "pooled") == _tree(tmp_path / "alone")


def test_a_small_batch_is_rendered_in_this_process(monkeypatch: pytest.MonkeyPatch):
    def no_pool(*_args: object) -> None:
        raise AssertionError("a pool was started for 3 items")

    monkeypatch.setattr(render_pool, "_in_pool", no_pool)
    assert list(render_pool.render_all(str, [1, 2, 3])) == ["1", "2", "3"]


def test_workers_render_in_order():
    rendered, started = _in_fresh_process(
        """
        render_pool.MIN_BATCH = 1
        offset = 1000  # a closure the forked workers inherit: nothing is pickled but items
        rendered = list(render_pool.render_all(lambda n: n + offset, range(300)))
        print(json.dumps([rendered, started]))
        """
    )
    assert rendered == [n + 1000 for n in range(300)]
    assert started == [300]
