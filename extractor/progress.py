"""Progress on standard error: a counter that rewrites itself on a terminal; in a log (a sweep
run in the background), one plain line at most every ``LOG_EVERY_S`` seconds."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

LOG_EVERY_S = 30.0


class Progress:
    def __init__(
        self,
        total: int | None = None,
        stream: TextIO = sys.stderr,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.terminal = stream.isatty()
        self.clock = clock
        self.last_line = clock()

    def __call__(self, name: str) -> None:
        self.done += 1
        total = f"/{self.total}" if self.total else ""
        status = f"segur: {self.done}{total} lu(s) — {name[-60:]}"
        if self.terminal:
            self.stream.write(f"\r\033[K{status}")
        elif (now := self.clock()) - self.last_line >= LOG_EVERY_S:
            self.stream.write(status + "\n")
            self.last_line = now
        else:
            return
        self.stream.flush()

    def close(self) -> None:
        if self.terminal and self.done:
            self.stream.write("\n")
