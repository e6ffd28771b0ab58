"""Every command has help that ends with an example, and the README names it."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner
from site_paths import REPO

from site_builder.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_site_builder_command_has_help_with_an_example() -> None:
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, name
        assert result.output.rstrip().splitlines()[-1].strip().startswith("--"), name
        assert f"site-builder {name}" in README, name
        assert f"site-builder {name}" in (command.help or ""), name


def test_readme_starts_with_the_two_setup_commands() -> None:
    commands = [line for line in README.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert README.index(commands[0]) < README.index("## Commands")
    assert commands[1].endswith(".venv/bin/python -m pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_the_complete_example_in_the_content_docs_builds(tmp_path, site_builder) -> None:
    docs = (REPO / "docs" / "content.md").read_text(encoding="utf-8")
    example = docs[docs.index("## A complete small example") :]
    files = re.findall(r"`([\w/.]+)`:\n\n```(?:yaml|markdown)\n(.*?)```", example, re.DOTALL)
    assert [name for name, _ in files] == [
        "site.yaml",
        "units.yaml",
        "venues.yaml",
        "schedule.yaml",
        "notices/notice.md",
    ]
    content = tmp_path / "content"
    (content / "notices").mkdir(parents=True)
    for name, text in files:
        (content / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = site_builder("build", "--content", content, "--out", out, "--today", "2024-03-10")
    assert result.exit_code == 0, result.output
    assert len(list((out / "sessions").glob("*.html"))) == 4
