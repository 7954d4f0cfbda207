"""Exceptions with a stable reason and a message for people; the CLI maps them to exit codes."""

from __future__ import annotations

from extractor.messages import message

EXIT_OK = 0
EXIT_BLOCKING = 1
EXIT_BAD_INPUT = 2


class SegurError(Exception):
    """Base of every error the tool reports to a person (never as a traceback)."""

    def __init__(self, reason: str, detail: str = "", key: str | None = None) -> None:
        """``reason`` is the stable code; ``key`` picks a more precise message (default: reason)."""
        self.reason = reason
        self.detail = detail
        super().__init__(message(key or reason, detail))


class UnreadableFile(SegurError):
    """One file or archive member cannot be read; the others go on."""


class UsageError(SegurError):
    """The command cannot run at all (missing input, missing Tesseract)."""
