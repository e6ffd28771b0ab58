"""The journal with the file calls it uses on Windows (lseek + read/write, disk_usage), run here.

Windows itself cannot run here, so the fixture swaps in ``file_io.WINDOWS`` and removes the
POSIX-only calls from ``os`` for the test: anything that still reached for them would fail.
The files, locks and fsyncs are real.
"""

from __future__ import annotations

import os
import shutil
import struct
import threading
import time
from pathlib import Path

import pytest

from intake_api.queue import file_io, journal
from intake_api.queue.journal import Journal, JournalFull, JournalUnavailable, read_journal
from intake_api.queue.private_files import ProcessLock

THREADS = 8


@pytest.fixture(autouse=True)
def windows_file_io(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "FILE_IO", file_io.WINDOWS)
    for name in ("pread", "pwrite", "fstatvfs", "fchmod"):
        monkeypatch.delattr(os, name)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "queue" / "q.jsonl"


def records(path: Path) -> list[dict[str, object] | None]:
    return [line.record for line in read_journal(path)]


def test_appends_are_whole_lines(path: Path) -> None:
    queue = Journal(path)
    for n in range(5):
        queue.append({"n": n, "text": "欠薪𠀀😀"})
    queue.close()
    line = '{{"n":{},"text":"欠薪𠀀😀"}}\n'
    assert path.read_bytes() == "".join(line.format(n) for n in range(5)).encode()


def test_one_fsync_serves_every_waiting_writer_and_none_returns_before_it(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = Journal(path)
    queue.append({"n": "first"})  # creates the files, so later fsyncs are the journal's own
    fsyncs: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: fsyncs.append(fd) or real_fsync(fd))
    returned: list[int] = []

    def write(n: int) -> None:
        queue.append({"n": n})
        returned.append(n)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    # Another holder of the sync lock (its own open file, as another process would have).
    other = ProcessLock(path.with_name("q.jsonl.sync"))
    with other:
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 5
        while len(path.read_bytes().splitlines()) < THREADS + 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(path.read_bytes().splitlines()) == THREADS + 1  # every line is written...
        assert returned == [] and fsyncs == []  # ...and none acknowledged before an fsync
    other.close()
    for writer in writers:
        writer.join(timeout=5)
    queue.close()
    assert sorted(returned) == list(range(THREADS))
    assert len(fsyncs) == 1  # group commit: the first writer's fsync covered them all
    assert len(records(path)) == THREADS + 1
    # The mark (rewritten in place by lseek + write) says the whole file is synced.
    mark = path.with_name("q.jsonl.sync").read_bytes()
    assert len(mark) == journal._MARK_SIZE
    assert mark.endswith(struct.pack("<QQ", path.stat().st_size, 0))


def test_torn_tail_is_quarantined_and_never_merged(path: Path) -> None:
    queue = Journal(path)
    queue.append({"n": 1})
    torn = b'{"n": 2, "padding": "' + b"x" * 10_000  # longer than one backward read
    with path.open("ab") as handle:  # as if a writer died mid-write
        handle.write(torn)
    queue.append({"n": 3})
    queue.close()
    assert records(path) == [{"n": 1}, {"n": 3}]
    [aside] = path.parent.glob("q.jsonl.torn-*")
    assert aside.read_bytes() == torn


def test_torn_tail_is_quarantined_at_recovery(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(b'{"n":1}\n{"n":')
    queue = Journal(path)
    queue.recover()
    queue.close()
    assert path.read_bytes() == b'{"n":1}\n'
    assert [aside.read_bytes() for aside in path.parent.glob("q.jsonl.torn-*")] == [b'{"n":']


def test_free_space_is_checked(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queue = Journal(path)
    queue.check_writable()  # a test machine has more than a megabyte free
    queue.append({"n": 1})
    monkeypatch.setattr(journal, "MIN_FREE_BYTES", shutil.disk_usage(path.parent).free * 2)
    with pytest.raises(JournalUnavailable, match=r"^less than \d+ bytes free for q\.jsonl$"):
        queue.check_writable()
    with pytest.raises(JournalFull, match=r"^less than \d+ bytes free for q\.jsonl$"):
        queue.append({"n": 2})  # checked before every append, with the Windows calls too
    assert records(path) == [{"n": 1}]
    queue.close()
