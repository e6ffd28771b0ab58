"""``flask --app intake_api office ...``: the group of the office's administration commands.

Commands are added to :data:`office` by ``extension.init_app`` (accounts, backups), so this
module imports none of them.
"""

from __future__ import annotations

from flask.cli import AppGroup

office = AppGroup(
    "office",
    help="Administer the office's console: staff accounts and backups.\n\n\b\nExample:\n"
    "    flask --app intake_api office create-user zhangsan --role clerk",
)
