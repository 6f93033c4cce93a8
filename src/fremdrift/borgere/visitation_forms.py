"""The visitation decision for one citizen: group 1, group 2 or an exemption with its reason.

The form checks only what a browser can get wrong (a choice that is not offered); the rules of
the decision are the services', whose Danish refusals `add_service_errors` puts next to the
field to blame. Django gives a field with errors `aria-invalid` and `aria-describedby` pointing
at `<auto_id>_error`, the id the template gives its error message.
"""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fremdrift.engine.definitions import INITIATIVE_KEYS


class Beslutning:
    GRUPPE1: Final = "gruppe1"
    GRUPPE2: Final = "gruppe2"
    FRITAGELSE: Final = "fritagelse"


BESLUTNINGER: Final[list[tuple[str, str | Promise]]] = [
    (Beslutning.GRUPPE1, _("Gruppe 1: indsatsgruppen")),
    (Beslutning.GRUPPE2, _("Gruppe 2: rehabilitering")),
    (Beslutning.FRITAGELSE, _("Fritagelse")),
]

# Stored codes of the exemption reasons (those the synthetic deliveries use, and `andet`);
# the Danish labels are for the screen only.
FRITAGELSESGRUNDE: Final[dict[str, str | Promise]] = {
    "sygdom": _("Sygdom"),
    "barsel": _("Barsel"),
    "alvorlige_sociale_problemer": _("Alvorlige sociale problemer"),
    "misbrug": _("Misbrug"),
    "forsorgsarbejde": _("Forsorgsarbejde"),
    "andet": _("Anden grund"),
}

# The two queues of the screen; a posted decision names the one its row came from.
LISTER: Final = ("maalgruppe", "trin1")

# Where a service's refusal belongs on the form; other fields' refusals concern the decision as a
# whole and are shown above the fields.
_SERVICE_FIELDS: Final = {
    "gruppe": "beslutning",
    "trin": "beslutning",
    "fritagelsesgrund": "fritagelsesgrund",
}


def fritagelsesgrund_label(code: str) -> str | Promise:
    return FRITAGELSESGRUNDE.get(code, code)


class VisitationForm(forms.Form):
    beslutning = forms.ChoiceField(
        label=_("Beslutning"),
        choices=[("", _("Vælg beslutning")), *BESLUTNINGER],
        error_messages={
            "required": _("Vælg gruppe 1, gruppe 2 eller fritagelse."),
            "invalid_choice": _("Vælg gruppe 1, gruppe 2 eller fritagelse."),
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    fritagelsesgrund = forms.ChoiceField(
        label=_("Fritagelsesgrund"),
        required=False,
        choices=[("", _("Ingen")), *FRITAGELSESGRUNDE.items()],
        error_messages={"invalid_choice": _("Vælg en af de viste fritagelsesgrunde.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    initiativ = forms.ChoiceField(
        choices=[(key, key) for key in INITIATIVE_KEYS],
        initial="fsm2",
        widget=forms.HiddenInput,
    )
    liste = forms.ChoiceField(
        choices=[(key, key) for key in LISTER],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, row_key: str = "", **kwargs: Any) -> None:
        # Many forms share one page: the ids carry the row, the field names stay plain.
        kwargs.setdefault("auto_id", f"id_{row_key}_%s" if row_key else "id_%s")
        super().__init__(*args, **kwargs)

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's refusal next to the field it names (above the fields otherwise)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(_SERVICE_FIELDS.get(field), errors)
