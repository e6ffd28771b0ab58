"""``flask --app intake_api office create-user``: add a staff account for the console."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from intake_api.office.accounts import ROLES, AccountError, check_account, create_user
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
