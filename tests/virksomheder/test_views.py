"""The company screens: the network by branche, one company's agreements, registering one."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fremdrift.audit.models import Action, AuditEvent
from fremdrift.borgere.models import Markering
from fremdrift.organisation.models import Role
from fremdrift.virksomheder.models import Aftale, Virksomhed
from tests.virksomheder.conftest import CVR_A, CVR_B

pytestmark = pytest.mark.django_db

LIST = "/virksomheder/"
REGISTER = "/virksomheder/ny/"
FORSLAG = "/virksomheder/forslag/"
# More made-up numbers that pass the modulus-11 check.
GOOD_CVRS = ["30000005", "40000003", "50000001", "60000008", "70000006", "80000004"]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def company(kommune: str, cvr: str, navn: str, branche: str = "", **fields: Any) -> Virksomhed:
    return Virksomhed.objects.create(
        kommune_id=kommune, cvr=cvr, navn=navn, branche=branche, **fields
    )


def agreement(borger: Any, virksomhed: Virksomhed, **fields: Any) -> Aftale:
    fields.setdefault("start", timezone.localdate() - timedelta(days=30))
    return Aftale.objects.create(
        borger=borger, aktivitet="virksomhedspraktik", virksomhed=virksomhed, **fields
    )


def test_the_list_groups_by_branche_with_contact_and_open_agreements(
    jf: Any, make_borger: Callable[..., Any]
) -> None:
    bager = company(
        "147",
        CVR_A,
        "Bageriet ApS",
        "Fødevarer",
        kontaktperson="Ole Bager",
        kontakt_telefon="12 34 56 78",
        kontakt_email="ole@bageriet.dk",
    )
    company("147", CVR_B, "Lageret", "Logistik")
    company("147", GOOD_CVRS[0], "Uden Branche A/S")
    company("791", GOOD_CVRS[1], "Viborg Værft", "Fødevarer")
    agreement(make_borger(), bager)
    agreement(make_borger(), bager, slut=timezone.localdate() - timedelta(days=1))  # ended
    response = logged_in(jf).get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Viborg Værft" not in page
    # The branches in order, each a row heading its companies.
    headings = re.findall(r'<th scope="rowgroup" colspan="6">([^<]*)</th>', page)
    assert headings == ["Uden branche", "Fødevarer", "Logistik"]
    assert "Ole Bager" in page
    # The overview by branche: companies and open agreements, each a link to its companies.
    overview = re.findall(
        r'<th scope="row"><a href="\?branche=([^"]*)">[^<]*</a></th>\s*'
        r'<td class="app-number">(\d+)</td>\s*<td class="app-number">(\d+)</td>',
        page,
    )
    assert overview == [("-", "1", "0"), ("F%C3%B8devarer", "1", "1"), ("Logistik", "1", "0")]
    assert 'href="tel:12345678"' in page
    assert 'href="mailto:ole@bageriet.dk"' in page
    row = re.search(r"Bageriet ApS</a></th>(.*?)</tr>", page, re.S)
    assert row is not None
    assert re.search(r'<td class="app-number"[^>]*>1</td>', row.group(1))
    assert f'href="{reverse("virksomheder:detail", args=[bager.pk])}"' in page
    # Companies are no citizens: looking at the list is not logged.
    assert not AuditEvent.objects.exists()


def test_the_list_filters_by_branche_and_searches_by_name_or_cvr(jf: Any) -> None:
    company("147", CVR_A, "Bageriet ApS", "Fødevarer")
    company("147", CVR_B, "Lageret", "Logistik")
    company("147", GOOD_CVRS[0], "Uden Branche A/S")
    client = logged_in(jf)

    def names(**params: str) -> list[str]:
        page = client.get(LIST, params).content.decode()
        results = page.split('id="resultat"', 1)[1]
        return re.findall(r'<th scope="row"[^>]*><a href="[^"]+">([^<]*)</a>', results)

    assert names(branche="Logistik") == ["Lageret"]
    assert names(branche="-") == ["Uden Branche A/S"]
    assert names(q="bager") == ["Bageriet ApS"]
    assert names(q=CVR_B[:4]) == ["Lageret"]
    assert names(q="bager", branche="Logistik") == []
    page = client.get(LIST, {"q": "findes ikke"}).content.decode()
    assert "Ingen virksomheder passer til søgningen." in page
    # The chosen filter is shown as chosen.
    assert (
        '<option value="Logistik" selected>'
        in client.get(LIST, {"branche": "Logistik"}).content.decode()
    )


def test_the_detail_shows_visible_citizens_and_only_counts_the_others(
    make_user: Callable[..., Any],
    make_borger: Callable[..., Any],
    make_medarbejder: Callable[..., Any],
) -> None:
    me = make_medarbejder("147")
    jf = make_user(Role.JOBFORMIDLER, "147", medarbejder=me)
    mine = make_borger("147", navn="Mette Min")
    theirs = make_borger("147", navn="Tage Teirs", foedselsdato=date(1970, 2, 3))
    for borger, holder in ((mine, me), (theirs, make_medarbejder("147"))):
        Markering.objects.create(
            borger=borger, markering="jobformidler", medarbejder=holder, start=date(2024, 1, 1)
        )
    bager = company("147", CVR_A, "Bageriet ApS", "Fødevarer")
    agreement(mine, bager, timer_pr_uge=12.5, kontaktperson="Ole")
    agreement(theirs, bager)
    agreement(mine, bager, slut=timezone.localdate() - timedelta(days=1))  # ended: not listed
    response = logged_in(jf).get(reverse("virksomheder:detail", args=[bager.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mette Min" in page
    assert f"{mine.person_id[:6]}-xxxx" in page and mine.person_id not in page
    assert "12,5" in page or "12.5" in page
    assert "Tage" not in page and theirs.person_id[:6] not in page
    assert "Desuden 1 åben aftale med en borger, du ikke har adgang til." in page
    event = AuditEvent.objects.get()
    assert (event.action, event.view, event.object_id) == (
        Action.VIEW,
        "virksomheder:detail",
        str(bager.pk),
    )
    assert event.after == {"borger_ids": [mine.pk]}


def test_another_municipalitys_company_is_a_404_and_star_gets_403(
    jf: Any, make_user: Callable[..., Any]
) -> None:
    viborg = company("791", CVR_A, "Viborg Værft")
    assert logged_in(jf).get(reverse("virksomheder:detail", args=[viborg.pk])).status_code == 404
    star = logged_in(make_user(Role.STAR))
    for url in (LIST, REGISTER, FORSLAG, reverse("virksomheder:detail", args=[viborg.pk])):
        assert star.get(url).status_code == 403
    assert star.post(REGISTER, {"cvr": CVR_B, "navn": "X"}).status_code == 403
    assert not Virksomhed.objects.filter(cvr=CVR_B).exists()
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {Action.DENIED}


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("1234", "Et CVR-nummer har 8 cifre."),
        ("10000008", "CVR-nummeret findes ikke: kontrolcifferet passer ikke."),
        ("", "Angiv virksomhedens CVR-nummer."),
    ],
)
def test_a_bad_cvr_number_is_refused_in_danish_next_to_the_field(
    jf: Any, cvr: str, message: str
) -> None:
    response = logged_in(jf).post(REGISTER, {"cvr": cvr, "navn": "Bageriet ApS"})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    field = re.search(r'<input type="text" name="cvr"[^>]*>', page)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert "id_cvr_error" in field.group(0)
    assert re.search(r'id="id_cvr_error"[^>]*>.*' + re.escape(message), page, re.S)
    # What was typed is kept, the name too.
    assert 'value="Bageriet ApS"' in page
    assert not Virksomhed.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_good_registration_lands_on_the_company(jf: Any) -> None:
    client = logged_in(jf)
    response = client.post(
        REGISTER,
        {
            "cvr": f"DK {CVR_A[:4]} {CVR_A[4:]}",
            "navn": " Bageriet ApS ",
            "branche": "Fødevarer",
            "kontaktperson": "Ole",
            "kontakt_telefon": "12345678",
            "kontakt_email": "ole@bageriet.dk",
        },
    )
    virksomhed = Virksomhed.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("virksomheder:detail", args=[virksomhed.pk])
    assert (virksomhed.kommune_id, virksomhed.cvr, virksomhed.navn) == (
        "147",
        CVR_A,
        "Bageriet ApS",
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (Action.CREATE, jf)
    page = client.get(response.headers["Location"]).content.decode()
    assert "er registreret" in page and "Bageriet ApS" in page


def test_a_company_registered_already_and_a_bad_email_are_refused(jf: Any) -> None:
    company("147", CVR_A, "Bageriet ApS")
    client = logged_in(jf)
    page = client.post(REGISTER, {"cvr": CVR_A, "navn": "Igen"}).content.decode()
    assert "er allerede registreret som Bageriet ApS" in page
    page = client.post(
        REGISTER, {"cvr": CVR_B, "navn": "Lageret", "kontakt_email": "ikke en adresse"}
    ).content.decode()
    assert "Skriv en gyldig e-mailadresse" in page
    assert 'id="id_kontakt_email_error"' in page
    assert Virksomhed.objects.count() == 1


def test_pages_cost_the_same_queries_for_few_and_many(
    jf: Any, make_borger: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    client = logged_in(jf)
    first = company("147", CVR_A, "Bageriet ApS", "Fødevarer", kontaktperson="Ole")
    agreement(make_borger(), first)
    detail = reverse("virksomheder:detail", args=[first.pk])
    client.get(LIST)  # warm the session
    counts = {}
    for url in (LIST, detail):
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few)
    for i, cvr in enumerate([CVR_B, *GOOD_CVRS]):
        other = company("147", cvr, f"Firma {i}", ["Fødevarer", "Logistik", ""][i % 3])
        agreement(make_borger(), other)
        agreement(make_borger(), first)
    for url, expected in counts.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


def test_suggestions_for_the_company_field_as_options(
    jf: Any, django_assert_num_queries: Any
) -> None:
    """The Borgerside's company field asks as one types (htmx sends the field's own name)."""
    client = logged_in(jf)
    company("147", CVR_A, 'Bager & Søn "Hjørnet"')
    company("147", CVR_B, "Bageriet ApS")
    company("791", GOOD_CVRS[0], "Viborg Bageri")
    client.get(FORSLAG)  # warm the session
    for params in ({"q": "bager"}, {"aftale-virksomhed": "BAGER"}):
        page = client.get(FORSLAG, params).content.decode()
        assert page.strip().splitlines() == [
            '<option value="Bager &amp; Søn &quot;Hjørnet&quot; (CVR 10000009)"></option>',
            '<option value="Bageriet ApS (CVR 20000007)"></option>',
        ]
    assert client.get(FORSLAG, {"q": "2000"}).content.decode().count("<option") == 1
    assert client.get(FORSLAG, {"q": ""}).content.decode().strip() == ""
    assert client.get(FORSLAG).content.decode().strip() == ""
    # At most ten, in one query (and the session's and user's), however many match.
    for n, cvr in enumerate(GOOD_CVRS[1:]):
        company("147", cvr, f"Bageri nr. {n}")
    for n in range(10):
        company("147", f"9{n:07d}", f"Bagerbutik {n}")
    with django_assert_num_queries(3):
        page = client.get(FORSLAG, {"q": "bager"}).content.decode()
    assert page.count("<option") == 10
    # Suggestions are no look at a citizen: nothing is logged.
    assert not AuditEvent.objects.exists()
