"""Refusals a web form can show next to the field to blame.

Every refusal of a service is a `django.core.exceptions.ValidationError` with a Danish message
and a stable code: keyed by field when one field is to blame (so `form.add_error(None, exc)`
puts it next to that field), without a key when the request as a whole is wrong.
"""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import ValidationError


def refuse(field: str | None, message: str, *, code: str) -> NoReturn:
    error = ValidationError(message, code=code)
    if field is None:
        raise error
    raise ValidationError({field: error})
