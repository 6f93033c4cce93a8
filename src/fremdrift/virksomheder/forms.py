"""The form to register a company. The rules (a real CVR number, one company per number in the
municipality) are the service's; its Danish refusals are put next to the field they name."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class VirksomhedForm(forms.Form):
    cvr = forms.CharField(
        label=_("CVR-nummer"),
        max_length=20,
        help_text=_("8 cifre, fx 12345674."),
        error_messages={"required": _("Angiv virksomhedens CVR-nummer.")},
        widget=forms.TextInput(
            attrs={"class": "form-input", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    navn = forms.CharField(
        label=_("Navn"),
        max_length=200,
        error_messages={"required": _("Angiv virksomhedens navn.")},
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "organization"}),
    )
    branche = forms.CharField(
        label=_("Branche"),
        max_length=200,
        required=False,
        help_text=_("Brug gerne en af de brancher, kommunen allerede har."),
        widget=forms.TextInput(attrs={"class": "form-input", "list": "brancher"}),
    )
    kontaktperson = forms.CharField(
        label=_("Kontaktperson"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    kontakt_telefon = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input", "type": "tel"}),
    )
    kontakt_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@firma.dk.")},
        widget=forms.EmailInput(attrs={"class": "form-input"}),
    )

    def add_service_errors(self, error: ValidationError) -> None:
        """Each refusal next to the field it names; the form's fields are the service's."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)
