"""One complaint from arrival to receipt, the same for the form and the API."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from flask import current_app

from intake_api.public.content import ONLINE
from intake_api.public.validation import FIELDS, Source, validate_complaint
from intake_api.queue import Queue
from intake_api.queue.complaint_queue import (
    Acknowledgement,
    ComplaintQueue,
    QueueFull,
    QueueUnavailable,
)
from intake_api.queue.intake_cap import CapReached, IntakeCap
from intake_api.queue.receipts import new_receipt
from intake_api.queue.submission_tokens import SubmissionTokens, TokenReused
from site_builder.model import Contact, Site

log = logging.getLogger(__name__)


@dataclass
class Intake:
    """What the views share: the queue, the global cap, the content and the office's clock."""

    queue: Queue  # a file, or a PostgreSQL table
    cap: IntakeCap  # complaints from the public per minute and per hour, from any address
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

    @cached_property
    def tokens(self) -> SubmissionTokens:
        """The receipts given per submission token: beside the queue file, or the cap's."""
        if isinstance(self.queue, ComplaintQueue):
            return SubmissionTokens(self.queue.path.with_name(self.queue.path.name + ".tokens"))
        return SubmissionTokens(self.cap.path.with_name("complaints.tokens"))


@dataclass(frozen=True)
class Outcome:
    """A receipt, the errors to show, or why nothing was queued (both answered with 503)."""

    receipt: Acknowledgement | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    unavailable: bool = False  # the queue cannot take it (unwritable, disk full, size cap)
    busy_for: int | None = None  # the global cap is reached: seconds until it opens again
    reused: Acknowledgement | None = None  # the token brought different content before


def current_intake() -> Intake:
    """The running app's intake."""
    return current_app.extensions["intake"]


def _field_names(errors: Mapping[str, object]) -> str:
    """The known fields named, the unknown ones only counted: a key is typed by the sender."""
    known = sorted(name for name in errors if name in FIELDS)
    unknown = len(errors) - len(known)
    return ", ".join([*known, *([f"+{unknown} unknown"] if unknown else [])])


def submission_content(fields: Mapping[str, object]) -> str:
    """The cleaned complaint as one canonical text, to tell a repeat from a different one."""
    return json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)


def submit(
    raw: Mapping[str, object], source: Source, now: datetime, token: str | None = None
) -> Outcome:
    """Validate and queue one complaint received at ``now`` (the request's one clock reading).

    With a ``token`` (the form's one-time token, or the API's Idempotency-Key, prefixed by
    the caller so that the two never meet), a repeat of the same complaint gets the first
    receipt back and queues nothing; the token with a different complaint gets ``reused``.
    Honeypot hits get a decoy receipt, logged (so that the office can tell a caller who reads
    one out that it was never a complaint) but never queued or counted.
    """
    intake = current_intake()
    if raw.get("website"):
        decoy = Acknowledgement(new_receipt(), now.isoformat(timespec="seconds"))
        log.info("honeypot filled (%s): decoy receipt=%s, not queued", source, decoy.receipt)
        return Outcome(receipt=decoy)
    verdict = validate_complaint(raw, today=now.date(), channels=[ONLINE], source=source)
    if not verdict.ok:
        log.info("complaint refused (%s): invalid %s", source, _field_names(verdict.errors))
        return Outcome(errors=verdict.errors)
    if token is None:
        return _queue(intake, dict(verdict.fields), source, now)
    try:
        with intake.tokens.claim(
            token, submission_content(verdict.fields), now.timestamp()
        ) as claim:
            if claim.earlier is not None:
                log.info("complaint repeated (%s): receipt=%s", source, claim.earlier.receipt)
                return Outcome(receipt=claim.earlier)
            outcome = _queue(intake, dict(verdict.fields), source, now)
            if outcome.receipt is not None:
                claim.record(outcome.receipt)
            return outcome
    except TokenReused as reused:
        log.info("complaint refused (%s): token of receipt=%s", source, reused.receipt.receipt)
        return Outcome(reused=reused.receipt)
    except QueueUnavailable as error:
        return _not_queued(source, error)


def _queue(intake: Intake, fields: dict[str, object], source: Source, now: datetime) -> Outcome:
    """Count and queue one valid complaint; the receipt, or why it was not queued."""
    channel = str(fields.pop("channel"))
    try:
        intake.cap.take(now.timestamp())
    except CapReached as refusal:
        log.info("complaint not queued (%s): %s", source, refusal)  # the cap logs the change
        return Outcome(busy_for=refusal.retry_after)
    except QueueUnavailable as error:
        return _not_queued(source, error)
    try:
        receipt = intake.queue.append(fields, received_at=now, channel=channel, source=source)
    except QueueUnavailable as error:
        intake.cap.give_back(now.timestamp())  # not accepted, so not counted
        return _not_queued(source, error)
    log.info("complaint queued receipt=%s channel=%s source=%s", receipt.receipt, channel, source)
    return Outcome(receipt=receipt)


def _not_queued(source: Source, error: QueueUnavailable) -> Outcome:
    """Log why nothing was queued: an error, unless the queue already said once that it is full."""
    if isinstance(error, QueueFull):
        log.info("complaint not queued (%s): %s", source, error)
    else:
        log.error("complaint not queued (%s): %s", source, error)
    return Outcome(unavailable=True)
