"""A golden build: the second office's site, byte for byte.

Any change to what the site builder writes shows up here as a diff to review. The golden
copy is one text file (each built file under a ``==> path <==`` line) so that a review sees
every change in one place. After an intended change, regenerate it and commit it too:

    GOLDEN_UPDATE=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from site_paths import REPO, Build

GOLDEN = REPO / "tests" / "golden_example_office.txt"
ARGS = ("--today", "2023-12-05", "--base-url", "https://rsj.qingshan.example.gov.cn/jiefang/")


def _as_text(folder: Path) -> bytes:
    """Every file of a built site, in path order, each after a ``==> path <==`` line."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return b"".join(
        f"==> {path.relative_to(folder).as_posix()} <==\n".encode() + _readable(path) + b"\n"
        for path in files
    )


def _readable(path: Path) -> bytes:
    """The file, or for a picture its SHA-256: still byte for byte, and the golden stays text."""
    content = path.read_bytes()
    if path.suffix == ".png":
        return f"sha256 {hashlib.sha256(content).hexdigest()}".encode()
    return content


def test_example_office_builds_byte_for_byte(
    example_dir: Path, tmp_path: Path, site_builder: Build
):
    out = tmp_path / "out"
    result = site_builder("build", "--content", example_dir, "--out", out, *ARGS)
    assert result.exit_code == 0, result.output
    built = _as_text(out)
    if os.environ.get("GOLDEN_UPDATE"):
        GOLDEN.write_bytes(built)
    assert built == GOLDEN.read_bytes(), "the build differs from tests/golden_example_office.txt"
