"""The case list's search text: posted, kept in the signed session, never put in a URL.

A search for a phone, an ID number or a name would otherwise sit in the address bar, the
browser history and every proxy's and server's access log. The filter form is posted; its
search text is kept in the session under a short random key, and the list's address carries
only that key (``/office/cases?status=open&search=Xy3kQ9ab``), so paging and the back
button work while nothing personal leaves the page.
"""

from __future__ import annotations

import secrets

from flask import session

_SEARCHES = "case_searches"
KEPT = 10  # the most recent searches of this session; older keys answer as expired
MAX_SEARCH = 100
FILTER_FIELDS = ("status", "unit", "channel", "month")


def remember_search(text: str) -> str:
    """Keep ``text`` in the session; the key that stands for it in the list's address."""
    key = secrets.token_urlsafe(6)
    searches = dict(session.get(_SEARCHES, {}))
    searches[key] = text[:MAX_SEARCH]
    session[_SEARCHES] = dict(list(searches.items())[-KEPT:])
    return key


def recall_search(key: str) -> str | None:
    """The search text ``key`` stands for, or None when this session does not know it."""
    text = session.get(_SEARCHES, {}).get(key)
    return text if isinstance(text, str) else None
