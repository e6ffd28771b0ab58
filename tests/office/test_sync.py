"""The queue is imported into the casework database once, and a changed queue is refused."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from intake_api.office.extension import Office
from intake_api.office.models import Case, QueueProblem, QueueState
from intake_api.office.queue_import import QueueChanged, QueueMissing, SyncResult


def office_of(app: Flask) -> Office:
    return app.extensions["office"]


def sync(app: Flask, **options: bool) -> SyncResult:
    office = office_of(app)
    with office.session() as session:
        return office.sync(session, **options)


def receipts_in_database(app: Flask) -> set[str]:
    with office_of(app).session() as session:
        return set(session.execute(select(Case.receipt)).scalars())


def refusal(app: Flask) -> str:
    with office_of(app).session() as session:
        return session.execute(select(QueueState.refused)).scalar_one()


def test_new_lines_are_imported_once_by_receipt(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    first = [file_complaint(), file_complaint(employer="乙公司")]
    assert sync(app).imported == 2
    assert sync(app) == SyncResult(0, 0, (), 2, str(office_of(app).queue_path))
    third = file_complaint(workers_affected=3)
    result = sync(app, verify_all=True)
    assert (result.imported, result.lines) == (1, 3)
    assert receipts_in_database(app) == {*first, third}


def test_the_original_is_kept_exactly_as_queued(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    receipt = file_complaint(amount_owed="12,000")
    sync(app)
    queued = json.loads(queue_path.read_text("utf-8").splitlines()[0])
    with office_of(app).session() as session:
        case = session.get(Case, receipt)
        assert json.loads(case.original) == queued["fields"]
        assert str(case.amount_owed) == "12000.00"
        assert case.received_at == queued["received_at"]


def test_a_damaged_line_is_reported_and_kept_in_the_database(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    file_complaint()
    with queue_path.open("a", encoding="utf-8") as queue:
        queue.write('{"receipt": "X", "fields": {}}\n')
        queue.write("not json\n")
    file_complaint(employer="乙公司")
    result = sync(app)
    assert result.imported == 2
    assert result.problems == ("line 2: receipt is not a receipt number", "line 3: not JSON")
    with office_of(app).session() as session:
        assert session.execute(select(func.count()).select_from(QueueProblem)).scalar() == 2


def test_a_torn_last_line_waits_for_its_newline(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    file_complaint()
    whole = queue_path.read_bytes()
    with queue_path.open("ab") as queue:
        queue.write(whole[:40])  # a write in progress
    assert sync(app).imported == 1
    with queue_path.open("ab") as queue:
        queue.write(b"\n")
    assert sync(app).problems == ("line 2: not JSON",)


def test_a_missing_queue_is_not_created(app: Flask, queue_path: Path) -> None:
    with pytest.raises(QueueMissing, match="no queue file at"):
        sync(app)
    assert not queue_path.exists()


def test_an_editors_save_is_refused_and_nothing_is_lost(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    """An editor writes a copy and renames it over the queue, dropping a line by mistake."""
    kept, dropped = file_complaint(), file_complaint(employer="乙公司")
    sync(app)
    lines = queue_path.read_text("utf-8").splitlines(keepends=True)
    copy = queue_path.with_name("copy.jsonl")
    copy.write_text(lines[0], "utf-8")
    os.replace(copy, queue_path)
    with pytest.raises(QueueChanged, match="was replaced by another file"):
        sync(app)
    assert "was replaced by another file" in refusal(app)
    assert receipts_in_database(app) == {kept, dropped}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("shrink", "shrank from"),
        ("edit-in-place", "was changed before byte"),
    ],
)
def test_a_queue_changed_in_place_is_refused(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path, damage: str, message: str
) -> None:
    receipts = {file_complaint(), file_complaint(employer="乙公司")}
    sync(app)
    data = bytearray(queue_path.read_bytes())
    with queue_path.open("r+b") as queue:
        if damage == "shrink":
            queue.truncate(len(data) // 2)
        else:
            at = data.index("乙公司".encode())
            queue.seek(at)
            queue.write("丙公司".encode())
    with pytest.raises(QueueChanged, match=message):
        sync(app)
    assert receipts_in_database(app) == receipts


def test_a_change_far_back_is_found_by_the_full_check(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    """The page-load check reads only the last 4 KB; the command's check reads everything."""
    file_complaint(employer="甲公司")
    for _ in range(12):  # more than 4 KB after the first line
        file_complaint(employer="乙公司")
    sync(app)
    data = queue_path.read_bytes()
    with queue_path.open("r+b") as queue:
        queue.seek(data.index("甲公司".encode()))
        queue.write("丙公司".encode())
    assert sync(app).imported == 0  # the cheap check does not see it ...
    with pytest.raises(QueueChanged, match="was changed between bytes 0 and"):
        sync(app, verify_all=True)  # ... the full check does


def test_a_replacement_file_can_be_adopted_after_a_check(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    """Restoring the queue onto a new disk gives a new inode with the same lines."""
    receipts = {file_complaint(), file_complaint(employer="乙公司")}
    sync(app)
    moved = queue_path.with_name("restored.jsonl")
    shutil.copy(queue_path, moved)
    os.replace(moved, queue_path)
    with pytest.raises(QueueChanged):
        sync(app)
    result = sync(app, adopt=True)
    assert (result.imported, result.already_imported, result.problems) == (0, 2, ())
    assert refusal(app) == ""
    receipts.add(file_complaint(employer="丙公司"))
    assert sync(app, verify_all=True).imported == 1
    assert receipts_in_database(app) == receipts


def test_an_adopted_file_that_rewrote_a_complaint_keeps_the_imported_one(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    receipt = file_complaint(employer="甲公司")
    sync(app)
    text = queue_path.read_text("utf-8").replace("甲公司", "丁公司")
    replacement = queue_path.with_name("edited.jsonl")
    replacement.write_text(text, "utf-8")
    os.replace(replacement, queue_path)
    result = sync(app, adopt=True)
    assert result.problems == ("line 1: receipt already imported with other content",)
    with office_of(app).session() as session:
        assert session.get(Case, receipt).employer == "甲公司"


def test_possible_duplicates_are_flagged_within_the_window(
    app: Flask, file_complaint: Callable[..., str], clock
) -> None:
    first = file_complaint(employer="宜良某建筑公司")
    clock.set("2021-05-20")
    again = file_complaint(employer="宜良某建筑 公司")  # same phone, same employer
    other_employer = file_complaint(employer="另一家公司")
    clock.set("2021-09-20")  # past the 90-day window
    late = file_complaint(employer="宜良某建筑公司")
    sync(app)
    with office_of(app).session() as session:
        flagged = {c.receipt: c.possible_duplicate_of for c in session.scalars(select(Case))}
    assert flagged == {first: None, again: first, other_employer: None, late: None}


def test_a_check_that_finds_nothing_new_writes_nothing(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    """Every console page checks the queue: with nothing new it must not take the write lock."""
    file_complaint()
    sync(app)
    with office_of(app).session() as session:
        turn = session.execute(select(QueueState.turn)).scalar_one()
    assert sync(app).imported == 0
    with office_of(app).session() as session:
        assert session.execute(select(QueueState.turn)).scalar_one() == turn


def test_a_line_with_numbers_out_of_range_is_a_problem_not_a_stop(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    file_complaint()
    line = json.loads(queue_path.read_text("utf-8").splitlines()[0])
    line["fields"]["workers_affected"] = 10**20
    line["receipt"] = "7KQ2M9XD3HT8"
    with queue_path.open("a", encoding="utf-8") as queue:
        queue.write(json.dumps(line) + "\n")
    after = file_complaint(employer="乙公司")
    result = sync(app)
    assert result.problems == ("line 2: workers_affected is not a count from 1 to 100000",)
    assert after in receipts_in_database(app)
