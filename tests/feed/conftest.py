"""The seed notice's schedule built straight from the model, and edits an office would make."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from site_builder.model import Change, Contact, Lead, Phone, Session, Site, Slot, Unit, Venue

SHANGHAI = ZoneInfo("Asia/Shanghai")
BASE_URL = "https://rsj.example.gov.cn/jiefang/"

UNITS = {
    unit.id: unit
    for unit in (
        Unit("rsj", "县人社局", "宜良县人力资源和社会保障局"),
        Unit("zjj", "县住建局"),
        Unit("jyj", "县交运局"),
        Unit("swj", "县水务局"),
        Unit("fgj", "县发改局"),
        Unit("czj", "县财政局"),
        Unit("gaj", "县公安局"),
        Unit("zgh", "县总工会"),
        Unit("gzj", "县国资局"),
    )
}
COUNTY = Venue(
    id="county",
    name="宜良县人力资源和社会保障局",
    room="宜良县就业和社会保障服务中心101室",
    map_url="https://uri.amap.com/search?keyword=宜良县人力资源和社会保障局",
)
ANNEX = Venue(
    id="annex",
    name="宜良县政务服务中心",
    address="宜良县匡远街道",
    map_url="https://uri.amap.com/search?keyword=宜良县政务服务中心",
    latitude=24.9194,
    longitude=103.1412,
)
# (month, day, leading unit, fifth attending unit), as in the notice's table.
SEED_ROWS = [
    (4, 12, "rsj", "fgj"),
    (4, 26, "zjj", "czj"),
    (5, 10, "jyj", "gaj"),
    (5, 24, "swj", "zgh"),
    (6, 7, "rsj", "gzj"),
    (6, 21, "zjj", "fgj"),
    (7, 5, "jyj", "czj"),
    (8, 9, "swj", "gaj"),
    (9, 6, "rsj", "zgh"),
    (10, 11, "zjj", "gzj"),
    (11, 8, "jyj", "fgj"),
    (12, 6, "swj", "czj"),
]


def timed_slot(day: date, venue: Venue = COUNTY, hours: tuple[int, int] = (9, 17)) -> Slot:
    """A slot from ``hours[0]``:00 to ``hours[1]``:00 local time."""
    start, end = (datetime.combine(day, time(hour), tzinfo=SHANGHAI) for hour in hours)
    return Slot(day, venue, start, end)


def seed_session(month: int, day: int, lead: str, fifth: str, line: int) -> Session:
    """One row of the notice's table."""
    on = date(2021, month, day)
    return Session(
        id=on.isoformat(),
        slot=timed_slot(on),
        units=tuple(UNITS[u] for u in ("rsj", "zjj", "jyj", "swj", fifth)),
        lead=Lead(title="分管负责同志", unit=UNITS[lead]),
        staff="业务科室负责人",
        line=line,
    )


@pytest.fixture
def base_url() -> str:
    """Where the site is published (absolute, ending in ``/``)."""
    return BASE_URL


@pytest.fixture
def site() -> Site:
    """The seed notice: 12 sessions, 09:00–17:00 Asia/Shanghai, one venue, one contact."""
    return Site(
        title="2021年宜良县根治欠薪集中联合接访",
        office="宜良县根治拖欠农民工工资工作领导小组办公室",
        timezone="Asia/Shanghai",
        complaint_url="complaints/new",
        base_url=BASE_URL,
        sessions=tuple(
            seed_session(*row, line=40 + 5 * index) for index, row in enumerate(SEED_ROWS)
        ),
        venues=(COUNTY, ANNEX),
        units=tuple(UNITS.values()),
        contacts=(
            Contact(
                label="县级集中联合接访联络人",
                phones=(Phone("0871-67539921"),),
                name="朱江",
                title="县人力资源和社会保障劳动监察大队大队长",
            ),
        ),
        instructions=("请携带身份证和劳动合同、工资条等能证明欠薪的材料。",),
        published=date(2021, 4, 12),
    )


def replace_session(site: Site, session_id: str, change: Callable[[Session], Session]) -> Site:
    """``site`` with one session replaced by ``change(session)``."""
    sessions = tuple(change(s) if s.id == session_id else s for s in site.sessions)
    return dataclasses.replace(site, sessions=sessions)


@pytest.fixture
def reschedule() -> Callable[..., Site]:
    """Move a session to another day (and venue), recording the change as the office would."""

    def move(site: Site, session_id: str, to: date, announced: date, venue: Venue = COUNTY) -> Site:
        def moved(session: Session) -> Session:
            after = timed_slot(to, venue)
            change = Change("rescheduled", announced, session.slot, after, "因故调整")
            return dataclasses.replace(session, slot=after, changes=(*session.changes, change))

        return replace_session(site, session_id, moved)

    return move


@pytest.fixture
def cancel() -> Callable[..., Site]:
    """Cancel a session, recording the change as the office would."""

    def call_off(site: Site, session_id: str, announced: date) -> Site:
        def cancelled(session: Session) -> Session:
            change = Change("cancelled", announced, session.slot, session.slot, "疫情防控需要")
            return dataclasses.replace(session, changes=(*session.changes, change))

        return replace_session(site, session_id, cancelled)

    return call_off
