"""CPR numbers: checked with python-stdnum, shown masked, and kept out of every log line."""

from __future__ import annotations

import logging
import re
from datetime import date

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


def birth_date(value: str) -> date:
    """The birth date a CPR number holds (the century from the seventh digit)."""
    born: date = stdnum_cpr.get_birth_date(value)
    return born


def koen(value: str) -> str:
    """`M` for an odd last digit, `K` for an even one."""
    return "M" if int(normalise(value)[-1]) % 2 else "K"


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
