"""CPR numbers: checked with python-stdnum, shown masked, and kept out of every log line."""

from __future__ import annotations

import logging
import re

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

# Ten digits, optionally with the dash, not part of a longer number.
_CPR_PATTERN = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")


def is_cpr(value: str) -> bool:
    """True for a CPR number (date part and length); other ids are pseudonyms."""
    try:
        stdnum_cpr.validate(value)
    except ValidationError:
        return False
    return True


def normalise(value: str) -> str:
    return stdnum_cpr.compact(value)


def masked(person_id: str) -> str:
    """What a screen may show of a CPR number: the birth date, never the serial part."""
    if is_cpr(person_id):
        compact = normalise(person_id)
        return f"{compact[:6]}-xxxx"
    return person_id


def mask_text(text: str) -> str:
    return _CPR_PATTERN.sub(r"\1-xxxx", text)


class MaskCprFilter(logging.Filter):
    """Rewrites every record so no ten-digit number reaches a log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        return True
