"""The ``site-builder`` command: a thin layer that parses options and prints results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from click.decorators import FC

from site_builder.build import build_site, check_content
from site_builder.clock import ClockError
from site_builder.errors import ContentError, InvalidContent
from site_builder.writer import OutputError

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder with site.yaml, units.yaml, venues.yaml, schedule.yaml and notices/; "
    "or, for many offices in one build, one such folder per office (docs/content.md).",
)


def _out_option(default: str, help_text: str) -> Callable[[FC], FC]:
    """The ``--out`` option, with a default and help of its own per command."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help=help_text,
    )


OUT_OPTION = _out_option("output", "Folder to write the site into (replaced as a whole).")


def _public_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise click.BadParameter(f"expected an address starting with https://, found {value!r}")
    return value


def _print_problems(problems: list[ContentError]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _content_dir(content_dir: Path) -> Path:
    if not content_dir.is_dir():
        raise click.ClickException(f"{content_dir}: no such folder (give --content DIR)")
    return content_dir


@click.group()
@click.version_option(package_name="joint-reception")
def main() -> None:
    """Build the public site and calendar feed of a joint-reception notice.

    \b
    Example:
      site-builder build --content content --out output
    """


@main.command()
@CONTENT_OPTION
@OUT_OPTION
@click.option(
    "--base-url",
    callback=_public_url,
    help="Public address of the site, e.g. https://rsj.example.gov.cn/jf/",
)
@click.option("--today", metavar="YYYY-MM-DD", help="Build as if today were this day.")
def build(content_dir: Path, out_dir: Path, base_url: str | None, today: str | None) -> None:
    """Validate the content and build the whole site.

    On invalid content every error is printed as file:line: message, the command exits
    with status 1 and the previous output is left as it was. A --content folder with one
    office per subfolder builds every office's site under its folder, beside a portal.

    \b
    Example:
      site-builder build --base-url https://rsj.example.gov.cn/jiefang/
    """
    try:
        result = build_site(_content_dir(content_dir), out_dir, base_url=base_url, today=today)
    except InvalidContent as invalid:
        _print_problems(invalid.errors)
        raise click.ClickException(
            f"{len(invalid.errors)} error(s) in the content; {out_dir} was not changed"
        ) from None
    except (ClockError, OutputError, OSError) as error:
        raise click.ClickException(f"{error}; {out_dir} was not changed") from None
    _print_problems(result.warnings)
    click.echo(f"built {result.files} files into {result.out_dir}")


@main.command()
@CONTENT_OPTION
@OUT_OPTION
def check(content_dir: Path, out_dir: Path) -> None:
    """Validate the content without building anything.

    Checks everything a build checks, including that every change to a published session
    is recorded (against the last build in --out).

    \b
    Example:
      site-builder check --content content
    """
    try:
        warnings = check_content(_content_dir(content_dir), out_dir)
    except InvalidContent as invalid:
        _print_problems(invalid.errors)
        raise click.ClickException(f"{len(invalid.errors)} error(s) in the content") from None
    except (ClockError, OutputError, OSError) as error:
        raise click.ClickException(str(error)) from None
    _print_problems(warnings)
    click.echo(f"{content_dir}: content is valid")


@main.command()
@CONTENT_OPTION
@_out_option(
    ".preview", "Folder for the preview build (kept apart from output/, which is published)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(content_dir: Path, out_dir: Path, host: str, port: int) -> None:
    """Preview the site locally, rebuilding whenever content/ or templates/ change.

    Validation errors are printed and the last good build keeps being served.

    \b
    Example:
      site-builder serve --port 8000
    """
    from site_builder.preview import run_preview

    run_preview(_content_dir(content_dir), out_dir, host, port)


@main.command(name="import")
@click.argument("notice", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder to write the draft into: must be empty (or hold this same draft).",
)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    help="Year of dates written without one (default: from the notice itself).",
)
def import_(notice: Path, into: Path, year: int | None) -> None:
    """Draft content/ from the office's notice (.docx, text .pdf, .txt or .md).

    Values the importer is not sure of are marked "# 请核对" in the draft and listed at
    the end, each with the notice line it came from. Review them, then run check.

    \b
    Example:
      site-builder import 通知.docx --into content
    """
    from site_builder.importer.reading import NoticeError
    from site_builder.importer.run import import_notice

    try:
        result = import_notice(notice, into, year)
    except NoticeError as error:
        raise click.ClickException(str(error)) from None
    found = result.found
    done = "already holds this draft, nothing changed" if result.unchanged else "draft written"
    click.echo(
        f"{into}: {done}: {len(found.sessions)} sessions, {len(found.units)} units, "
        f"{len(found.venues)} venues, {len(found.contacts)} contacts"
    )
    if result.marked:
        click.echo(f"{len(result.marked)} place(s) to review (marked # 请核对):")
    for mark in result.marked:
        source = mark.doubt.source
        click.echo(
            f"  {into / mark.file}:{mark.line}: {mark.doubt.message}\n"
            f"      notice line {source.number}: {source.original}"
        )
    click.echo(f"next: review the draft, then run  site-builder check --content {into}")


if __name__ == "__main__":
    main()
