"""Each console page imports new queue lines first, cheaply, and warns when it cannot."""

from __future__ import annotations

from flask import Response, g, make_response, render_template

from intake_api.office.extension import OfficeUnavailable, current_office
from intake_api.office.queue_import import QueueChanged, QueueMissing


def check_queue() -> Response | None:
    """Sync the queue; note a refused queue for the banner; a page if the office is unusable."""
    office = current_office()
    g.queue_warning = None
    try:
        with office.session() as db:
            office.sync(db)
    except QueueMissing:
        pass  # no complaints yet
    except QueueChanged as error:
        g.queue_warning = str(error)
    except OfficeUnavailable as error:
        page = render_template("office/unavailable.html", problems=str(error).splitlines())
        response = make_response(page, 503)
        response.headers["Cache-Control"] = "no-store"  # like every console page
        return response
    return None
