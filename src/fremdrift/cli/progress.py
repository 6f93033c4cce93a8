"""A progress bar on standard error for the commands' long steps (hidden when not a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def stages(names: Sequence[str]) -> Iterator[Callable[[str], None]]:
    """Yield `step(name)`: call it as each stage begins; the bar shows the stage and the count."""
    bar = tqdm(total=len(names), unit="trin", disable=not sys.stderr.isatty(), leave=False)
    started = False

    def step(name: str) -> None:
        nonlocal started
        if started:
            bar.update(1)
        started = True
        bar.set_description(name)

    with bar:
        yield step
        bar.update(1)
