"""The counting rules a report states beside its figures (from docs/indicators.md, in short)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fremdrift.numbers import pct
from fremdrift.reports.content import Definitions


def rules(definitions: Definitions) -> list[str]:
    lines = [
        _(
            "En periode er i måned M, når den begynder senest M's sidste dag og slutter tidligst "
            "M's første dag (eller er åben)."
        ),
        _(
            "En borger tæller i én gruppe pr. måned: gruppen for det forløb, der dækker den "
            "seneste dag i M i programmet. Den, der er kommet ind, bliver i gruppen, også i job; "
            "kun fraflytning, død og folkepension afslutter."
        ),
        _("En aktivitet tæller i M, når den berører M: én dag er nok."),
        _("Hvert tal er et par tæller / nævner; andelen er tæller delt med nævner."),
        _(
            "Diskretionering: uden for kommunen vises intet antal fra 1 til 4 og ingen andel "
            "bygget på det (<5), og en celle mere skjules, hvor en sum ellers ville afsløre den."
        ),
    ]
    if definitions.exclude_exempt:
        lines.append(
            _(
                "Borgere med en fritagelse på M's sidste dag holdes uden for gruppe 1's tæller og "
                "nævner; antallet står ved hver indikator."
            )
        )
    if definitions.payout:
        steps = ", ".join(
            _("%(share)s udløser %(part)s af tilskuddet") % {"share": pct(share), "part": pct(part)}
            for share, part in definitions.payout.thresholds
        )
        lines.append(
            _(
                "Udbetaling: rate 1 er %(rate1)s af tilskuddet; rate 2 efter den bedste måned i "
                "perioden: %(steps)s."
            )
            % {"rate1": pct(definitions.payout.rate1), "steps": steps}
        )
    return lines
