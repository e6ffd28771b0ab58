"""Read the Markdown notices in ``content/notices/``, each with a YAML header."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml

from site_builder.model import Notice
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog, compose

_HEADER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.DOTALL | re.MULTILINE)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def read_notices(folder: Path, log: ErrorLog) -> tuple[Notice, ...]:
    """Every ``*.md`` file in ``folder``, in file-name order."""
    if not folder.is_dir():
        return ()
    notices = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".md":
            log.add(path, 1, "not published: notices must be Markdown files ending in .md")
            continue
        notice = _read_notice(path, log)
        if notice is not None:
            notices.append(notice)
    return tuple(notices)


def _read_notice(path: Path, log: ErrorLog) -> Notice | None:
    if not _SLUG.fullmatch(path.stem):
        log.add(path, 1, "file name: use letters, digits, - and _ only (it becomes the page's URL)")
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may start the file with a BOM
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        log.add(path, line, "is not valid UTF-8 text (save the file as UTF-8)")
        return None
    match = _HEADER.match(text)
    if match is None:
        log.add(path, *_header_problem(text))
        return None
    try:
        # Pad with blank lines so that node marks give line numbers in the whole file.
        node = compose("\n" + match.group(1))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        log.add(path, mark.line + 1 if mark else 1, f"YAML syntax error: {exc.problem}")
        return None
    if node is None:
        log.add(path, 1, "the header is empty: give at least `title:`")
        return None
    header = Fields(node, path, "", log)
    if not header.ok:
        return None
    title = header.text("title", required=True, max_length=200)
    notice = Notice(
        slug=path.stem,
        title=title or "",
        body=text[match.end() :],
        published=header.date("date"),
        issuers=read_issuers(header),
        kind=header.choice("kind", ("notice", "adjustment")) or "notice",  # type: ignore[arg-type]
        document_number=header.text("document_number", max_length=100),
        document_type=header.text("document_type", max_length=20),
        addressees=read_addressees(header),
    )
    header.finish()
    return notice if title else None


def read_issuers(fields: Fields) -> tuple[str, ...]:
    """``issuers`` (one or a list: a joint notice of two bureaus), or the older ``issuer``."""
    if fields.has("issuer") and fields.has("issuers"):
        fields.error(fields.node("issuer"), "issuer: give either issuer or issuers, not both")
    if fields.has("issuer"):
        issuer = fields.text("issuer", max_length=200)
        return (issuer,) if issuer else ()
    issuers = fields.texts("issuers")
    for index, issuer in enumerate(issuers):
        if not issuer or "\n" in issuer or len(issuer) > 200:
            message = f"issuers[{index}]: expected one line of at most 200 characters"
            fields.error(fields.node("issuers"), message)
            return ()
    return issuers


def read_addressees(fields: Fields) -> str | None:
    """``addressees`` without the closing colon, which the page adds as a document does."""
    addressees = fields.text("addressees", max_length=500)
    if addressees is None:
        return None
    return addressees.rstrip(":：") or None


def with_site_facts(notices: tuple[Notice, ...], site_facts: Notice) -> tuple[Notice, ...]:
    """The notice itself (the first of kind ``notice``) with what site.yaml says about it.

    Its own header wins; site.yaml fills in the issuers, date, number, type and addressees
    it leaves out.
    """
    found = []
    pending = True
    for notice in notices:
        if pending and notice.kind == "notice":
            pending = False
            notice = replace(
                notice,
                published=notice.published or site_facts.published,
                issuers=notice.issuers or site_facts.issuers,
                document_number=notice.document_number or site_facts.document_number,
                document_type=notice.document_type or site_facts.document_type,
                addressees=notice.addressees or site_facts.addressees,
            )
        found.append(notice)
    return tuple(found)


def _header_problem(text: str) -> tuple[int, str]:
    """Where the header is wrong and what to do, for a file without a valid header."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return 1, "the first line must be `---`, starting the header (`title:` and so on)"
    return 1, "the header has no closing `---` line: add one after its last field"
