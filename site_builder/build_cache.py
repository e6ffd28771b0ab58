"""The cache of incremental builds: which output files each part of the last build made.

A part (a session's page, its calendar file, a notice, an office's schedule-wide files, the
portal) has a key, a hash of everything it is rendered from: the code and templates, the
site's settings, its own record and whatever else it shows. When the last build into the
same output folder made a part with the same key, its files are taken over from that
output (hard-linked into the new folder) instead of being rendered again.

Nothing in the cache is trusted blindly: a cache file that cannot be read, was made for
another output folder or by other code is ignored, and a file is taken over only if it is
still the very file the last build wrote (same inode, size and modification time; an
edited or replaced file is rendered again).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path

CACHE_FOLDER = ".site-builder-cache"  # beside the output folder: <parent>/.site-builder-cache/
FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose output ends up in the files: a new version may change a byte.
_LIBRARIES = ("jinja2", "markupsafe", "markdown", "icalendar", "segno", "pillow", "pyyaml")

Signature = tuple[int, int, int]  # inode, size, modification time in nanoseconds
Content = bytes | Path  # rendered bytes, or a file of the last build to take over


def cache_file(out_dir: Path) -> Path:
    """Where the cache of builds into ``out_dir`` is kept: beside it, never inside it."""
    out = out_dir.resolve()
    return out.parent / CACHE_FOLDER / f"{out.name}.json"


def signature(path: Path) -> Signature | None:
    """A regular file's inode, size and modification time; None for anything else."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def _outside(path: str) -> bool:
    return path.startswith("/") or "\\" in path or ".." in path.split("/")


def _scratch_name(folder: Path) -> Path:
    return folder / f".scratch-{os.getpid()}-{secrets.token_hex(8)}"


def key_of(*parts: object) -> str:
    """A key made of ``parts`` (strings, bytes, or anything with a stable ``repr``)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def code_version(templates_dir: Path) -> str:
    """A hash of this package's sources, the templates and the libraries' versions."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\n".encode())
    for root in (PACKAGE_DIR, templates_dir.resolve()):
        files = sorted(path for path in root.rglob("*") if path.is_file())
        for path in files:
            if path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.blake2b(path.read_bytes()).digest())
    return digest.hexdigest()


class BuildCache:
    """What the last build into one output folder made, and what this build makes."""

    def __init__(self, out_dir: Path, version: str, *, reuse: bool = True) -> None:
        self.out_dir = out_dir.resolve()
        self.version = version
        self.path = cache_file(out_dir)
        self.compiled_dir: Path | None = self.path.parent / "compiled-templates"
        self._previous = self._read() if reuse else {}
        self._parts: dict[str, list[str]] = {}
        self.reused = 0

    def _read(self) -> dict[str, list[tuple[str, Signature]]]:
        """The last build's parts, or nothing if the cache is missing, damaged or foreign."""
        try:
            document = json.loads(self.path.read_bytes())
            if (
                document["format"] != FORMAT
                or document["version"] != self.version
                or document["out"] != str(self.out_dir)
            ):
                return {}
            parts = {
                str(key): [
                    (str(path), (int(ino), int(size), int(mtime)))
                    for path, ino, size, mtime in files
                ]
                for key, files in document["parts"].items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}
        # Only files inside the output folder are ever taken over.
        return {
            key: files
            for key, files in parts.items()
            if not any(_outside(path) for path, _ in files)
        }

    def reusable(self, key: str) -> list[tuple[str, Path]] | None:
        """The last build's files of part ``key``, if every one of them is still as written."""
        files = self._previous.get(key)
        if not files:
            return None
        found = [(path, self.out_dir / path) for path, _ in files]
        if any(
            signature(source) != sig for (_, source), (_, sig) in zip(found, files, strict=True)
        ):
            return None
        return found

    def take_over(self, key: str, files: list[tuple[str, Path]]) -> Iterator[tuple[str, Content]]:
        """Pass on the last build's files of part ``key`` (found by :meth:`reusable`)."""
        self._parts.setdefault(key, []).extend(path for path, _ in files)
        self.reused += len(files)
        yield from files

    def made(self, key: str, files: Iterable[tuple[str, Content]]) -> Iterator[tuple[str, Content]]:
        """Pass on the files of part ``key`` as they are rendered, noting their paths."""
        paths = self._parts.setdefault(key, [])
        for path, content in files:
            paths.append(path)
            yield path, content

    def files(
        self, key: str, render: Callable[[], Iterable[tuple[str, Content]]]
    ) -> Iterator[tuple[str, Content]]:
        """Part ``key``'s files: the last build's if still valid, else ``render()``'s."""
        reusable = self.reusable(key)
        if reusable is not None:
            return self.take_over(key, reusable)
        return self.made(key, render())

    def scratch_path(self) -> Path:
        """A new file name for a big file made before it is linked into the output.

        In the cache's folder (beside the output, so usually on its file system): the file
        is linked into the new output, not copied. Whoever makes the file deletes it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return _scratch_name(self.path.parent)

    def save(self, written: dict[str, Signature]) -> None:
        """Record this build's parts with the files as written (best effort: never fails)."""
        parts = {
            key: [[path, *written[path]] for path in paths]
            for key, paths in self._parts.items()
            if all(path in written for path in paths)
        }
        document = {
            "format": FORMAT,
            "version": self.version,
            "out": str(self.out_dir),
            "parts": parts,
        }
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # Without a cache the next build renders everything again: slower, never wrong; and
        # an old cache left in place matches only the files this build took over unchanged.
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".new-", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as target:
                target.write(data)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


class NoCache(BuildCache):
    """Renders every part and remembers nothing (``check``, and builds asked not to cache)."""

    def __init__(self) -> None:
        self.version = ""
        self.compiled_dir = None
        self._previous = {}
        self._parts = {}
        self.reused = 0

    def scratch_path(self) -> Path:
        """A new file name in the system's temporary folder."""
        return _scratch_name(Path(tempfile.gettempdir()))

    def save(self, written: dict[str, Signature]) -> None:
        """Nothing to save."""
