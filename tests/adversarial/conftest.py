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
    raise Hang(f"still running after {LIMIT_SECONDS} s: a hang, or time that grows worse than linearly")


@pytest.fixture(autouse=True)
def alarm_clock() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.alarm(LIMIT_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
