"""The three screens cost the same number of queries whatever the number of citizens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.borgere.models import Forloeb
from fremdrift.indsats.models import CV, Jobmaal
from fremdrift.tavler.models import Tavle
from fremdrift.tavler.services import move_to_board
from fremdrift.virksomheder.models import Aftale, Virksomhed

from .conftest import Centre, hold, step

pytestmark = pytest.mark.django_db
SCREENS = ("tavler:tavler", "tavler:indsatsmodellen", "tavler:sagsstammer")


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_citizens(centre: Centre, make_borger: Callable[..., Any], n: int) -> None:
    shop = Virksomhed.objects.get_or_create(
        kommune_id="147", cvr="50000001", defaults={"navn": "Butikken", "branche": "Detail"}
    )[0]
    for i in range(n):
        b = make_borger(navn=f"Ekstra {i}")
        Forloeb.objects.create(
            borger=b, initiativ="fsm2", gruppe=1, start=centre.today - timedelta(days=200)
        )
        hold(b, centre.staff["bo"], centre.today - timedelta(days=100 + i))
        step(b, 3, centre.today - timedelta(days=40))
        CV.objects.create(borger=b, senest_opdateret=centre.today)
        Jobmaal.objects.create(borger=b, beskrivelse="Butiksassistent", start=centre.today)
        Aftale.objects.create(
            borger=b,
            aktivitet="loennede_timer",
            virksomhed=shop,
            start=centre.today - timedelta(days=20),
        )
        move_to_board(actor=centre.users["tina"], borger=b, tavle=Tavle.PAA_SPRING)


@pytest.mark.parametrize("screen", SCREENS)
def test_no_query_per_citizen(centre: Centre, make_borger: Callable[..., Any], screen: str) -> None:
    client = Client()
    client.force_login(centre.users["tina"])
    url = reverse(screen)
    add_citizens(centre, make_borger, 2)
    few = queries(client, url)
    add_citizens(centre, make_borger, 8)
    assert queries(client, url) == few
