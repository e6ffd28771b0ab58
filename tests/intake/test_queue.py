"""The queue file: private mode, torn lines quarantined, 503 when nothing can be written."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from intake_support import REPO, VALID, queued

from intake_api.queue.journal import Journal


def test_queue_and_its_folder_are_private(client: FlaskClient, queue_path: Path) -> None:
    assert client.post("/api/complaints", json=VALID).status_code == 201
    assert stat.S_IMODE(queue_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(queue_path.parent.stat().st_mode) == 0o700


def test_a_readable_queue_is_made_private(make_app, queue_path: Path) -> None:
    queue_path.parent.mkdir()
    queue_path.touch(mode=0o644)
    os.chmod(queue_path, 0o644)
    assert make_app().test_client().post("/api/complaints", json=VALID).status_code == 201
    assert stat.S_IMODE(queue_path.stat().st_mode) == 0o600


def test_torn_last_line_is_quarantined_at_start(make_app, queue_path: Path) -> None:
    queue_path.parent.mkdir()
    good = json.dumps({"schema": 1, "receipt": "A"}) + "\n"
    queue_path.write_text(good + '{"schema": 1, "rece', "utf-8")
    client = make_app().test_client()
    assert queue_path.read_text("utf-8") == good
    [aside] = queue_path.parent.glob("complaints.jsonl.torn-*")
    assert aside.read_text("utf-8") == '{"schema": 1, "rece'
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert client.post("/api/complaints", json=VALID).status_code == 201
    assert queued(queue_path)[0]["receipt"] == "A"


def test_torn_line_appearing_while_running_is_never_merged(
    client: FlaskClient, queue_path: Path
) -> None:
    assert client.post("/api/complaints", json=VALID).status_code == 201
    with queue_path.open("ab") as handle:  # as if another worker died mid-write
        handle.write(b'{"schema": 1, "receipt": "TORN')
    assert client.post("/api/complaints", json=VALID).status_code == 201
    assert len(queued(queue_path)) == 2  # every line parses: nothing was merged
    assert len(list(queue_path.parent.glob("complaints.jsonl.torn-*"))) == 1


def test_unwritable_queue_answers_503_with_the_phone(make_app, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    client = make_app(QUEUE_PATH=str(blocker / "complaints.jsonl")).test_client()
    assert client.get("/healthz").status_code == 503
    answer = client.post("/api/complaints", json=VALID)
    assert answer.status_code == 503
    assert answer.json == {
        "errors": {
            "queue": [
                "系统暂时无法保存投诉，您的投诉没有提交成功。请稍后再试，或直接拨打 "
                "0871-67539921 反映。"
            ]
        }
    }
    page = client.post(
        "/complaints",
        data={**{k: str(v) for k, v in VALID.items()}, "consent": "y", "channel": "online"},
    )
    assert page.status_code == 503
    assert "0871-67539921" in page.text and 'value="王小明"' in page.text


def test_queue_that_is_a_folder_is_unavailable(make_app, tmp_path: Path) -> None:
    client = make_app(QUEUE_PATH=str(tmp_path)).test_client()
    assert client.get("/healthz").json == {"status": "unavailable"}
    assert client.post("/api/complaints", json=VALID).status_code == 503


def test_healthz_ok(client: FlaskClient) -> None:
    answer = client.get("/healthz")
    assert (answer.status_code, answer.json) == (200, {"status": "ok"})


DISK_FULL = """
import json, resource, signal, sys
from pathlib import Path
from intake_api.queue import file_io
from intake_api.queue import journal as journal_module
from intake_api.queue.journal import Journal, JournalUnavailable
if sys.argv[2] == "windows":  # the file calls used on Windows (lseek + read/write)
    journal_module.FILE_IO = file_io.WINDOWS
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
path = Path(sys.argv[1])
journal = Journal(path)
journal.append({"n": 0})
resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + 40, resource.RLIM_INFINITY))
try:
    journal.append({"n": 1, "padding": "x" * 200})
except JournalUnavailable as error:
    print("unavailable:", error)
journal.append({"n": 2})
"""


@pytest.mark.parametrize("file_calls", ["native", "windows"])
def test_a_full_disk_acknowledges_nothing_and_leaves_no_partial_line(
    tmp_path: Path, file_calls: str
) -> None:
    path = tmp_path / "q.jsonl"
    run = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(path), file_calls],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert run.stdout.startswith("unavailable:")
    assert [json.loads(line)["n"] for line in path.read_text().splitlines()] == [0, 2]


def test_group_commit_never_trusts_a_mark_from_another_file(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    first = Journal(path)
    for n in range(3):
        first.append({"n": n})
    first.close()
    path.rename(tmp_path / "old.jsonl")  # the office moved the file away
    second = Journal(path)
    second.append({"n": 9})
    second.close()
    assert path.read_text() == '{"n":9}\n'


FORKED_LOCK = """
import os, select, sys
from pathlib import Path
from intake_api.queue.private_files import ProcessLock
lock = ProcessLock(Path(sys.argv[1]))
with lock:  # the lock file is now open in the parent, and will be inherited
    pass
go_read, go = os.pipe()
done_read, done = os.pipe()
child = os.fork()
if child == 0:
    os.read(go_read, 1)
    with lock:  # must wait for the parent: the inherited lock file is not the child's
        os.write(done, b"x")
    os._exit(0)
with lock:
    os.write(go, b"x")
    early = select.select([done_read], [], [], 0.3)[0]
    print("child got the lock while the parent held it" if early else "child waited")
print("child got it after" if select.select([done_read], [], [], 5)[0] else "child never got it")
os.waitpid(child, 0)
"""


def test_a_forked_child_takes_the_lock_on_its_own(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", FORKED_LOCK, str(tmp_path / "q.jsonl.lock")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    assert run.stdout.splitlines() == ["child waited", "child got it after"]


def test_a_mark_in_an_older_format_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.with_name("q.jsonl.sync").write_text('{"key": "x", "synced": 99999, "failed": 0}')
    journal = Journal(path)
    journal.append({"n": 1})  # fsyncs itself instead of believing the mark
    journal.close()
    assert path.read_text() == '{"n":1}\n'
