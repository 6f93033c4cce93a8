"""The early warning and the forecast in words, as STAR reads them on the work queue.

Months are written `ÅÅÅÅ-MM` as in the reports; shares as `12,5 %`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from fremdrift.engine.early_warning import RequirementWarning
from fremdrift.engine.forecast import PayoutOutlook, ThresholdOutlook
from fremdrift.numbers import NOTHING, pct


def warning_sentence(warning: RequirementWarning, navn: str) -> str:
    below = [m for m in warning.months if m.share is not None and not m.suppressed]
    return _(
        "%(indikator)s: under kravet på %(krav)s i %(n)s måneder i træk "
        "(%(fra)s til %(til)s; senest %(senest)s)."
    ) % {
        "indikator": navn,
        "krav": pct(warning.requirement),
        "n": warning.run,
        "fra": warning.months[0].month,
        "til": warning.months[-1].month,
        "senest": pct(below[-1].share) if below else NOTHING,
    }


def threshold_sentence(outlook: PayoutOutlook, t: ThresholdOutlook, kommune: str) -> str:
    values = {
        "kommune": kommune,
        "taerskel": pct(t.threshold),
        "naaet": t.reached or "",
        "maaned": t.forecast or "",
        "udloeb": outlook.period_to,
        "tidligst": t.earliest or "",
        "senest": t.latest or "",
    }
    if t.reached is not None:
        return _("%(kommune)s nåede %(taerskel)s i %(naaet)s (i tilskudsperioden).") % values
    if outlook.period_ended:
        return (
            _("%(kommune)s nåede ikke %(taerskel)s inden tilskudsperiodens udløb %(udloeb)s.")
            % values
        )
    if outlook.forecast is None:
        return (
            _(
                "%(kommune)s har endnu ikke nået %(taerskel)s; for få måneder med tal til en "
                "prognose (mindst 6)."
            )
            % values
        )
    if t.forecast is not None:
        sentence = _("Med den nuværende udvikling når %(kommune)s %(taerskel)s i %(maaned)s") % (
            values
        )
        if t.latest is not None:
            band = _("usikkerhed: tidligst %(tidligst)s, senest %(senest)s") % values
        else:
            band = _("usikkerhed: tidligst %(tidligst)s, måske ikke inden udløbet") % values
        return f"{sentence} ({band})."
    sentence = (
        _(
            "Med den nuværende udvikling når %(kommune)s ikke %(taerskel)s inden "
            "tilskudsperiodens udløb %(udloeb)s"
        )
        % values
    )
    if t.earliest is not None:
        return f"{sentence} " + _("(i bedste fald i %(tidligst)s).") % values
    return f"{sentence}."


def outlook_sentences(outlook: PayoutOutlook, kommune: str) -> list[str]:
    seen = [m for m, *_ in outlook.history if outlook.period_from <= m <= outlook.period_to]
    if outlook.period_ended and not seen:
        # Nothing to judge: the release does not reach back into the grant period.
        return [
            _("Udgivelsen har ingen tal fra tilskudsperioden %(fra)s til %(til)s.")
            % {"fra": outlook.period_from, "til": outlook.period_to}
        ]
    return [threshold_sentence(outlook, t, kommune) for t in outlook.thresholds]


def missing_sentence(month: str) -> str:
    return _(
        "Ingen godkendt leverance for %(month)s: kommunens tal for måneden mangler "
        "(de tæller ikke som 0)."
    ) % {"month": month}
