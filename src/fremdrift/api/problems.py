"""Every error of the API as problem details (RFC 9457), in Danish and in English.

A problem is JSON with the content type `application/problem+json`: `type` (a URN naming the
kind of problem), `title`, `status`, `detail` and `instance` (the path asked for), plus the
extensions `detail_da` and `detail_en` (the detail in both languages; `detail` is the one the
request's Accept-Language asks for, Danish by default) and, where single fields are to blame,
`errors`: one entry per field with `field`, `location`, `detail_da` and `detail_en`.

The services refuse in Danish (the source language of the message catalogue); `english` finds
the English of such a message in the same catalogue the screens use.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, wraps
from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

CONTENT_TYPE: Final = "application/problem+json"
TYPE_PREFIX: Final = "urn:fremdrift:problem:"

# The kinds of problem: the URN's last part, and the title in both languages.
TITLES: Final[dict[str, Promise]] = {
    "unauthorized": _("Manglende eller ugyldigt token"),
    "forbidden": _("Ingen adgang"),
    "not-found": _("Findes ikke"),
    "method-not-allowed": _("Metoden er ikke tilladt"),
    "invalid-request": _("Ugyldig forespørgsel"),
    "refused": _("Afvist"),
    "invalid-delivery": _("Leverancen har fejl"),
    "server-error": _("Fejl på serveren"),
}


@dataclass
class ApiProblemError(Exception):
    """Raised anywhere in an API route; answered as problem details."""

    status: int
    kind: str
    detail_da: str
    detail_en: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def both(message: str | Promise) -> tuple[str, str]:
    """A message in Danish and in English: a lazy one from the catalogue, a Danish string
    (a service's refusal) through `english`."""
    if isinstance(message, Promise):
        with translation.override("da"):
            da = str(message)
        with translation.override("en"):
            return da, str(message)
    return message, english(message)


def problem(
    status: int,
    kind: str,
    message: str | Promise,
    *,
    params: Mapping[str, Any] | None = None,
    **extra: Any,
) -> ApiProblemError:
    """A problem from a message (lazy: from the catalogue; str: Danish), `params` filled in."""
    da, en = both(message)
    if params is not None:
        da, en = da % params, en % params
    return ApiProblemError(status, kind, da, en, extra=extra)


# --- Danish to English through the catalogue -----------------------------------------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])|%%")


@cache
def _templates() -> list[tuple[re.Pattern[str], str, str]]:
    """The catalogue's messages with placeholders as patterns, most specific first."""
    catalog = translation.trans_real.translation("en")._catalog  # type: ignore[attr-defined]
    found = []
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or "%(" not in msgid or not msgstr:
            continue
        seen: set[str] = set()

        def group(match: re.Match[str], seen: set[str] = seen) -> str:
            if match.group(0) == "%%":
                return "%"
            name = match.group(1)
            if name in seen:
                return f"(?P={name})"
            seen.add(name)
            return f"(?P<{name}>-?\\d+)" if match.group(2) == "d" else f"(?P<{name}>.+?)"

        parts = _PLACEHOLDER.split(msgid)
        pattern = ""
        last = 0
        for match in _PLACEHOLDER.finditer(msgid):
            pattern += re.escape(msgid[last : match.start()]) + group(match)
            last = match.end()
        pattern += re.escape(msgid[last:])
        literal = len("".join(p for p in parts[::3] if p))
        found.append((literal, re.compile(pattern + r"\Z", re.DOTALL), msgid, msgstr))
    found.sort(key=lambda t: -t[0])
    return [(p, msgid, msgstr) for _literal, p, msgid, msgstr in found]


def _exact(text: str) -> str | None:
    with translation.override("en"):
        translated = translation.gettext(text)
    return translated if translated != text else None


def english(danish: str) -> str:
    """The English of a Danish message the catalogue knows, placeholders filled in (each value
    translated too where the catalogue has it); the Danish itself if the catalogue has none."""
    if (exact := _exact(danish)) is not None:
        return exact
    for pattern, _msgid, msgstr in _templates():
        match = pattern.match(danish)
        if match is None:
            continue
        values: dict[str, Any] = {}
        for name, value in match.groupdict().items():
            values[name] = _exact(value) or value
        try:
            return msgstr % _typed(values, msgstr)
        except (TypeError, ValueError, KeyError):
            continue
    return danish


def _typed(values: dict[str, Any], template: str) -> dict[str, Any]:
    kinds = {m.group(1): m.group(2) for m in _PLACEHOLDER.finditer(template) if m.group(1)}
    return {k: int(v) if kinds.get(k) == "d" else v for k, v in values.items()}


# --- From exceptions -----------------------------------------------------------------------------


def refused(exc: DjangoValidationError) -> ApiProblemError:
    """A service's refusal: 422, its Danish messages (by field where it named one)."""
    errors: list[dict[str, Any]] = []
    pairs: Iterable[tuple[str | None, list[str]]] = (
        exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    )
    for name, messages in pairs:
        for message in messages:
            errors.append(
                {
                    "field": None if name in (None, "__all__") else name,
                    "location": "body",
                    "detail_da": message,
                    "detail_en": english(message),
                }
            )
    return ApiProblemError(
        422,
        "refused",
        " ".join(e["detail_da"] for e in errors),
        " ".join(e["detail_en"] for e in errors),
        errors=errors,
    )


_PYDANTIC_DA: Final[dict[str, Promise]] = {
    "missing": _("skal udfyldes"),
    "int_parsing": _("skal være et helt tal"),
    "int_type": _("skal være et helt tal"),
    "int_from_float": _("skal være et helt tal"),
    "float_parsing": _("skal være et tal"),
    "float_type": _("skal være et tal"),
    "decimal_parsing": _("skal være et tal"),
    "decimal_type": _("skal være et tal"),
    "finite_number": _("skal være et endeligt tal"),
    "date_parsing": _("skal være en dato skrevet ÅÅÅÅ-MM-DD"),
    "date_from_datetime_parsing": _("skal være en dato skrevet ÅÅÅÅ-MM-DD"),
    "date_from_datetime_inexact": _("skal være en dato skrevet ÅÅÅÅ-MM-DD"),
    "date_type": _("skal være en dato skrevet ÅÅÅÅ-MM-DD"),
    "string_type": _("skal være tekst"),
    "string_too_short": _("er for kort (mindst %(min_length)s tegn)"),
    "string_too_long": _("er for lang (højst %(max_length)s tegn)"),
    "string_pattern_mismatch": _("har ikke den rigtige form (%(pattern)s)"),
    "greater_than_equal": _("skal være mindst %(ge)s"),
    "greater_than": _("skal være større end %(gt)s"),
    "less_than_equal": _("må højst være %(le)s"),
    "less_than": _("skal være mindre end %(lt)s"),
    "literal_error": _("skal være en af: %(expected)s"),
    "enum": _("skal være en af: %(expected)s"),
    "bool_parsing": _("skal være true eller false"),
    "bool_type": _("skal være true eller false"),
    "model_attributes_type": _("skal være et JSON-objekt"),
    "dict_type": _("skal være et JSON-objekt"),
    "json_invalid": _("er ikke gyldig JSON"),
    "json_type": _("er ikke gyldig JSON"),
}


def _danish(error: Mapping[str, Any]) -> str:
    """Pydantic's error in Danish, with its limit (`ctx`) where the message names one."""
    template = str(_PYDANTIC_DA.get(str(error.get("type")), _("er ugyldig")))
    try:
        return template % {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return str(_("er ugyldig"))


def invalid_request(exc: NinjaValidationError) -> ApiProblemError:
    """The request does not fit the schema: 422, one entry per field to blame."""
    errors: list[dict[str, Any]] = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else ""
        # A body's first part is the route's parameter name, which the client never sees.
        names = loc[2:] if location == "body" and len(loc) > 2 else loc[1:]
        name = ".".join(names) or None
        with translation.override("da"):
            da = _danish(error)
        en = str(error.get("msg", "invalid"))
        where = name or location
        errors.append(
            {
                "field": name,
                "location": location,
                "detail_da": f"{where}: {da}",
                "detail_en": f"{where}: {en}",
            }
        )
    if not errors:
        return problem(422, "invalid-request", _("Forespørgslen er ugyldig."))
    return ApiProblemError(
        422,
        "invalid-request",
        "; ".join(e["detail_da"] for e in errors),
        "; ".join(e["detail_en"] for e in errors),
        errors=errors,
    )


# --- The answer ----------------------------------------------------------------------------------


def _english_wanted() -> bool:
    return (translation.get_language() or "da").startswith("en")


def body(request: HttpRequest, p: ApiProblemError) -> dict[str, Any]:
    title = TITLES.get(p.kind, TITLES["server-error"])
    return {
        "type": TYPE_PREFIX + p.kind,
        "title": str(title),
        "status": p.status,
        "detail": p.detail_en if _english_wanted() else p.detail_da,
        "instance": request.path,
        "detail_da": p.detail_da,
        "detail_en": p.detail_en,
        **({"errors": p.errors} if p.errors else {}),
        **p.extra,
    }


def respond(request: HttpRequest, p: ApiProblemError) -> HttpResponse:
    response = JsonResponse(body(request, p), status=p.status, content_type=CONTENT_TYPE)
    for name, value in p.headers.items():
        response[name] = value
    response["Content-Language"] = "en" if _english_wanted() else "da"
    return response


def unauthorized() -> ApiProblemError:
    p = problem(
        401,
        "unauthorized",
        _(
            "Send et gyldigt API-token i headeren Authorization: Bearer <token>. "
            "Et token laves med `fremdrift create_api_token`."
        ),
    )
    p.headers["WWW-Authenticate"] = 'Bearer realm="fremdrift"'
    return p


def not_found() -> ApiProblemError:
    return problem(404, "not-found", _("Der findes intet her, eller du har ikke adgang til det."))


def _from_http_error(exc: HttpError) -> ApiProblemError:
    if exc.status_code == 400:
        return problem(
            400,
            "invalid-request",
            _(
                "Forespørgslens indhold kunne ikke læses: send gyldig JSON, eller en fil som "
                "multipart/form-data."
            ),
        )
    if exc.status_code == 401:
        return unauthorized()
    if exc.status_code == 403:
        return problem(403, "forbidden", _("Din rolle giver ikke adgang til dette."))
    if exc.status_code == 404:
        return not_found()
    return problem(exc.status_code, "invalid-request", _("Forespørgslen er ugyldig."))


def install(api: NinjaAPI) -> None:
    """Answer every error of `api` as problem details."""

    def handle(exc_type: type[Exception], make: Callable[[Any], ApiProblemError]) -> None:
        api.add_exception_handler(exc_type, lambda request, exc: respond(request, make(exc)))

    handle(ApiProblemError, lambda exc: exc)
    handle(NinjaValidationError, invalid_request)
    handle(HttpError, _from_http_error)
    handle(Http404, lambda exc: not_found())
    handle(
        PermissionDenied,
        lambda exc: problem(403, "forbidden", str(exc) or _("Ingen adgang.")),
    )
    handle(DjangoValidationError, refused)

    def server_error(exc: Exception) -> ApiProblemError:
        logger.exception("API error", exc_info=exc)
        return problem(
            500, "server-error", _("Der skete en fejl på serveren. Fejlen er logget; prøv igen.")
        )

    handle(Exception, server_error)


def plain_errors_as_problems(
    view: Callable[..., HttpResponse], statuses: Mapping[int, Callable[[], ApiProblemError]]
) -> Callable[..., HttpResponse]:
    """Wrap a view so that an error Django answers itself (405) is problem details too."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        make = statuses.get(response.status_code)
        if make is None or response.get("Content-Type", "").startswith(CONTENT_TYPE):
            return response
        answer = respond(request, make())
        if "Allow" in response:
            answer["Allow"] = response["Allow"]
        return answer

    return wrapped


def method_not_allowed() -> ApiProblemError:
    return problem(
        405, "method-not-allowed", _("Ruten findes, men ikke med denne metode; se Allow-headeren.")
    )
