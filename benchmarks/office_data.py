"""Realistic casework for ``benchmarks/office.py``: a queue of complaints, their handling,
and the case list queries a clerk would make."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

CLERK, PASSWORD = "基准测试员", "benchmark password 1"
FIRST_DAY, LAST_DAY = date(2021, 1, 1), date(2022, 12, 31)
SHANGHAI = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶"


def _words(text: str) -> list[str]:
    """Space-separated words (a list literal would be formatted one word a line)."""
    return text.split()


GIVEN = _words(
    "小明 建国 国华 志强 海燕 秀英 丽 军 伟 芳 娜 敏 静 磊 洋 勇 艳 杰 涛 明 超 秀兰 霞 平 "
    "刚 桂英 文 云 华 红 兵 建华 玉兰 春梅 德明 正华 金凤 永福 家豪 成龙 有才 富贵 石头 二妹"
)
PLACES = _words("宜良 昆明 嵩明 石林 呈贡 晋宁 安宁 富民 禄劝 寻甸 陆良 曲靖 玉溪 澄江 弥勒")
TRADES = _words("宏达 鑫源 永盛 金泰 华兴 恒通 顺发 隆基 瑞丰 天成 振宇 兴旺 福源 盛世 安居 凯达")
KINDS = [
    "建筑劳务有限公司",
    "建设工程有限公司",
    "装饰工程有限公司",
    "房地产开发有限公司",
    "市政工程有限公司",
    "物流有限公司",
    "餐饮管理有限公司",
    "农业开发有限公司",
    "砖厂",
    "劳务班组",
]
SITES = ["小区二期工地", "安置房项目", "学校教学楼工地", "高速公路标段", "农贸市场改造工程"]
TOWNS = ["匡远街道", "南羊街道", "狗街镇", "竹山镇", "马街镇", "北古城镇", "九乡乡", "耿家营乡"]
WORK = ["钢筋工", "木工", "泥瓦工", "架子工", "小工", "电焊工", "油漆工", "司机", "厨工"]
KIND = {"assigned": "assign", "closed": "close", "duplicate": "duplicate", "invalid": "invalid"}
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(rng: random.Random) -> str:
    """A resident ID number with a valid birth date and GB 11643 check digit."""
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(38 * 365))
    body = f"{rng.choice(['530125', '530111', '532301', '533023'])}{born:%Y%m%d}"
    body += f"{rng.randrange(1000):03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def _person(rng: random.Random) -> dict[str, object]:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    employer = rng.choice(PLACES) + rng.choice(TRADES) + rng.choice(KINDS)
    return {
        "name": name,
        "phone": f"1{rng.choice('35789')}{rng.randrange(10**9):09d}",
        "id_number": _id_number(rng) if rng.random() < 0.5 else None,
        "employer": employer,
    }


def _complaint(person: Mapping[str, object], day: date, rng: random.Random) -> dict[str, object]:
    """What a worker would type, for the public form's validation."""
    since = day.replace(day=1) - timedelta(days=31 * rng.choice([0, 1, 1, 2, 2, 3, 4, 6, 9, 14]))
    site, work = rng.choice(SITES), rng.choice(WORK)
    amount = min(3_000_000, max(500, round(rng.lognormvariate(9.8, 1.1), -1)))
    workers = rng.choices([1, 2, 3, 4, 5, 8, 12, 20, 35, 60], [40, 15, 10, 8, 7, 6, 5, 4, 3, 2])[0]
    employer = (
        person["employer"]
        if rng.random() < 0.6
        else rng.choice(PLACES) + rng.choice(TRADES) + rng.choice(KINDS)
    )
    return {
        "name": person["name"],
        "phone": person["phone"],
        "id_number": person["id_number"],
        "employer": employer,
        "project": rng.choice(PLACES) + rng.choice(TRADES) + site if rng.random() < 0.6 else None,
        "work_location": f"宜良县{rng.choice(TOWNS)}{site}",
        "workers_affected": workers,
        "amount_owed": f"{amount:.2f}",
        "owed_since": f"{since:%Y-%m}",
        "description": f"{since.year}年{since.month}月起在{site}做{work}，老板拖欠工资"
        f"{amount:.0f}元，多次讨要未果。"
        + "包工头说等工程款到了再结，一直拖着。"
        * rng.randrange(4),
        "reported_elsewhere": rng.random() < 0.1,
        "rural_low_income": rng.random() < 0.35,
        "consent": True,
    }


def write_queue(path: Path, count: int, rng: random.Random, repo: Path) -> int:
    """Write ``count`` complaints as the intake would queue them, in time order; the size."""
    from intake_api.public.content import SESSION_PREFIX, load_content
    from intake_api.public.validation import validate_complaint
    from intake_api.queue.complaint_queue import SCHEMA_VERSION
    from intake_api.queue.receipts import new_receipt

    site = load_content(repo / "content")
    sessions = [(s.id, s.slot.day) for s in site.sessions] if site else []
    persons: list[dict[str, object]] = []
    span = (LAST_DAY - FIRST_DAY).days * 86400
    records = []
    for _ in range(count):
        # About one complaint in four is from someone who complained before, recently.
        if persons and rng.random() < 0.28:
            person = persons[-rng.randrange(1, min(len(persons), 3000) + 1)]
        else:
            person = _person(rng)
            persons.append(person)
        moment = datetime.combine(FIRST_DAY, datetime.min.time(), SHANGHAI)
        moment += timedelta(seconds=rng.randrange(span))
        channel = "online"
        if sessions and moment.year == 2021 and rng.random() < 0.1:
            session_id, day = rng.choice(sessions)
            channel = SESSION_PREFIX + session_id
            moment = datetime.combine(day, datetime.min.time(), SHANGHAI) + timedelta(
                seconds=rng.randrange(9 * 3600, 12 * 3600)
            )
        raw = {**_complaint(person, moment.date(), rng), "channel": channel}
        verdict = validate_complaint(raw, today=moment.date(), channels=[channel], source="form")
        if not verdict.ok:
            raise SystemExit(f"generated an invalid complaint: {verdict.errors}")
        fields = dict(verdict.fields)
        fields.pop("channel")
        records.append((moment, channel, fields))
    records.sort(key=lambda record: record[0])
    with path.open("w", encoding="utf-8") as queue:
        for moment, channel, fields in records:
            record = {
                "schema": SCHEMA_VERSION,
                "receipt": new_receipt(),
                "received_at": moment.isoformat(timespec="seconds"),
                "channel": channel,
                "source": "form" if channel == "online" else f"office:{CLERK}",
                "fields": {k: str(v) if isinstance(v, Decimal) else v for k, v in fields.items()},
            }
            queue.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    path.chmod(0o600)
    return path.stat().st_size


def bulk_handle(session: Session, units: Mapping[str, str], rng: random.Random) -> str:
    """Assign about half the cases, close half of those, mark a few duplicate or junk."""
    from intake_api.office.models import Case, CaseEvent

    table = Case.__table__
    rows = session.execute(
        select(Case.receipt, Case.received_on, Case.workers_affected, Case.amount_owed)
    ).all()
    changes, events = [], []
    counts = {"assigned": 0, "closed": 0, "duplicate": 0, "invalid": 0}
    for receipt, received_on, workers, amount in rows:
        draw = rng.random()
        change = dict.fromkeys(
            ("status", "unit_id", "person", "deadline", "leader", "assigned_on", "closed_on"), None
        )
        change |= {
            "result": None,
            "recovered": None,
            "dup": None,
            "why": None,
            "b_receipt": receipt,
        }
        if draw < 0.02:
            change |= {"status": "duplicate", "dup": rows[rng.randrange(len(rows))][0]}
        elif draw < 0.03:
            change |= {"status": "invalid", "why": "测试数据"}
        elif draw < 0.5:
            assigned = received_on + timedelta(days=rng.randrange(1, 4))
            change |= {
                "status": "assigned",
                "unit_id": rng.choice(list(units)),
                "person": rng.choice(SURNAMES) + "工",
                "deadline": assigned + timedelta(days=15),
                "leader": "副县长" if workers >= 30 or amount >= 1_000_000 else None,
                "assigned_on": assigned,
            }
            if rng.random() < 0.5 and assigned < LAST_DAY - timedelta(days=30):
                change |= {
                    "status": "closed",
                    "closed_on": assigned + timedelta(days=rng.randrange(1, 30)),
                    "result": "已足额支付",
                    "recovered": amount,
                }
        else:
            continue
        counts[str(change["status"])] += 1
        steps = [(KIND[str(change["status"])], change["closed_on"] or change["assigned_on"])]
        if change["status"] == "closed":
            steps.insert(0, ("assign", change["assigned_on"]))
        for version, (kind, day) in enumerate(steps, start=2):
            stamp = f"{day or received_on}T10:00:00+08:00"
            events.append(
                {"receipt": receipt, "version": version, "kind": kind, "at": stamp}
                | {"actor": CLERK, "details": "{}"}
            )
        change["b_version"] = 1 + len(steps)
        changes.append(change)
    session.execute(
        update(table)
        .where(table.c.receipt == bindparam("b_receipt"))
        .values(
            status=bindparam("status"),
            unit_id=bindparam("unit_id"),
            person=bindparam("person"),
            deadline=bindparam("deadline"),
            leader=bindparam("leader"),
            assigned_on=bindparam("assigned_on"),
            closed_on=bindparam("closed_on"),
            result=bindparam("result"),
            amount_recovered=bindparam("recovered"),
            duplicate_of=bindparam("dup"),
            invalid_reason=bindparam("why"),
            version=bindparam("b_version"),
        ),
        changes,
    )
    session.execute(insert(CaseEvent), events)
    session.commit()
    return ", ".join(f"{count:,} {status}" for status, count in counts.items())


def list_queries(
    samples: list[tuple[str, str, str, str]], office: object, rng: random.Random, count: int
) -> list[dict[str, str]]:
    """Case list query strings as clerks use them: a filter or two, often a search."""
    from intake_api.public.content import channel_names
    from intake_api.queue.receipts import display_receipt

    units = list(office.unit_names())  # type: ignore[attr-defined]
    channels = list(channel_names(office.site))  # type: ignore[attr-defined]
    months = [f"{year}-{month:02d}" for year in (2021, 2022) for month in range(1, 13)]
    filters = {
        "status": lambda: rng.choice(["open", "received", "assigned", "overdue", "closed"]),
        "unit": lambda: rng.choice(units),
        "channel": lambda: rng.choice(channels),
        "month": lambda: rng.choice(months),
        "flag": lambda: rng.choice(
            ["major", "rural_low_income", "reported_elsewhere", "overdue", "possible_duplicate"]
        ),
    }
    searches = [
        lambda receipt, phone, name, employer: phone,  # a worker calls in
        lambda receipt, phone, name, employer: phone[-4:],  # "the one ending 1234"
        lambda receipt, phone, name, employer: phone[:7],
        lambda receipt, phone, name, employer: name,
        lambda receipt, phone, name, employer: employer[2:6],  # the firm's trade name
        lambda receipt, phone, name, employer: display_receipt(receipt).lower(),
    ]
    queries = []
    for _ in range(count):
        query = {
            key: make() for key, make in rng.sample(list(filters.items()), rng.choice([1, 1, 2]))
        }
        if rng.random() < 0.7:
            query["q"] = rng.choice(searches)(*rng.choice(samples))
        if rng.random() < 0.15:
            query["page"] = str(rng.randrange(2, 6))
        queries.append(query)
    return queries
