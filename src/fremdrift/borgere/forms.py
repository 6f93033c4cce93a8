"""The Borgerside's small forms. They only parse what was typed (dates, numbers, choices); every
rule about the case lives in the services, whose Danish refusals `add_service_error` puts next
to the field they name.

Each form has its own prefix, so that the many forms of one page never share an element id.
Numbers are read the Danish way (`12,5`) and date fields are the browser's date input (ISO).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.labels import label
from fremdrift.indsats.models import Kontaktform
from fremdrift.virksomheder.models import Aftaletype


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "form-input input-width-s", **(attrs or {})})
        self.format = "%Y-%m-%d"


def date_field(label_text: Any, *, required: bool = True, today: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label_text,
        required=required,
        widget=DateInput(),
        initial=timezone.localdate if today else None,
    )


def text_input(width: str = "input-width-l") -> forms.TextInput:
    return forms.TextInput(attrs={"class": f"form-input {width}"})


def textarea() -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": 3})


class Select(forms.Select):
    """Django's select, with its options written here rather than by two templates each: the
    same HTML, at a fraction of the cost of a long list. The jobformidler select lists the
    municipality's whole staff (150 in a large one) on every Borgerside."""

    template_name = "borgere/widgets/select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = _options_html(context["widget"]["optgroups"])
        return context


def _options_html(optgroups: list[tuple[str | None, list[dict[str, Any]], int]]) -> SafeString:
    html = []
    for group, options, _index in optgroups:
        rows = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
        )
        html.append(
            format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group, rows)
            if group
            else rows
        )
    return SafeString("".join(html))  # each part escaped by format_html


def select() -> Select:
    return Select(attrs={"class": "form-select"})


def decimal_input() -> forms.TextInput:
    # Text, not type=number: the browser would refuse a Danish comma, and its own range check
    # would hide the service's Danish message.
    return forms.TextInput(
        attrs={"class": "form-input input-width-xs", "inputmode": "decimal", "autocomplete": "off"}
    )


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal on the form: next to the field it names, else above the form.

    A key the form has no visible field for (a model field the service checked) goes above.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        shown = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if shown else None, errors)


class KontaktForm(forms.Form):
    prefix = "kontakt"
    dato = date_field(_("Dato"), today=True)
    form = forms.ChoiceField(label=_("Form"), choices=Kontaktform.choices, widget=select())
    med_hvem = forms.CharField(
        label=_("Med hvem"),
        required=False,
        max_length=200,
        help_text=_("Fx borgeren, en arbejdsgiver eller en fra netværket."),
        widget=text_input(),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=textarea())


class TrinForm(forms.Form):
    prefix = "trin"
    # The step shown on the button: if someone moved the citizen meanwhile, the service refuses.
    trin = forms.IntegerField(widget=forms.HiddenInput)
    start = date_field(_("Startdato for det nye trin"), today=True)


MARKERINGER = ("rehabilitering", "step_up", "fritagelse")


class MarkeringForm(forms.Form):
    prefix = "markering"
    markering = forms.ChoiceField(
        label=_("Markering"),
        choices=[("", _("Vælg markering")), *((m, label(m)) for m in MARKERINGER)],
        widget=select(),
    )
    start = date_field(_("Fra"), today=True)
    slut = date_field(_("Til"), required=False)
    fritagelsesgrund = forms.CharField(
        label=_("Fritagelsesgrund"),
        required=False,
        max_length=200,
        help_text=_("Skal udfyldes ved en fritagelse."),
        widget=text_input(),
    )


class AfslutMarkeringForm(forms.Form):
    slut = date_field(_("Slutdato"), today=True)

    def __init__(self, *args: Any, markering_id: int, **kwargs: Any) -> None:
        kwargs["prefix"] = f"afslut-{markering_id}"
        super().__init__(*args, **kwargs)


class JobformidlerForm(forms.Form):
    prefix = "jobformidler"
    medarbejder = forms.TypedChoiceField(label=_("Jobformidler"), coerce=int, widget=select())
    start = date_field(_("Fra"), today=True)
    override_reason = forms.CharField(
        label=_("Begrundelse for at overskride loftet"),
        required=False,
        max_length=500,
        help_text=_("Kun for ledere, og kun når jobformidlerens sagsstamme er over loftet."),
        widget=textarea(),
    )

    def __init__(
        self, *args: Any, choices: Sequence[tuple[int, str]], leader: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["medarbejder"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Vælg jobformidler")), *choices]
        if not leader:
            del self.fields["override_reason"]


# The id of the <datalist> of suggested companies next to the agreement form's company field.
VIRKSOMHED_FORSLAG = "aftale-virksomhed-forslag"


class AftaleForm(forms.Form):
    prefix = "aftale"
    aktivitet = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Vælg type")), *Aftaletype.choices],
        widget=select(),
    )
    # Typed, not picked from a list of every company in the municipality (thousands): the
    # action resolves it (`virksomheder.selectors.resolve_virksomhed`). With JavaScript, htmx
    # fills the <datalist> VIRKSOMHED_FORSLAG with suggestions as the caseworker types.
    virksomhed = forms.CharField(
        label=_("Virksomhed (CVR-nummer eller navn)"),
        required=False,
        max_length=250,
        help_text=_("Virksomheden skal være registreret under Virksomheder."),
        widget=forms.TextInput(
            attrs={
                "class": "form-input input-width-l",
                "autocomplete": "off",
                "list": VIRKSOMHED_FORSLAG,
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{VIRKSOMHED_FORSLAG}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                # Not the form's (the submit button stays enabled while suggestions load).
                "hx-disabled-elt": "unset",
            }
        ),
    )
    timer_pr_uge = forms.FloatField(
        label=_("Timer pr. uge"), required=False, localize=True, widget=decimal_input()
    )
    opgaver = forms.CharField(label=_("Opgaver"), required=False, widget=textarea())
    kontaktperson = forms.CharField(
        label=_("Kontaktperson på virksomheden"),
        required=False,
        max_length=200,
        widget=text_input(),
    )
    progressionsplan = forms.CharField(
        label=_("Plan for progression mod lønnede timer"), required=False, widget=textarea()
    )
    start = date_field(_("Start"), today=True)
    slut = date_field(_("Slut"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["virksomhed"].widget
        widget.attrs["hx-get"] = reverse("virksomheder:forslag")


class TimerForm(forms.Form):
    maaned = forms.TypedChoiceField(label=_("Måned"), coerce=date.fromisoformat, widget=select())
    timer = forms.DecimalField(
        label=_("Timer i måneden"),
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=decimal_input(),
    )

    def __init__(self, *args: Any, aftale_id: int, months: Sequence[date], **kwargs: Any) -> None:
        kwargs["prefix"] = f"timer-{aftale_id}"
        super().__init__(*args, **kwargs)
        field = self.fields["maaned"]
        assert isinstance(field, forms.TypedChoiceField)
        # Newest first: the month just ended is the one usually registered.
        field.choices = [(m.isoformat(), dateformat.format(m, "F Y")) for m in reversed(months)]
        if months and not self.is_bound:
            self.initial.setdefault("maaned", _default_month(months).isoformat())


def _default_month(months: Sequence[date]) -> date:
    """Last month if the agreement ran then, else the latest month it has."""
    this_month = timezone.localdate().replace(day=1)
    earlier = [m for m in months if m < this_month]
    return earlier[-1] if earlier else months[-1]
