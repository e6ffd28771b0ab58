"""Write a rendered site to disk all at once: into a folder beside the target, then swap.

Files are written into that folder as they are rendered, so the site is never held in
memory as a whole; files unchanged since the last build are linked in from it; the
target is replaced only once every file is there.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TypeVar

from site_builder.build_cache import Content, Signature

C = TypeVar("C")


class OutputError(Exception):
    """The rendered files cannot be written as asked (a collision or an unsafe path)."""


def checked(parts: Iterable[tuple[str, C]]) -> Iterator[tuple[str, C]]:
    """Pass rendered files on, refusing two files at one path (also when only case differs)."""
    folded: dict[str, str] = {}
    for path, content in parts:
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise OutputError(f"refusing to write outside the output folder: {path!r}")
        key = path.casefold()
        if key in folded:
            raise OutputError(
                f"two files would be written to {path!r} (and {folded[key]!r}): "
                "give the sessions or notices different ids"
            )
        folded[key] = path
        yield path, content


def check_output_folder(out_dir: Path, content_dir: Path, *markers: str) -> None:
    """Refuse an output folder whose replacement would destroy anything but an old build.

    The folder is replaced as a whole, so it must not be (or hold) the content, and if it
    exists and is not empty it must hold one of ``markers``, files every build writes (a
    single office's build one, a many-office build another).
    """
    out, content = out_dir.resolve(), content_dir.resolve()
    if out == content or out in content.parents:
        raise OutputError(f"--out {out_dir} would replace the content folder {content_dir}")
    if out.is_file():
        raise OutputError(f"--out {out_dir} is a file, not a folder")
    if (
        out.is_dir()
        and any(out.iterdir())
        and not any((out / marker).is_file() for marker in markers)
    ):
        raise OutputError(
            f"--out {out_dir} is not empty and was not made by site-builder "
            f"(no {' or '.join(markers)}): it would be deleted; give an empty or new folder"
        )


def write_site(files: Iterable[tuple[str, Content]], out_dir: Path) -> dict[str, Signature]:
    """Replace ``out_dir`` with exactly ``files`` (written as they come); return what was written.

    A file given as a path (one of the last build's, unchanged) is hard-linked into the new
    folder, or copied where links cannot be made. The result maps every path written to the
    file's signature, for the build cache. On any failure, also one raised while the files
    are still being rendered, the old folder stays as it was and nothing is left beside it.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    written: dict[str, Signature] = {}
    try:
        made = {PurePosixPath(".")}
        for relative, content in checked(files):
            folder = PurePosixPath(relative).parent
            if folder not in made:
                (staging / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            written[relative] = _put(staging / relative, content)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the site is public
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _put(target: Path, content: Content) -> Signature:
    """Write one file (or link the old one in); return its signature."""
    if isinstance(content, Path):
        try:
            os.link(content, target, follow_symlinks=False)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(content, target, follow_symlinks=False)
        found = os.lstat(target)
    else:
        with open(target, "wb") as handle:
            handle.write(content)
            handle.flush()
            found = os.fstat(handle.fileno())
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def _swap_in(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.replace(out_dir, retired / out_dir.name)
    try:
        os.replace(staging, out_dir)
    except OSError:
        os.replace(retired / out_dir.name, out_dir)  # put the previous site back
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)
