"""``flask --app intake_api office create-user|set-password|deactivate|activate``: accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from intake_api.office.accounts import (
    ROLES,
    AccountError,
    check_account,
    create_user,
    find_account,
    set_active,
    set_password,
)
from intake_api.office.extension import current_office


def _password() -> str:
    """One line from stdin when it is piped; otherwise asked twice, without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-user")
@with_appcontext
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@click.option("--unit", "unit_id", help="For --role unit: the unit's id in units.yaml.")
def create_user_command(name: str, role: str, unit_id: str | None) -> None:
    """Add a console account NAME; the password is read from stdin or asked for twice.

    admin: everything, and the access log; clerk: every case; unit: only the cases
    assigned to that unit. Passwords have at least 10 characters.

    \b
    Example:
        flask --app intake_api office create-user 县住建局 --role unit --unit zjj
    """
    office = current_office()
    units = office.unit_names()
    try:
        with office.session() as db:  # refuse before asking for a password
            check_account(db, name, role, unit_id, units)
        password = _password()
        with office.session() as db:
            create_user(db, name, role, password, unit_id=unit_id, units=units, now=office.now())
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"account {name.strip()} created ({role}{f', unit {unit_id}' if unit_id else ''})")


@click.command("set-password")
@with_appcontext
@click.argument("name")
def set_password_command(name: str) -> None:
    """Give account NAME a new password, read from stdin or asked for twice.

    \b
    Example:
        flask --app intake_api office set-password 李强
    """
    office = current_office()
    try:
        with office.session() as db:  # refuse an unknown name before asking
            find_account(db, name)
        password = _password()
        with office.session() as db:
            set_password(db, name, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"password of {name.strip()} changed")


def _activation(active: bool) -> click.Command:
    verb = "activate" if active else "deactivate"

    @click.command(verb)
    @with_appcontext
    @click.argument("name")
    def command(name: str) -> None:
        try:
            with current_office().session() as db:
                set_active(db, name, active)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"account {name.strip()} {verb}d")

    command.help = (
        "Let account NAME sign in again."
        if active
        else "Stop account NAME from signing in (it is signed out at its next request); "
        "its cases and history stay."
    ) + f"\n\n\b\nExample:\n    flask --app intake_api office {verb} 李强"
    return command


activate_command = _activation(True)
deactivate_command = _activation(False)
COMMANDS = (create_user_command, set_password_command, deactivate_command, activate_command)
