"""Progress: rewritten in place on a terminal, a plain line now and then in a log."""

from __future__ import annotations

import io

from extractor.progress import LOG_EVERY_S, Progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_log_gets_one_plain_line_per_interval_not_one_per_file():
    log, clock = io.StringIO(), Clock()
    progress = Progress(total=100, stream=log, clock=clock)
    for index in range(10):
        clock.now = index * LOG_EVERY_S / 4
        progress(f"dep-{index:04d}")
    progress.close()
    lines = log.getvalue().splitlines()
    assert lines == ["segur: 5/100 lu(s) — dep-0004", "segur: 9/100 lu(s) — dep-0008"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_counter_rewritten_in_place():
    terminal = Terminal()
    progress = Progress(stream=terminal)
    progress("a.pdf")
    progress("b.pdf")
    progress.close()
    assert terminal.getvalue() == "\r\x1b[Ksegur: 1 lu(s) — a.pdf\r\x1b[Ksegur: 2 lu(s) — b.pdf\n"
