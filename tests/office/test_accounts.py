"""Staff accounts: ``office create-user`` and password checks (argon2id)."""

from __future__ import annotations

import re

import click
import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from console_support import PASSWORD, add_user
from flask import Flask
from flask.testing import FlaskCliRunner
from intake_support import REPO
from sqlalchemy import select

from intake_api.office.accounts import authenticate
from intake_api.office.models import User


def users(app: Flask) -> list[tuple[str, str, str | None, bool]]:
    with app.extensions["office"].session() as db:
        found = db.execute(select(User).order_by(User.id)).scalars()
        return [
            (u.name, u.role, u.unit_id, u.password_hash.startswith("$argon2id$")) for u in found
        ]


def test_create_user_reads_the_password_from_stdin_and_stores_only_an_argon2id_hash(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["office", "create-user", "县住建局", "--role", "unit", "--unit", "zjj"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "account 县住建局 created (unit, unit zjj)\n"
    assert users(app) == [("县住建局", "unit", "zjj", True)]
    with app.extensions["office"].session() as db:
        assert PASSWORD not in db.execute(select(User.password_hash)).scalar_one()
        assert authenticate(db, "县住建局", PASSWORD) is not None
        assert authenticate(db, "县住建局", PASSWORD + "x") is None
    signed = app.test_client().post(
        "/office/login", data={"name": "县住建局", "password": PASSWORD}
    )
    assert signed.status_code == 303


@pytest.mark.parametrize(
    ("arguments", "password", "message"),
    [
        (
            ["王五", "--role", "unit", "--unit", "nope"],
            PASSWORD,
            "Error: unknown unit 'nope' (known units: czj, fgj, gaj, gzj, jyj, rsj, swj, zgh, zjj)",
        ),
        (
            ["王五", "--role", "unit"],
            PASSWORD,
            "Error: a unit account needs --unit UNIT_ID "
            "(known units: czj, fgj, gaj, gzj, jyj, rsj, swj, zgh, zjj)",
        ),
        (
            ["王五", "--role", "clerk", "--unit", "zjj"],
            PASSWORD,
            "Error: only a unit account belongs to a unit; leave out --unit",
        ),
        (
            ["王五", "--role", "clerk"],
            "short",
            "Error: the password must be at least 10 characters",
        ),
        (["张敏", "--role", "admin"], PASSWORD, "Error: an account named '张敏' already exists"),
    ],
    ids=["unknown-unit", "unit-without-unit", "clerk-with-unit", "short-password", "duplicate"],
)
def test_create_user_refuses_what_would_make_a_bad_account(
    app: Flask, runner: FlaskCliRunner, arguments: list[str], password: str, message: str
) -> None:
    add_user(app, "张敏", "clerk")
    result = runner.invoke(args=["office", "create-user", *arguments], input=f"{password}\n")
    assert result.exit_code == 1
    assert result.output.strip() == message
    assert users(app) == [("张敏", "clerk", None, True)]


def test_create_user_refuses_an_unknown_role(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["office", "create-user", "王五", "--role", "boss"], input="x\n")
    assert result.exit_code == 2
    assert "'boss' is not one of 'admin', 'clerk', 'unit'" in result.output


def test_the_office_commands_have_help_ending_with_an_example(runner: FlaskCliRunner) -> None:
    for arguments in (["office"], ["office", "create-user"]):
        result = runner.invoke(args=[*arguments, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output
    help_text = runner.invoke(args=["office", "create-user", "--help"]).output
    assert "flask --app intake_api office create-user 县住建局 --role unit --unit zjj" in help_text


def test_an_old_hash_is_replaced_at_the_next_sign_in(app: Flask) -> None:
    add_user(app, "张敏", "clerk")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    office = app.extensions["office"]
    with office.session() as db:
        db.execute(select(User)).scalar_one().password_hash = weak
        db.commit()
        assert authenticate(db, "张敏", PASSWORD) is not None
        stored = db.execute(select(User.password_hash)).scalar_one()
    assert stored != weak and not PasswordHasher().check_needs_rehash(stored)


def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(app: Flask) -> None:
    add_user(app, "张敏", "clerk")
    client = app.test_client()
    client.post("/office/login", data={"name": "张敏", "password": PASSWORD})
    assert client.get("/office/cases").status_code == 200
    office = app.extensions["office"]
    with office.session() as db:
        db.execute(select(User)).scalar_one().active = False
        db.commit()
    assert client.get("/office/cases").status_code == 303
    refused = client.post("/office/login", data={"name": "张敏", "password": PASSWORD})
    assert refused.status_code == 422


def test_an_account_gets_a_new_password_and_can_be_stopped_and_let_in_again(
    app: Flask, runner: FlaskCliRunner
) -> None:
    add_user(app, "李强", "clerk")
    result = runner.invoke(args=["office", "set-password", "李强"], input="a-new-password-1\n")
    assert (result.exit_code, result.output) == (0, "password of 李强 changed\n")
    result = runner.invoke(args=["office", "deactivate", "李强"])
    assert (result.exit_code, result.output) == (0, "account 李强 deactivated\n")
    with app.extensions["office"].session() as db:
        assert authenticate(db, "李强", "a-new-password-1") is None
    assert runner.invoke(args=["office", "activate", "李强"]).output == "account 李强 activated\n"
    with app.extensions["office"].session() as db:
        assert authenticate(db, "李强", "a-new-password-1") is not None
        assert authenticate(db, "李强", PASSWORD) is None
    unknown = runner.invoke(args=["office", "deactivate", "王五"])
    assert (unknown.exit_code, unknown.output) == (1, "Error: no account named '王五'\n")
    short = runner.invoke(args=["office", "set-password", "李强"], input="short\n")
    assert short.output == "Error: the password must be at least 10 characters\n"


def test_every_office_command_has_help_with_an_example_and_is_documented(app: Flask) -> None:
    group = app.cli.commands["office"]
    assert isinstance(group, click.Group)
    docs = (REPO / "docs" / "office.md").read_text("utf-8")
    readme = (REPO / "README.md").read_text("utf-8")
    row = re.search(r"^\| `flask --app intake_api office (\S+)`", readme, re.M)
    assert row is not None
    assert set(row.group(1).split("\\|")) == set(group.commands)
    for name, command in group.commands.items():
        help_text = CliRunner().invoke(command, ["--help"]).output.split("Options:")[0]
        assert f"flask --app intake_api office {name}" in help_text.split("Example:")[-1], name
        assert f"office {name}" in docs, name
