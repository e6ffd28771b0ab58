"""The HTML form (Flask-WTF, for CSRF and rendering); the rules live in ``validation``."""

from __future__ import annotations

import re
import secrets

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField

from intake_api.public.validation import LABELS, TEXT_RULES

HINTS = {
    "name": "用于工作人员和您联系，不会公开。",
    "phone": "11 位手机号码，工作人员会打这个电话联系您。",
    "id_number": "选填。18 位，最后一位可能是 X。方便核实身份，加快办理。",
    "employer": "欠您工资的公司、包工头或老板的名字。",
    "project": "选填。例如：某某小区二期工程。",
    "work_location": "在哪里干活，例如：某某县某某街道某某工地。",
    "workers_affected": "包括您自己，一共有几个人被欠工资，例如 3 或 三个人。",
    "amount_owed": "所有被欠薪的人加起来，一共被欠多少钱，单位是元，例如 12000 或 1.2万。",
    "owed_since": "例如 2021-03 或 2021年3月。",
    "description": "写清楚干了什么活、干了多久、谁答应什么时候付钱。最多 2000 字。",
}
# Browser hints: the right keyboard on a phone, and autofill where it helps.
INPUT_ATTRIBUTES = {
    "name": {"autocomplete": "name"},
    "phone": {"type": "tel", "autocomplete": "tel-national", "inputmode": "tel"},
    "id_number": {"autocomplete": "off", "inputmode": "text"},
    "employer": {"autocomplete": "off"},
    "project": {"autocomplete": "off"},
    "work_location": {"autocomplete": "off"},
    "workers_affected": {"inputmode": "numeric", "autocomplete": "off"},
    "amount_owed": {"inputmode": "decimal", "autocomplete": "off"},
    "owed_since": {"type": "month", "placeholder": "2021-03", "autocomplete": "off"},
    "description": {"rows": "8"},
}
for _field, (_required, _limit, _multiline) in TEXT_RULES.items():
    INPUT_ATTRIBUTES[_field]["maxlength"] = str(_limit)


class ComplaintForm(FlaskForm):
    """The complaint form; every field is text so a mistyped value is shown back as typed."""

    name = StringField(LABELS["name"])
    phone = StringField(LABELS["phone"])
    id_number = StringField(LABELS["id_number"])
    employer = StringField(LABELS["employer"])
    project = StringField(LABELS["project"])
    work_location = StringField(LABELS["work_location"])
    workers_affected = StringField(LABELS["workers_affected"])
    amount_owed = StringField(LABELS["amount_owed"])
    owed_since = StringField(LABELS["owed_since"])
    description = TextAreaField(LABELS["description"])
    reported_elsewhere = BooleanField("我已向国家、省或其他平台反映过这件事")
    rural_low_income = BooleanField("我是农村低收入人员（脱贫户、监测户等）")
    consent = BooleanField("我已阅读上面的说明，同意提交这些信息")
    website = StringField("网站（请不要填写）")  # honeypot: hidden from people, filled by bots

    def submitted_values(self) -> dict[str, object]:
        """What the worker sent, as the shared validation expects it."""
        # An absent text field stays None: the rules treat None and "" alike (required).
        return {name: self[name].data for name in self._fields if name not in _NOT_FIELDS}


_NOT_FIELDS = frozenset({"csrf_token", "submission"})


def new_submission_token() -> str:
    """A fresh one-time token for one rendering of the public form."""
    return secrets.token_urlsafe(18)


def is_submission_token(text: str) -> bool:
    """Whether ``text`` is what new_submission_token makes (anything else is ignored)."""
    return _SUBMISSION_TOKEN.match(text) is not None


_SUBMISSION_TOKEN = re.compile(r"^[A-Za-z0-9_-]{24}$")


class OnlineComplaintForm(ComplaintForm):
    """The public form: the complaint's fields and a one-time token against double posts."""

    submission = HiddenField(default=new_submission_token)


def field_attributes(name: str, errors: dict[str, list[str]]) -> dict[str, str]:
    """HTML attributes for one input: its id, browser hints, and links to hint and error."""
    attributes = {"id": f"field-{name}", **INPUT_ATTRIBUTES.get(name, {})}
    described = [
        f"{kind}-{name}"
        for kind, present in (("hint", name in HINTS), ("error", name in errors))
        if present
    ]
    if described:
        attributes["aria-describedby"] = " ".join(described)
    if name in errors:
        attributes["aria-invalid"] = "true"
    return attributes
