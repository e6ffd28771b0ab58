"""The ``site-builder`` command: a thin layer that parses options and prints results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from click.decorators import FC

from site_builder.build import build_site, built_message, check_content
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
@click.option(
    "--full",
    is_flag=True,
    help="Render every file again instead of keeping those whose inputs did not change.",
)
def build(
    content_dir: Path, out_dir: Path, base_url: str | None, today: str | None, full: bool
) -> None:
    """Validate the content and build the whole site.

    On invalid content every error is printed as file:line: message, the command exits
    with status 1 and the previous output is left as it was. A --content folder with one
    office per subfolder builds every office's site under its folder, beside a portal.

    Files whose content, templates and code are unchanged since the last build into the
    same --out are kept from it (the cache is in .site-builder-cache/ beside --out);
    the output is the same as a --full build's, byte for byte.

    \b
    Example:
      site-builder build --base-url https://rsj.example.gov.cn/jiefang/
    """
    try:
        result = build_site(
            _content_dir(content_dir), out_dir, base_url=base_url, today=today, reuse=not full
        )
    except InvalidContent as invalid:
        _print_problems(invalid.errors)
        raise click.ClickException(
            f"{len(invalid.errors)} error(s) in the content; {out_dir} was not changed"
        ) from None
    except (ClockError, OutputError, OSError) as error:
        raise click.ClickException(f"{error}; {out_dir} was not changed") from None
    _print_problems(result.warnings)
    click.echo(built_message(result))


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
    help="Folder to write the draft into: must be empty (or hold this same draft); for an "
    "adjustment notice (调整通知), the content folder whose sessions it changes.",
)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    help="Year of dates written without one (default: from the notice itself).",
)
@click.option("--dry-run", is_flag=True, help="Show the changes as a diff and write nothing.")
def import_(notice: Path, into: Path, year: int | None, dry_run: bool) -> None:
    """Draft content/ from the office's notice (.docx, text .pdf, .txt or .md).

    Values the importer is not sure of are marked "# 请核对" in the draft and listed at
    the end, each with the notice line it came from. Review them, then run check.

    An adjustment notice (调整通知) imported --into existing content changes the sessions it
    names and records each change (moved, cancelled with its alternative, new lead or
    units); the diff is shown before writing, and --dry-run shows only the diff.

    \b
    Example:
      site-builder import 通知.docx --into content
      site-builder import 调整通知.docx --into content --dry-run
    """
    from site_builder.importer.reading import NoticeError
    from site_builder.importer.run import plan_import

    try:
        result = plan_import(notice, into, year)
        # The diff is shown before anything is written; a new draft's only on a dry run.
        if result.diff and (dry_run or result.adjusted is not None):
            click.echo(result.diff, nl=False)
        if not dry_run:
            result.write()
    except NoticeError as error:
        raise click.ClickException(str(error)) from None
    found = result.found
    if result.adjusted is not None:
        done = "would change" if dry_run else "changed"
        click.echo(
            f"{into}: adjustment notice: {done} {result.adjusted} session(s), "
            "each with a recorded change" + ("; dry run, nothing written" if dry_run else "")
        )
    else:
        done = "already holds this draft, nothing changed" if result.unchanged else "draft written"
        done = "dry run, nothing written" if dry_run and not result.unchanged else done
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
            f"      notice line {source.number}: {source.original.strip()}"
        )
    if dry_run and not result.unchanged:
        click.echo("next: run the same command without --dry-run to write this")
    elif result.adjusted is not None:
        click.echo(f"next: review the changes, then run  site-builder check --content {into}")
    else:
        click.echo(f"next: review the draft, then run  site-builder check --content {into}")


@main.command()
@_out_option("schemas", "Folder to write the schemas into (one <file>.schema.json per file).")
def schema(out_dir: Path) -> None:
    """Write the JSON Schema of each content file, for editors (VS Code's YAML extension).

    The schemas are made from the definitions the loader checks its reads against, so they
    follow every change of the content format; office.yaml, the office's casework rules, gets
    one too. The repository keeps a copy in schemas/.

    \b
    Example:
      site-builder schema --out schemas
    """
    from site_builder.content_schema import write_schemas

    try:
        written = write_schemas(out_dir)
    except OSError as error:
        raise click.ClickException(f"{out_dir}: cannot write the schemas: {error}") from None
    click.echo(f"wrote {len(written)} schemas into {out_dir}: {', '.join(p.name for p in written)}")


if __name__ == "__main__":
    main()
