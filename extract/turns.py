"""Turns at the CPU for the articles of a batch: one computes at a time, first come first served.

asyncio steps every ready task in turn. When many answers arrive together, each article's CPU
work (parse, validate, ground, write, prepare its next request) is spread thin over the whole
burst: all of them finish late and together, their next requests leave together, and with a
steady latency the waves never spread out, so the endpoint idles between them. Taking turns
fixes that: an article computes until it waits on the network, then hands the CPU to the
article that has waited longest. Each finishes as early as it can, and requests spread out
over the latency instead of leaving in waves.

The runner gives each article a turn with :meth:`Turns.hold`; the transport steps aside with
:func:`waiting` while a request is on the network. Outside a batch both do nothing.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass


@dataclass
class _Seat:
    turns: Turns
    held: bool = False


_seat: contextvars.ContextVar[_Seat | None] = contextvars.ContextVar("kaocha_turn", default=None)


class Turns:
    def __init__(self) -> None:
        self._lock = asyncio.Lock()  # its waiters are woken in the order they came

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        """Compute only in turn for the rest of this task's block."""
        seat = _Seat(self)
        token = _seat.set(seat)
        try:
            await self._lock.acquire()
            seat.held = True
            yield
        finally:
            if seat.held:
                seat.held = False
                self._lock.release()
            _seat.reset(token)


@asynccontextmanager
async def waiting() -> AsyncIterator[None]:
    """Give the turn up while the block waits (on the network), and queue for it after."""
    seat = _seat.get()
    if seat is None or not seat.held:
        yield
        return
    seat.held = False
    seat.turns._lock.release()
    try:
        yield
    finally:
        await seat.turns._lock.acquire()
        seat.held = True
