from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def jf(make_user: Callable[..., Any]) -> Any:
    """A jobformidler in Frederiksberg (147) with a medarbejder."""
    return make_user()


@pytest.fixture
def borger(make_borger: Callable[..., Any]) -> Any:
    """A Frederiksberg citizen without a jobformidler: every jobformidler there may see them."""
    return make_borger()


@pytest.fixture
def fremmed_borger(make_borger: Callable[..., Any]) -> Any:
    """A citizen of another municipality (Viborg, 791): never visible to the Frederiksberg user."""
    return make_borger("791")
