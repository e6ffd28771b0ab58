"""The access log: every view of a complaint's personal data and every export, by whom.

China's personal-information law expects a record of who looked at whose data. The log
names the receipts, never the data itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from intake_api.office.models import AccessRecord

ACTIONS = {
    "view": "查看投诉",
    "list": "查看投诉列表",
    "export": "导出（身份证号已遮盖）",
    "export-full": "导出（含完整身份证号）",
    "report": "生成报表",
    "status-lookup": "群众查询办理进度",
    "backup": "备份",
}


def record_access(
    session: Session,
    actor: str,
    action: str,
    receipts: Iterable[str],
    at: datetime,
    detail: str = "",
) -> None:
    """Add one line to the access log (committed with the session)."""
    session.add(
        AccessRecord(
            at=at.isoformat(timespec="seconds"),
            actor=actor,
            action=action,
            receipts=" ".join(sorted(set(receipts))),
            detail=detail,
        )
    )
