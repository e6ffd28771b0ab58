"""The console's forms (Flask-WTF: every one carries a CSRF token).

Each case action is its own small form with a ``prefix``, so that several of them on one
page have distinct field names and ids. Values are checked by the casework (its messages
are the clerk's); the forms only carry them, plus the case version the page was loaded with.
"""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)

from intake_api.office.amendments import AMENDABLE
from intake_api.office.casework import INVALID_KINDS
from intake_api.public.forms import ComplaintForm, new_submission_token
from intake_api.public.validation import LABELS


def choices(labels: dict[str, str], blank: str | None = None) -> list[SelectChoice]:
    """A select's options from {value: label}, after an empty "please choose" if ``blank``."""
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(value, label) for value, label in labels.items()]


class FormProblem(ValueError):
    """A value the form itself cannot read (a date, a version); the message is the clerk's."""


class LoginForm(FlaskForm):
    """Name and password."""

    name = StringField("账号", render_kw={"autocomplete": "username"})
    password = PasswordField("密码", render_kw={"autocomplete": "current-password"})
    next_page = HiddenField()


class LogoutForm(FlaskForm):
    """Only the CSRF token: signing out is a POST."""


class ActionForm(FlaskForm):
    """What every case action carries: the version of the case the clerk saw."""

    version = HiddenField()

    def loaded_version(self) -> int:
        """The version the page showed; FormProblem when the field was tampered with."""
        text = (self.version.data or "").strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise FormProblem("页面信息不完整，请刷新这件投诉的页面后重新操作。")
        return int(text)


class AssignForm(ActionForm):
    """分派: unit, person, deadline and (for a major case) the leading official."""

    unit_id = SelectField("责任单位", choices=[], validate_choice=False)
    person = StringField("责任人")
    deadline = StringField("办理期限", render_kw={"type": "date"})
    leader = StringField("包案领导")

    def deadline_date(self) -> date:
        """The deadline typed as YYYY-MM-DD."""
        try:
            return date.fromisoformat((self.deadline.data or "").strip())
        except ValueError:
            raise FormProblem("请按“年-月-日”填写办理期限，例如 2021-05-30。") from None


class LeaderForm(ActionForm):
    """指定包案领导."""

    leader = StringField("包案领导")


class NoteForm(ActionForm):
    """记录办理情况."""

    text = TextAreaField("办理情况", render_kw={"rows": "3"})


class CloseForm(ActionForm):
    """办结, with the result and the wages recovered."""

    result = TextAreaField("办结结果", render_kw={"rows": "3"})
    amount_recovered = StringField("追回金额（元）", render_kw={"inputmode": "decimal"})


class ReopenForm(ActionForm):
    """重新办理."""

    reason = TextAreaField("重新办理的原因", render_kw={"rows": "2"})


class DuplicateForm(ActionForm):
    """标记为重复投诉 of another receipt."""

    of = StringField("重复的受理编号", render_kw={"autocomplete": "off"})


class InvalidForm(ActionForm):
    """标记为无效投诉: spam, test or other, with a reason."""

    kind = SelectField("无效的类型", choices=choices(INVALID_KINDS), validate_choice=False)
    reason = TextAreaField("无效的原因", render_kw={"rows": "2"})


class AmendForm(ActionForm):
    """更正 one field of the complaint."""

    field = SelectField(
        "更正哪一项",
        choices=choices({name: LABELS[name] for name in AMENDABLE}),
        validate_choice=False,
    )
    value = StringField("正确的值", render_kw={"autocomplete": "off"})
    reason = StringField("更正原因")


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "assign": AssignForm,
    "lead": LeaderForm,
    "note": NoteForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "duplicate": DuplicateForm,
    "invalid": InvalidForm,
    "amend": AmendForm,
}


class SearchForm(FlaskForm):
    """The case list's search text (the filters are read from the same post)."""

    q = StringField("查找")


class WalkInForm(ComplaintForm):
    """The public form's fields, plus the session at which the worker came in."""

    channel = SelectField(LABELS["channel"], choices=[], validate_choice=False)
    reported_elsewhere = BooleanField("当事人已向国家、省或其他平台反映过")
    rural_low_income = BooleanField("当事人是农村低收入人员（脱贫户、监测户等）")
    consent = BooleanField("已向当事人说明个人信息的用途，当事人同意登记")
    website = None  # the honeypot is for the public form only
    submission = HiddenField(default=new_submission_token)  # a double click queues once
