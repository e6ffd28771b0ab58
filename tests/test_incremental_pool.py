"""Rendering on every core: the same bytes as rendering in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder import render_pool
from site_builder.build import build_site


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def pool_starts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pools started (each with the number of items it is given)."""
    started: list[int] = []
    real = render_pool._in_pool

    def counted(task, items, processes):
        started.append(len(items))
        return real(task, items, processes)

    monkeypatch.setattr(render_pool, "_in_pool", counted)
    return started


def test_pages_and_feeds_rendered_by_workers_are_the_same_bytes(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_starts: list[int]
):
    monkeypatch.setattr(render_pool, "MIN_BATCH", 10**9)
    alone = build_site(seed_dir, tmp_path / "alone", today="2021-06-08", reuse=False)
    monkeypatch.setattr(render_pool, "MIN_BATCH", 1)
    monkeypatch.setattr(render_pool, "_CHUNK", 5)  # several messages, out of step
    monkeypatch.setattr(render_pool, "workers", lambda: 2)
    assert pool_starts == []
    pooled = build_site(seed_dir, tmp_path / "pooled", today="2021-06-08", reuse=False)
    assert pool_starts == [12, 12]  # the session pages, then their calendar files
    assert pooled.files == alone.files
    assert _tree(tmp_path / "pooled") == _tree(tmp_path / "alone")


def test_a_small_batch_is_rendered_in_this_process(monkeypatch: pytest.MonkeyPatch):
    def no_pool(*_args: object) -> None:
        raise AssertionError("a pool was started for 3 items")

    monkeypatch.setattr(render_pool, "_in_pool", no_pool)
    assert list(render_pool.render_all(str, [1, 2, 3])) == ["1", "2", "3"]


def test_workers_render_in_order(monkeypatch: pytest.MonkeyPatch, pool_starts: list[int]):
    monkeypatch.setattr(render_pool, "MIN_BATCH", 1)
    monkeypatch.setattr(render_pool, "workers", lambda: 2)
    offset = 1000  # a closure the forked workers inherit: nothing is pickled but items
    assert list(render_pool.render_all(lambda n: n + offset, range(300))) == [
        n + offset for n in range(300)
    ]
    assert pool_starts == [300]
