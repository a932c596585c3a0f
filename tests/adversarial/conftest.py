"""A hang is a failure: every adversarial test gets an alarm clock."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from types import FrameType

import pytest

LIMIT_SECONDS = 300


class Hang(Exception):
    """A test ran past LIMIT_SECONDS."""


def _ring(signum: int, frame: FrameType | None) -> None:
    raise Hang("still running after its time limit: a hang, or time that grows worse than linearly")


@pytest.fixture(autouse=True)
def alarm_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """A module may allow longer with ALARM_SECONDS (the fuzz test, when told to run for long)."""
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.alarm(getattr(request.module, "ALARM_SECONDS", LIMIT_SECONDS))
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
