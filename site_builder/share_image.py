"""``share.png``: the picture a chat app or a social site shows beside a link to the site.

A 600×600 square: WeChat shows a square thumbnail beside a shared link and crops anything
else, and Twitter's ``summary`` card and QQ's preview are square too. It carries only what
needs no Chinese font, since a fresh machine may have none and the same content must give
the same bytes anywhere: the site's red mark, a QR code to the site, the next session's
date and time in digits, and the office's phone number in digits, drawn with the scalable
font that Pillow itself ships (Pillow ≥ 10.1). The bytes depend on the Pillow version (its
FreeType and zlib), like the calendar's time zones on the pinned ``tzdata``.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import TYPE_CHECKING

from site_builder.model import Session, Site

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

SHARE_IMAGE_PATH = "share.png"
SIZE = 600
RED = (163, 20, 27)  # the favicon's red
INK = (26, 26, 26)
WHITE = (255, 255, 255)
BAND = 96  # the red band at the top
QR_SPACE = 280  # the QR code's largest side, quiet zone included
LINE_GAP = 16
MARGIN = 32  # left and right of the longest line
# Only what the built-in font draws: digits and the punctuation of dates and phone numbers.
_PHONE = re.compile(r"[0-9+][0-9+()\- ]*[0-9]")


def render_share_image(site: Site, today: date, root_url: str) -> dict[str, bytes]:
    """``{"share.png": ...}``: the mark, a QR code to ``root_url``, the next session, the phone."""
    # Imported here: a build that keeps the last share.png never loads Pillow.
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    _band(draw)
    qr_bottom = _qr(image, root_url, BAND + 24)
    # The lines sit in the middle of the space below the QR code, however many there are.
    lines = share_lines(site, today)
    fonts = [(text, _fitting(draw, text, size), colour) for text, size, colour in lines]
    heights = [_height(draw, text, font) for text, font, _ in fonts]
    y = qr_bottom + (SIZE - qr_bottom - sum(heights) - LINE_GAP * (len(fonts) - 1)) // 2
    for (text, font, colour), height in zip(fonts, heights, strict=True):
        _text(draw, text, font, y, colour)
        y += height + LINE_GAP
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # no timestamp or other metadata chunk
    return {SHARE_IMAGE_PATH: out.getvalue()}


def share_lines(site: Site, today: date) -> list[tuple[str, int, tuple[int, int, int]]]:
    """The picture's lines, ``(text, font size, colour)``: the next day and times, the phone."""
    lines: list[tuple[str, int, tuple[int, int, int]]] = []
    following = site.next_sessions(today)
    if following:
        lines.append((following[0].slot.day.isoformat(), 72, INK))
        if times := _times(following):
            lines.append((times, 44, INK))
    if phone := _phone_digits(site):
        lines.append(("TEL " + phone, 40, RED))
    return lines


def _band(draw: ImageDraw.ImageDraw) -> None:
    """The red band with the favicon's white tick in its middle."""
    draw.rectangle((0, 0, SIZE - 1, BAND - 1), fill=RED)
    middle = SIZE // 2
    half = BAND // 2
    tick = [(middle - 24, half + 1), (middle - 7, half + 18), (middle + 26, half - 18)]
    draw.line(tick, fill=WHITE, width=12, joint="curve")


def _qr(image: Image.Image, url: str, top: int) -> int:
    """The QR code to ``url`` centred below ``top``, as large as fits; returns its bottom."""
    import segno
    from PIL import ImageDraw

    code = segno.make(url, error="m", micro=False)
    border = 4
    modules = code.symbol_size(scale=1, border=border)[0]
    scale = QR_SPACE // modules
    left = (SIZE - modules * scale) // 2
    draw = ImageDraw.Draw(image)
    for row, bits in enumerate(code.matrix_iter(scale=1, border=border)):
        for column, dark in enumerate(bits):
            if dark:
                x, y = left + column * scale, top + row * scale
                draw.rectangle((x, y, x + scale - 1, y + scale - 1), fill=INK)
    return top + modules * scale


def _fitting(draw: ImageDraw.ImageDraw, text: str, size: int) -> ImageFont.FreeTypeFont:
    """The built-in font at ``size``, or smaller until ``text`` fits across with a margin."""
    from PIL import ImageFont

    font = ImageFont.load_default(size=size)
    while size > 12 and draw.textlength(text, font=font) > SIZE - 2 * MARGIN:
        size -= 2
        font = ImageFont.load_default(size=size)
    return font


def _height(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> int:
    """How tall ``text`` is drawn, from its top pixel to its bottom one."""
    _, upper, _, lower = draw.textbbox((0, 0), text, font=font)
    return lower - upper


def _text(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont,
    top: int,
    colour: tuple[int, int, int],
) -> None:
    """``text`` centred across the picture, its top pixel at ``top``."""
    left, upper, right, _ = draw.textbbox((0, 0), text, font=font)
    draw.text(((SIZE - (right - left)) // 2 - left, top - upper), text, font=font, fill=colour)


def _times(sessions: tuple[Session, ...]) -> str | None:
    """``09:00-17:00``, or two: ``09:00-12:00 14:00-17:30`` (several venues, a lunch break).

    Nothing when more differ (the page lists them) or no time is announced yet.
    """
    times: list[str] = []
    for session in sessions:
        start, end = session.slot.start, session.slot.end
        label = f"{start:%H:%M}-{end:%H:%M}" if start and end else None
        if label and label not in times:
            times.append(label)
    return " ".join(times) if 0 < len(times) <= 2 else None


def _phone_digits(site: Site) -> str | None:
    """The main phone as digits (``0871-67539921``), without words such as 转 that need a font."""
    contact = site.main_contact
    found = _PHONE.search(contact.phone) if contact and contact.phone else None
    return found.group(0) if found else None
