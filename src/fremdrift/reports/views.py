"""The monthly report on the web: thin views over reports.selectors and the one set of templates."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fremdrift.engine.definitions import INITIATIVE_KEYS, load_initiative
from fremdrift.engine.months import format_month, parse_month
from fremdrift.errors import UserError
from fremdrift.organisation.models import User
from fremdrift.reference.kommuner import is_kommunekode
from fremdrift.releases.models import Release
from fremdrift.reports import access, files, selectors
from fremdrift.reports.content import KommuneReport, NationalReport
from fremdrift.reports.render import context, title

SORT_DEFAULT = "navn"


class _Choice:
    """The month and initiative asked for, and the release for them (or why there is none)."""

    def __init__(self, request: HttpRequest) -> None:
        asked = request.GET.get("initiative", "fsm2")
        self.initiative = asked if asked in INITIATIVE_KEYS else "fsm2"
        self.months = selectors.release_months(self.initiative)
        self.error = ""
        self.release: Release | None = None
        text = request.GET.get("month", "").strip()
        self.month = text or (self.months[0] if self.months else "")
        if text:
            try:
                self.month = format_month(parse_month(text))
            except UserError:
                self.error = _("Skriv måneden som ÅÅÅÅ-MM, fx 2021-03.")
                return
        if self.month:
            self.release = selectors.report_release(initiative=self.initiative, month=self.month)
        if self.release is None:
            self.error = (
                _("%(month)s er ikke udgivet for %(initiative)s endnu.")
                % {"month": self.month, "initiative": load_initiative(self.initiative).navn}
                if self.month
                else _("Der er ingen udgivelser endnu.")
            )

    def page(self, **extra: object) -> dict[str, object]:
        return {
            "month": self.month,
            "initiative": self.initiative,
            "initiatives": [(k, load_initiative(k).navn) for k in INITIATIVE_KEYS],
            "months": self.months,
            "error": self.error,
            **extra,
        }


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """STAR: the national report; a municipality's management: its own municipality's."""
    user = _user(request)
    if not access.is_star(user):
        access.kommune_access(user, user.kommune_id or "")
        target = reverse("reports:kommune", kwargs={"kommunekode": user.kommune_id})
        query = request.GET.urlencode()
        return redirect(f"{target}?{query}" if query else target)
    choice = _Choice(request)
    sort = request.GET.get("sort", SORT_DEFAULT)
    descending = request.GET.get("order") == "desc"
    extra: dict[str, object] = {
        "title": _("Månedsrapport: hele landet"),
        "body": "",
        "sort": sort,
        "order": "desc" if descending else "asc",
        "download_url": reverse("reports:national-download"),
        "kommune_url": reverse("reports:index"),
    }
    if choice.release is not None:
        report = selectors.national(choice.release)
        valid = {"navn", "kode", "stoerrelse", *(i.key for i in report.indicators)}
        if sort not in valid:
            sort = SORT_DEFAULT
        base = "?" + urlencode({"month": choice.month, "initiative": choice.initiative})
        extra |= context(report, sort=sort, descending=descending, sort_url=base)
        extra |= {"title": title(report), "sort": sort}
    return render(request, "reports/page.html", choice.page(**extra))


def _kommunekode(kommunekode: str) -> str:
    if not is_kommunekode(kommunekode):
        raise Http404(_("Ukendt kommunekode."))
    return kommunekode


@login_required
def kommune(request: HttpRequest, kommunekode: str) -> HttpResponse:
    exact = access.kommune_access(_user(request), kommunekode)
    _kommunekode(kommunekode)
    choice = _Choice(request)
    extra: dict[str, object] = {
        "title": _("Månedsrapport"),
        "body": "",
        "download_url": reverse("reports:kommune-download", kwargs={"kommunekode": kommunekode}),
        "back_url": reverse("reports:index") if access.is_star(_user(request)) else "",
    }
    if choice.release is not None:
        report = selectors.kommune(choice.release, kommunekode, exact=exact)
        extra |= context(report) | {"title": title(report)}
    return render(request, "reports/page.html", choice.page(**extra))


def _download(request: HttpRequest, kommunekode: str | None) -> HttpResponse:
    fmt = request.GET.get("format", "pdf")
    if fmt not in files.CONTENT_TYPES:
        raise Http404(_("Ukendt filformat."))
    choice = _Choice(request)
    if choice.release is None:
        raise Http404(choice.error)
    report: KommuneReport | NationalReport
    if kommunekode is None:
        report = selectors.national(choice.release)
    else:
        exact = access.kommune_access(_user(request), kommunekode)
        report = selectors.kommune(choice.release, kommunekode, exact=exact)
    response = HttpResponse(files.render(report, fmt), content_type=files.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{files.filename(report, fmt)}"'
    return response


@login_required
def national_download(request: HttpRequest) -> HttpResponse:
    access.require_national(_user(request))
    return _download(request, None)


@login_required
def kommune_download(request: HttpRequest, kommunekode: str) -> HttpResponse:
    access.kommune_access(_user(request), kommunekode)
    return _download(request, _kommunekode(kommunekode))
