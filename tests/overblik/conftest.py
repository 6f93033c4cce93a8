"""A small municipality imported from a generated delivery running up to TODAY."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fremdrift.delivery.io import write_delivery
from fremdrift.delivery.schema import Delivery
from fremdrift.engine.months import add_months
from fremdrift.leveringer.services import import_delivery
from fremdrift.synth.generate import generate

# The pages compute "now"; so do the tests (the data runs up to this month).
TODAY = date.today()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Delivery, Path]:
    delivery = generate(
        kommuner=["147", "791"],
        seed=3,
        persons=120,
        first=add_months(TODAY, -30),
        last=TODAY,
        cpr=True,
    )
    path = tmp_path_factory.mktemp("overblik") / "levering.zip"
    write_delivery(delivery, path, as_zip=True)
    return delivery, path


@pytest.fixture
def imported(db: None, generated: tuple[Delivery, Path]) -> Delivery:
    delivery, path = generated
    import_delivery(path=path, kommune="147")
    import_delivery(path=path, kommune="791")
    return delivery
