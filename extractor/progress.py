"""Progress on standard error: a counter that rewrites itself on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    def __init__(self, total: int | None = None, stream: TextIO = sys.stderr) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = stream.isatty()

    def __call__(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        total = f"/{self.total}" if self.total else ""
        self.stream.write(f"\r\033[Ksegur: {self.done}{total} fichier(s) lu(s) — {name[-60:]}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
