"""``POST /api/complaints``: the JSON twin of the form, strict about types."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import NoReturn

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from intake_api.errors import PublicError
from intake_api.public.submission import current_intake, submit
from intake_api.public.views import busy_message, unavailable_message

bp = Blueprint("api", __name__, url_prefix="/api")

# Printable ASCII without spaces, as UUIDs and the usual random keys are.
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{8,255}$")
KEY_FORMAT_MESSAGE = (
    "Idempotency-Key 应为 8 到 255 个可打印的 ASCII 字符（不含空格），例如一个 UUID。"
)
KEY_REUSED_MESSAGE = (
    "这个 Idempotency-Key 已经用于另一份内容不同的投诉（受理编号 {receipt}），"
    "这份投诉没有提交。新的投诉请使用新的 Idempotency-Key。"
)


class BodyError(PublicError, BadRequest):
    """The body is not a JSON object we can read (400)."""


class WrongMediaType(PublicError, UnsupportedMediaType):
    """The body is not declared as UTF-8 JSON (415)."""


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    body = dict(pairs)
    if len(body) != len(pairs):
        raise ValueError("duplicate keys")
    return body


# Built once: json.loads with options builds a new decoder for every body.
_DECODER = json.JSONDecoder(
    parse_float=Decimal, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys
)


def idempotency_key() -> str | None:
    """The request's Idempotency-Key header, or None; a malformed one is a 400."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not _IDEMPOTENCY_KEY.match(key):
        raise BodyError(KEY_FORMAT_MESSAGE)
    return key


def parse_body() -> dict[str, object]:
    """The request body as a JSON object, or an HTTP error that says what is wrong."""
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if mimetype != "application/json" or charset not in ("utf-8", "utf8"):
        raise WrongMediaType("请以 Content-Type: application/json（UTF-8）发送。")
    raw = request.get_data(cache=False)  # 413 past MAX_CONTENT_LENGTH
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("请求内容不是有效的 UTF-8 文本。") from None
    try:
        body = _DECODER.decode(text)
    except RecursionError:
        raise BodyError("JSON 嵌套太深。") from None
    except ValueError:  # JSONDecodeError, NaN/Infinity, duplicate keys, oversized integers
        raise BodyError("请求内容不是有效的 JSON（不接受 NaN、Infinity 或重复的字段）。") from None
    if not isinstance(body, dict):
        raise BodyError('请求内容应为一个 JSON 对象，例如 {"name": "…"}。')
    return body


@bp.after_request
def _no_store(response: Response) -> Response:
    """A receipt is private and an answer is for this request only: never cache either."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/complaints")
def create() -> tuple[Response, int]:
    """Queue a complaint; 201 with the receipt, 422 with every field error, 503 if unsaved.

    With an Idempotency-Key, a repeat of the same complaint gets the first 201 again.
    """
    key = idempotency_key()
    body = parse_body()
    outcome = submit(body, "json", current_intake().now(), None if key is None else f"api:{key}")
    if outcome.reused is not None:
        message = KEY_REUSED_MESSAGE.format(receipt=outcome.reused.receipt)
        return jsonify(errors={"idempotency_key": [message]}), 422
    if outcome.busy_for is not None:
        busy = jsonify(errors={"queue": [busy_message(outcome.busy_for)]})
        busy.headers["Retry-After"] = str(outcome.busy_for)
        return busy, 503
    if outcome.unavailable:
        return jsonify(errors={"queue": [unavailable_message()]}), 503
    if outcome.receipt is None:
        return jsonify(errors=outcome.errors), 422
    receipt = outcome.receipt
    return jsonify(receipt=receipt.receipt, received_at=receipt.received_at), 201
