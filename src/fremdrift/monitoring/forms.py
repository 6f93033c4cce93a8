"""Forms of STAR's follow-up: a note on a municipality, a grant."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Opfølgning"),
        help_text=_("Hvad er gjort: kontakt, aftaler, næste skridt."),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
        required=False,  # the service says what is missing, next to the field
    )


def _kroner(raw: str) -> Decimal | None:
    """Kroner as a Danish screen writes them: `.` between thousands, `,` before øre."""
    raw = raw.strip().removesuffix("kr.").strip()
    if not raw:
        return None
    digits = raw.replace(" ", "").replace(".", "").replace(",", ".")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount != round(amount, 2):
        raise forms.ValidationError(
            _("Skriv beløbet i kroner, fx 3.500.000 eller 3500000,50."), code="invalid"
        )
    return amount


class GrantForm(forms.Form):
    amount = forms.CharField(
        label=_("Tilskud (kr.)"),
        widget=forms.TextInput(attrs={"class": "form-input input-width-m", "inputmode": "decimal"}),
    )
    period_from = forms.CharField(
        label=_("Tilskudsperiode fra (ÅÅÅÅ-MM)"),
        widget=forms.TextInput(attrs={"class": "form-input input-width-xs"}),
    )
    period_to = forms.CharField(
        label=_("Tilskudsperiode til (ÅÅÅÅ-MM)"),
        widget=forms.TextInput(attrs={"class": "form-input input-width-xs"}),
    )
    costs_documented = forms.CharField(
        label=_("Dokumenterede udgifter (kr.)"),
        help_text=_("Fx 3.500.000 eller 3500000,50. Tom: intet regnskab endnu."),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input input-width-m", "inputmode": "decimal"}),
    )
    rate1_paid = forms.BooleanField(label=_("1. rate er udbetalt"), required=False)

    def clean_amount(self) -> Decimal | None:
        return _kroner(self.cleaned_data["amount"])

    def clean_costs_documented(self) -> Decimal | None:
        return _kroner(self.cleaned_data["costs_documented"])
