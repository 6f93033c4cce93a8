"""The GET form of Min sagsstamme: whose caseload, which filter, which order.

Every field is optional and a value the form does not know counts as not given, so a link that
was bookmarked before a filter changed still opens the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.indsats.selectors import FILTER_FIELDS, SORT_KEYS, CvStatus, SagsstammeFilter
from fremdrift.organisation.models import Medarbejder

DEFAULT_SORT = "frist"
SORT_CHOICES = [(key, key) for key in SORT_KEYS] + [(f"-{key}", f"-{key}") for key in SORT_KEYS]


class SagsstammeForm(forms.Form):
    medarbejder = forms.TypedChoiceField(
        label=_("Jobformidler"), coerce=int, required=False, empty_value=None
    )
    trin = forms.ChoiceField(
        label=_("Trin"),
        required=False,
        choices=[
            ("", _("Alle trin")),
            ("1", _("Trin 1: startafklaring")),
            ("2", _("Trin 2: på vej mod job")),
            ("3", _("Trin 3: virksomhedsforløb")),
            ("ingen", _("Intet trin")),
        ],
    )
    kontakt = forms.ChoiceField(
        label=_("Kontakt"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("uge", _("Skal holdes denne uge")),
            ("forfalden", _("Forfalden")),
        ],
    )
    cv = forms.ChoiceField(
        label=_("CV"),
        required=False,
        choices=[
            ("", _("Alle")),
            (CvStatus.MANGLER.value, _("Mangler")),
            (CvStatus.FORAELDET.value, _("Ældre end 6 måneder")),
            (CvStatus.OK.value, _("I orden")),
        ],
    )
    jobmaal = forms.ChoiceField(
        label=_("Jobmål"),
        required=False,
        choices=[("", _("Alle")), ("mangler", _("Mangler"))],
    )
    aftale = forms.ChoiceField(
        label=_("Aftale"),
        required=False,
        choices=[("", _("Alle")), ("ingen", _("Ingen aftale")), ("har", _("Har en aftale"))],
    )
    overskredet = forms.BooleanField(label=_("Overskredet frist"), required=False)
    inaktiv = forms.BooleanField(label=_("Ingen kontakt i 30 dage"), required=False)
    stepup = forms.BooleanField(label=_("Step-up"), required=False)
    fritaget = forms.BooleanField(label=_("Fritaget"), required=False)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, medarbejdere: Iterable[Medarbejder] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["medarbejder"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(m.pk, str(m)) for m in medarbejdere]
        self.is_valid()  # fills cleaned_data with the fields that are valid

    def cleaned(self, name: str) -> Any:
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None

    def selection(self) -> SagsstammeFilter:
        return SagsstammeFilter(
            **{name: value for name in FILTER_FIELDS if (value := self.cleaned(name))}
        )

    def sort_key(self) -> tuple[str, bool]:
        """The key and whether it is descending (a leading minus)."""
        value = self.cleaned("sort") or DEFAULT_SORT
        return value.lstrip("-"), value.startswith("-")
