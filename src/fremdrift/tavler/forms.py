"""The small forms of the leader screens: a move between boards, a caseload move."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.organisation.models import Medarbejder
from fremdrift.tavler.models import Tavle, Tavleflytning


class FlytForm(forms.Form):
    tavle = forms.ChoiceField(
        label=_("Flyt til"),
        choices=Tavle.choices,
        error_messages={"required": _("Vælg den tavle, borgeren skal flyttes til.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=Tavleflytning._meta.get_field("note").max_length,
    )


class SagsstammeFlytForm(forms.Form):
    medarbejder = forms.TypedChoiceField(
        label=_("Ny jobformidler"),
        coerce=int,
        error_messages={
            "required": _("Vælg den jobformidler, borgeren skal flyttes til."),
            "invalid_choice": _("Jobformidleren er ikke i dine teams."),
        },
    )

    def __init__(self, *args: Any, medarbejdere: Iterable[Medarbejder] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["medarbejder"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(m.pk, str(m)) for m in medarbejdere]
