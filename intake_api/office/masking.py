"""Who sees a worker's full ID number: the one place that rule lives."""

from __future__ import annotations

from intake_api.office.casework import Actor
from intake_api.office.models import Case


def mask_id_number(id_number: str | None) -> str:
    """``5301**********1234``: the region and the last four only; "" for none."""
    if not id_number:
        return ""
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def sees_full_id_number(actor: Actor, case: Case) -> bool:
    """Admins and clerks always; a unit's account only for a case assigned to its unit."""
    return actor.role in ("admin", "clerk") or (
        actor.unit_id is not None and case.unit_id == actor.unit_id
    )


def shown_id_number(actor: Actor, case: Case, id_number: str | None) -> str:
    """``id_number`` (the case's, or an earlier value of it) as ``actor`` may see it."""
    if not id_number:
        return ""
    return id_number if sees_full_id_number(actor, case) else mask_id_number(id_number)
