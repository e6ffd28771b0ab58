"""The fields of every content file, as the loader reads them (see :mod:`field_spec`).

The descriptions are for the clerk: an editor shows them beside each key. Change a field
here together with the code that reads it, then run ``site-builder schema --out schemas``.
"""

from __future__ import annotations

from site_builder.field_spec import AnyOf, Field, NotBoth, Shape, Together, When
from site_builder.schedule import WEEKDAY_NAMES

_URL = r"^\s*https?://"
_TIME = '时间，如 "09:00"、下午3:00、15时30分、上午9时（07:00–21:00 之间）'

LEAD = Shape(
    "带班领导：至少写职务或姓名，如 {unit: rsj, title: 分管负责同志}",
    {
        "unit": Field("reference", "所属单位，填 units.yaml 里的 id"),
        "title": Field("text", "职务，如 分管负责同志、局长", max_length=100),
        "name": Field("text", "姓名，如 王强", max_length=50),
    },
    (AnyOf(("title", "name")),),
)

_TIMES = {
    "time": Field(
        "time_range", '开始和结束时间一起写，如 "9:00-11:30"、下午3:00—5:30（代替 start 和 end）'
    ),
    "start": Field("time", f"开始{_TIME}"),
    "end": Field("time", f"结束{_TIME}；须晚于开始时间"),
}
_TIME_RULES = (NotBoth("time", "start"), NotBoth("time", "end"))

PREVIOUS = Shape(
    "这次调整之前的值：只写变了的（date、start、end、time、venue、lead、units）",
    {
        "date": Field("date", "原日期，YYYY-MM-DD"),
        "venue": Field("reference", "原接访地点，填 venues.yaml 里的 id"),
        **_TIMES,
        "lead": Field("mapping", "原带班领导", shape=LEAD),
        "units": Field("references", "原参加单位，units.yaml 里的 id 列表，如 [rsj, zjj]"),
    },
    _TIME_RULES,
)

ALTERNATIVE = Shape(
    "取消后到哪里反映：text 必填，可加 venue 和 date",
    {
        "text": Field("text", "说明，如 设临时接访点照常受理", required=True, max_length=500),
        "venue": Field("reference", "替代地点，填 venues.yaml 里的 id"),
        "date": Field("date", "替代日期，YYYY-MM-DD"),
    },
)

CHANGE = Shape(
    "一次调整（改期、换地点、换带班领导、调整参加单位）或取消，按发布先后排列",
    {
        "announced": Field("date", "调整通知发布的日期，YYYY-MM-DD", required=True),
        "kind": Field(
            "choice",
            "rescheduled（调整）或 cancelled（取消）",
            required=True,
            options=("rescheduled", "cancelled"),
        ),
        "reason": Field("text", "原因，如 因国庆假期调整", max_length=500),
        "previous": Field(
            "mapping",
            "调整前的值（kind: rescheduled 时必填；取消时不写）",
            shape=PREVIOUS,
            required_when=("kind", "rescheduled"),
        ),
        "alternative": Field(
            "text",
            "取消时的替代安排：一段文字，或 {text: …, venue: 地点id, date: 日期}",
            max_length=500,
            shape=ALTERNATIVE,
        ),
    },
    (
        When("kind", ("cancelled",), forbid=("previous",)),
        When("kind", ("rescheduled",), forbid=("alternative",)),
    ),
)

SESSION = Shape(
    "一次接访：一个地点的一段连续时间",
    {
        "id": Field(
            "ident", "永久编号，如首次公布的日期 2021-04-12；公布后不要再改", required=True
        ),
        "date": Field("date", "日期（调整后的当前日期），YYYY-MM-DD", required=True),
        "weekday": Field("text", "星期，如 星期一、周一；会与日期核对", enum=tuple(WEEKDAY_NAMES)),
        **_TIMES,
        "time_tba": Field("boolean", "true：时间另行通知（此时不写 start、end、time）"),
        "venue": Field("reference", "接访地点，填 venues.yaml 里的 id（不写则用 defaults）"),
        "lead": Field("mapping", "带班领导", shape=LEAD),
        "units": Field("references", "参加单位，units.yaml 里的 id 列表，如 [rsj, zjj, jyj]"),
        "staff": Field("text", "接访工作人员（不写则用 defaults）", max_length=200),
        "note": Field(
            "text", "其他说明（可用 Markdown，可写多行）", max_length=5000, multiline=True
        ),
        "changes": Field("list", "调整和取消的记录，按发布先后排列", shape=CHANGE),
    },
    (*_TIME_RULES, When("time_tba", (True, "true"), forbid=("start", "end", "time"))),
)

DEFAULTS = Shape(
    "每条日程没写时使用的默认值",
    {
        "venue": Field("reference", "默认接访地点，填 venues.yaml 里的 id"),
        **_TIMES,
        "staff": Field("text", "默认接访工作人员，如 业务科室负责人", max_length=200),
    },
    _TIME_RULES,
)

SCHEDULE = Shape(
    "schedule.yaml：接访日程，每次接访一条",
    {
        "defaults": Field("mapping", "每条日程没写时使用的默认值", shape=DEFAULTS),
        "sessions": Field("list", "日程表：每次接访一条", required=True, shape=SESSION),
    },
)

UNITS = Shape(
    "units.yaml：参加接访的单位，每个单位写一次",
    {
        "units": Field(
            "list",
            "单位列表",
            required=True,
            shape=Shape(
                "一个单位",
                {
                    "id": Field("ident", "短代号（字母、数字、- 和 _），日程里引用", required=True),
                    "name": Field(
                        "text", "通知里的简称，如 县人社局", required=True, max_length=100
                    ),
                    "full_name": Field(
                        "text", "全称，如 宜良县人力资源和社会保障局", max_length=200
                    ),
                },
            ),
        )
    },
)

VENUE = Shape(
    "一个接访地点",
    {
        "id": Field("ident", "短代号，日程和联系方式里引用", required=True),
        "name": Field("text", "地点名称，如 东坪镇劳动保障所", required=True, max_length=200),
        "room": Field("text", "楼层或房间，如 一楼大厅", max_length=200),
        "address": Field("text", "街道地址，如 振兴街12号（用于地图搜索）", max_length=300),
        "directions": Field("text", "怎么走（可写多行）", max_length=1000, multiline=True),
        "phone": Field("text", "该地点自己的电话（预约、问路）", max_length=40),
        "latitude": Field("number", "纬度（与 longitude 同时填写或都不填）", low=-90, high=90),
        "longitude": Field("number", "经度（与 latitude 同时填写或都不填）", low=-180, high=180),
        "map_url": Field("text", "自选的地图链接；不填时按地址自动生成"),
    },
    (Together("latitude", "longitude"),),
)

VENUES = Shape(
    "venues.yaml：接访地点，每个地点写一次；同一时间的接访按这里的顺序排列",
    {"venues": Field("list", "地点列表", required=True, shape=VENUE)},
)

CONTACT = Shape(
    "一种联系方式：至少写 phone（或 phones）、url、description 之一",
    {
        "label": Field(
            "text",
            "这是什么电话，如 县级集中联合接访联络人、人社服务热线",
            required=True,
            max_length=100,
        ),
        "phone": Field("text", '电话，如 0871-67539921、"12333"（纯数字请加引号）', max_length=40),
        "phones": Field("texts", "同一人或同一窗口的几个电话（代替 phone）", item_max_length=40),
        "url": Field("text", "网址，https:// 开头", max_length=500, pattern=_URL),
        "description": Field(
            "text", "没有电话和网址的渠道，如 微信搜索“云南人社”小程序", max_length=500
        ),
        "name": Field("text", "接听人姓名", max_length=50),
        "title": Field("text", "接听人职务", max_length=100),
        "hours": Field("text", "接听时间", max_length=200),
        "venue": Field("reference", "这个电话属于哪个接访地点，填 venues.yaml 里的 id"),
    },
    (AnyOf(("phone", "phones", "url", "description")), NotBoth("phone", "phones")),
)

CAMPAIGN = Shape(
    "活动的名称、起止月份和频次",
    {
        "name": Field("text", "活动名称，如 全县根治欠薪集中联合接访活动", required=True),
        "first_month": Field("month", "第一个月，YYYY-MM", required=True),
        "last_month": Field("month", "最后一个月，YYYY-MM", required=True),
        "sessions_per_month": Field("integer", "每月至少几次接访（默认 1；不足时警告）"),
    },
)

PRIVACY = Shape(
    "投诉表单上关于个人信息的说明",
    {
        "handled_by": Field("text", "谁会看到投诉人的信息", max_length=300),
        "retention": Field("text", "保存多久、用于什么", max_length=300),
    },
)

FOLLOW_UP = Shape(
    "投诉提交后的回电：回执页告诉投诉人什么时候、用哪个号码打给他",
    {
        "call_within": Field("text", "多久之内回电，如 3个工作日内", max_length=50),
        "caller": Field(
            "text", "回电号码（投诉人手机上会显示的号码），如 0871-67539921", max_length=60
        ),
    },
)

SITE = Shape(
    "site.yaml：发布单位、标题、联系方式、来访须知和活动",
    {
        "title": Field(
            "text", "网站标题，如 2021年宜良县根治欠薪集中联合接访", required=True, max_length=200
        ),
        "office": Field("text", "发布单位，显示在每页页脚", required=True, max_length=200),
        "id": Field(
            "text", "站点永久编号（不显示），日历事件编号由它生成；公布后不要再改", max_length=200
        ),
        "published": Field("date", "通知发布日期，YYYY-MM-DD"),
        "issuer": Field("text", "发文单位（只有一个时；或用 issuers）", max_length=200),
        "issuers": Field(
            "texts", "发文单位，一个或一个列表（联合发文每行一个）", item_max_length=200
        ),
        "document_type": Field("text", "文种，如 通知、公告、通告", max_length=20),
        "document_number": Field("text", "文号，如 宜人社发〔2021〕12号", max_length=100),
        "addressees": Field("text", "主送单位，如 各乡镇人民政府，县直各有关单位", max_length=500),
        "reminder": Field(
            "text", "日历提前提醒：1 day、2 hours、30 minutes、1天、2小时，或 none", max_length=30
        ),
        "event_name": Field(
            "text", "接访活动的叫法，如 集中接访、专场接访（默认 集中联合接访）", max_length=50
        ),
        "summary": Field(
            "text", "首页简介（可用 Markdown，可写多行）", max_length=5000, multiline=True
        ),
        "timezone": Field("text", "时区（默认 Asia/Shanghai，北京时间）"),
        "base_url": Field(
            "text", "网站的公开地址，如 https://rsj.example.gov.cn/jiefang/", pattern=_URL
        ),
        "complaint_url": Field("text", "在线投诉表单的地址（默认 complaints/new）"),
        "map_search_url": Field("text", "地图搜索链接，{query} 处填入地址", pattern=r"\{query\}"),
        "campaign": Field("mapping", "活动的名称、起止月份和频次", shape=CAMPAIGN),
        "contacts": Field(
            "list", "联系方式，至少一个；第一个有电话的是主电话", required=True, shape=CONTACT
        ),
        "privacy": Field("mapping", "投诉表单上关于个人信息的说明", shape=PRIVACY),
        "follow_up": Field(
            "mapping", "投诉提交后多久回电、用哪个号码（显示在回执页）", shape=FOLLOW_UP
        ),
        "region": Field(
            "text", "省市县，如 云南省昆明市宜良县（放在地图搜索的地址前）", max_length=100
        ),
        "bring": Field("texts", "需携带的材料，如 身份证、劳动合同"),
        "instructions": Field("texts", "其他来访须知，一条一行"),
        "sponsor": Field("text", "主办单位，显示在页脚", max_length=200),
        "organizer": Field("text", "承办单位", max_length=200),
        "icp_number": Field(
            "text", "ICP备案号，如 滇ICP备12345678号-1", max_length=100, pattern="ICP[备证]"
        ),
        "police_number": Field(
            "text", "公安备案号，如 滇公网安备53012502000123号", max_length=100, pattern="公网安备"
        ),
        "site_code": Field(
            "text",
            "政府网站标识码：10 位字母或数字，加引号",
            max_length=100,
            pattern=r"^\s*[0-9A-Za-z]{10}\s*$",
        ),
    },
    (NotBoth("issuer", "issuers"),),
)

PORTAL = Shape(
    "portal.yaml：多个单位一起发布时的总站（可选）",
    {
        "title": Field("text", "总站标题（默认 根治欠薪集中联合接访）", max_length=200),
        "base_url": Field("text", "总站的公开地址，https:// 开头", pattern=_URL),
    },
)

# Every content file the loader reads with a declared shape, by file name.
FILES = {
    "site.yaml": SITE,
    "units.yaml": UNITS,
    "venues.yaml": VENUES,
    "schedule.yaml": SCHEDULE,
    "portal.yaml": PORTAL,
}
