from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

# Made up to pass the modulus-11 check.
CVR_A = "10000009"
CVR_B = "20000007"


@pytest.fixture
def jf(make_user: Callable[..., Any]) -> Any:
    return make_user()


@pytest.fixture
def borger(make_borger: Callable[..., Any]) -> Any:
    return make_borger()


@pytest.fixture
def virksomhed(jf: Any) -> Any:
    from fremdrift.virksomheder.services import register_virksomhed

    return register_virksomhed(
        actor=jf, cvr=CVR_A, navn="Bageriet ApS", branche="Fødevarer", kontaktperson="Ole"
    )
