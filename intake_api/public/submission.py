"""One complaint from arrival to receipt, the same for the form and the API."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app

from intake_api.public.content import ONLINE
from intake_api.public.validation import FIELDS, Source, validate_complaint
from intake_api.queue.complaint_queue import Acknowledgement, ComplaintQueue, QueueUnavailable
from intake_api.queue.receipts import new_receipt
from site_builder.model import Contact, Site

log = logging.getLogger(__name__)


@dataclass
class Intake:
    """What the views share: the queue, the content and the office's clock."""

    queue: ComplaintQueue
    site: Site | None
    clock: Callable[[], datetime]  # aware, in the content's time zone; the only one read

    def now(self) -> datetime:
        """The office's wall clock (aware, in the content's time zone)."""
        return self.clock()

    def today(self) -> date:
        return self.now().date()

    @property
    def contact(self) -> Contact | None:
        return self.site.main_contact if self.site else None


@dataclass(frozen=True)
class Outcome:
    """A receipt, or the errors to show; ``unavailable`` when nothing could be queued."""

    receipt: Acknowledgement | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    unavailable: bool = False


def current_intake() -> Intake:
    """The running app's intake."""
    return current_app.extensions["intake"]


def _field_names(errors: Mapping[str, object]) -> str:
    """The known fields named, the unknown ones only counted: a key is typed by the sender."""
    known = sorted(name for name in errors if name in FIELDS)
    unknown = len(errors) - len(known)
    return ", ".join([*known, *([f"+{unknown} unknown"] if unknown else [])])


def submit(raw: Mapping[str, object], source: Source, now: datetime) -> Outcome:
    """Validate and queue one complaint received at ``now`` (the request's one clock reading).

    Honeypot hits get a receipt but are not queued.
    """
    intake = current_intake()
    if raw.get("website"):
        log.info("honeypot filled (%s): answered as accepted, not queued", source)
        received_at = now.isoformat(timespec="seconds")
        return Outcome(receipt=Acknowledgement(new_receipt(), received_at))
    verdict = validate_complaint(raw, today=now.date(), channels=[ONLINE], source=source)
    if not verdict.ok:
        log.info("complaint refused (%s): invalid %s", source, _field_names(verdict.errors))
        return Outcome(errors=verdict.errors)
    fields = dict(verdict.fields)
    channel = str(fields.pop("channel"))
    try:
        receipt = intake.queue.append(fields, received_at=now, channel=channel, source=source)
    except QueueUnavailable as error:
        log.error("complaint not queued (%s): %s", source, error)
        return Outcome(unavailable=True)
    log.info("complaint queued receipt=%s channel=%s source=%s", receipt.receipt, channel, source)
    return Outcome(receipt=receipt)
