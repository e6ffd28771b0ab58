"""Office commands."""

from flask.cli import AppGroup

complaints = AppGroup("complaints", help="Work through the complaints.")
