"""Forms of the steering group's screens: a meeting, a cadence, the business case's inputs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.forms import DateInput, select, textarea
from fremdrift.borgere.labels import label
from fremdrift.styregruppe.business_case import LEFT_FROM
from fremdrift.styregruppe.models import CadenceUnit, GroupKind, MeetingGroup


def _number(
    maximum: int, *, minimum: int = 0, required: bool = True, **kwargs: Any
) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=minimum,
        max_value=maximum,
        required=required,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-s"}),
        **kwargs,
    )


class MeetingForm(forms.Form):
    group = forms.TypedChoiceField(
        label=_("Gruppe"), coerce=int, required=False, empty_value=None, widget=select()
    )
    held_on = forms.DateField(label=_("Mødedato"), widget=DateInput())
    notes = forms.CharField(label=_("Noter"), widget=textarea())
    decisions = forms.CharField(label=_("Beslutninger"), required=False, widget=textarea())

    def __init__(self, *args: Any, groups: Iterable[MeetingGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = {g.pk: g for g in groups}
        field = self.fields["group"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(pk, g.name) for pk, g in self.groups.items()]
        field.required = bool(self.groups)
        if not self.groups:
            # The first meeting creates the steering group: nothing to choose yet.
            del self.fields["group"]

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Et møde kan ikke registreres før det er holdt."))
        return held_on

    def clean_group(self) -> MeetingGroup | None:
        pk = self.cleaned_data.get("group")
        return self.groups.get(pk) if pk is not None else None


class CadenceForm(forms.Form):
    start = forms.DateField(label=_("Første møde"), widget=DateInput())
    every = _number(12, minimum=1, label=_("Mødes hver"))
    unit = forms.ChoiceField(label=_("Enhed"), choices=CadenceUnit.choices, widget=select())
    startup_every = _number(
        12,
        minimum=1,
        required=False,
        label=_("I opstarten hver"),
        help_text=_("Tomt: samme kadence fra start. Viborg: hver 2. måned det første halve år."),
    )
    startup_months = _number(36, label=_("Opstartens længde i måneder"))


class GroupForm(CadenceForm):
    """A new meeting group, e.g. Frederiksberg's step-up group meeting every 4th week."""

    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-input input-width-l"}),
    )
    kind = forms.ChoiceField(label=_("Slags"), choices=GroupKind.choices, widget=select())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "kind"])


class InvestmentForm(forms.Form):
    year = forms.IntegerField(
        label=_("År"),
        min_value=2015,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    staff = _number(10_000_000_000, label=_("Personale (kr.)"))
    other = _number(10_000_000_000, label=_("Øvrige udgifter (kr.)"))


class RateForm(forms.Form):
    ydelse = forms.ChoiceField(
        label=_("Ydelse"), choices=[(y, label(y)) for y in LEFT_FROM], widget=select()
    )
    kroner_per_year = _number(2_000_000, label=_("Besparelse pr. borger pr. år (kr.)"))
