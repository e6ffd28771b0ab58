"""The facts a government site states in its footer: who runs it and its filing numbers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from site_builder.model import Identity
from site_builder.yaml_fields import Fields

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_ICP = re.compile(r"\w{1,4}ICP[备证]\d+号(?:-\d+)?")
_POLICE = re.compile(r"\w{1,4}公网安备\s*\d+号")
_SITE_CODE = re.compile(r"[0-9A-Za-z]{10}")
# Asked for in this order; a public site lacking any of the required ones gets a warning.
REQUIRED = {
    "sponsor": "主办单位",
    "icp_number": "ICP备案号",
    "police_number": "公安备案号",
    "site_code": "政府网站标识码",
}


def read_identity(fields: Fields, base_url: str) -> Identity:
    """Read the footer facts from ``site.yaml``; warn when a public site lacks any of them."""
    identity = Identity(
        sponsor=fields.text("sponsor", max_length=200),
        organizer=fields.text("organizer", max_length=200),
        icp_number=_matching(fields, "icp_number", _ICP, "an ICP filing such as 滇ICP备12345678号"),
        police_number=_matching(
            fields, "police_number", _POLICE, "a filing such as 滇公网安备53012502000123号"
        ),
        site_code=_matching(fields, "site_code", _SITE_CODE, "10 letters or digits"),
    )
    if urlsplit(base_url).hostname not in LOOPBACK_HOSTS:
        missing = [key for key in REQUIRED if not fields.has(key)]
        if missing:
            fields.log.add(
                fields.path,
                fields.line_for("base_url"),
                f"the public site {base_url} does not give "
                f"{', '.join(f'{key} ({REQUIRED[key]})' for key in missing)}: "
                "a government site shows them in its footer",
                warning=True,
            )
    return identity


def _matching(fields: Fields, key: str, pattern: re.Pattern[str], expected: str) -> str | None:
    value = fields.text(key, max_length=100)
    if value is None:
        return None
    if not pattern.fullmatch(value):
        fields.error(fields.node(key), f"{key}: expected {expected}, found {value!r}")
        return None
    return value
