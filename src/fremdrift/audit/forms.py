"""The leaders' search form for the audit log. It is only ever POSTed: a CPR number typed in
must reach neither a URL nor a server log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.audit.models import Action
from fremdrift.borgere.cpr import is_cpr, normalise
from fremdrift.organisation.models import User


class UnrenderedTextInput(forms.TextInput):
    """A text input that never writes its value back into the page (as a password input)."""

    def format_value(self, value: Any) -> str | None:
        return None


class AuditSearchForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Bruger"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Alle brugere"),
    )
    action = forms.ChoiceField(
        label=_("Handling"),
        choices=[("", _("Alle handlinger")), *Action.choices],
        required=False,
    )
    start = forms.DateField(
        label=_("Fra og med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Til og med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_("Borgeren, som hændelserne handler om. Vises ikke igen efter søgningen."),
        widget=UnrenderedTextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    borger = forms.IntegerField(
        label=_("Borger nr."),
        required=False,
        min_value=1,
        help_text=_("Borgerens nummer i fremdrift, som det står på borgersiden og i loggen."),
    )

    def __init__(self, *args: Any, actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor_field = self.fields["actor"]
        assert isinstance(actor_field, forms.ModelChoiceField)
        actor_field.queryset = actors

    def clean_cpr(self) -> str:
        value = str(self.cleaned_data.get("cpr") or "").strip()
        if not value:
            return ""
        if not is_cpr(value):
            # The message does not repeat the value: the form is shown again with the errors.
            raise forms.ValidationError(_("Det er ikke et gyldigt CPR-nummer."))
        return normalise(value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("cpr") and cleaned.get("borger"):
            raise forms.ValidationError(_("Angiv enten CPR-nummer eller borger nr., ikke begge."))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("Til-datoen ligger før fra-datoen."))
        return cleaned
