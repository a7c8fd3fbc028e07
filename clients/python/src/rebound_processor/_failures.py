"""How an exception that ends a run becomes a ``pipeline.processor.failed.v1``: reason, message, retryable."""

from __future__ import annotations

from dataclasses import dataclass

from ._schema import schema_for

REASONS = ("error", "stuck", "upstream_missing", "timeout")
_DEFAULT_MAX_MESSAGE = 4000


class RunFailure(Exception):
    """Raise it (or a subclass) in a run's block to say exactly how the run failed.

    ``reason`` is one of ``error``, ``upstream_missing``, ``timeout`` (``stuck`` is heartbeat-tracker's verdict);
    ``retryable=False`` tells Rebound that running it again will not help.
    """

    def __init__(self, message: str, *, reason: str = "error", retryable: bool = True) -> None:
        super().__init__(message)
        if reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}, was {reason!r}")
        self.reason = reason
        self.retryable = retryable


class UpstreamMissing(RunFailure):
    """An input the run needs is missing or too thin; retryable, since it may be there next time."""

    def __init__(self, message: str) -> None:
        super().__init__(message, reason="upstream_missing", retryable=True)


@dataclass(frozen=True)
class FailureReport:
    reason: str
    message: str
    retryable: bool


def report(failure: BaseException) -> FailureReport:
    """The documented mapping.

    * :class:`RunFailure` (and :class:`UpstreamMissing`): its own reason and retryable.
    * ``TimeoutError`` (also ``socket.timeout`` and, from Python 3.11, ``asyncio`` and ``concurrent.futures``
      timeouts): ``timeout``, retryable.
    * ``KeyboardInterrupt``, ``SystemExit`` with a non-zero status: ``error``, retryable.
    * anything else: ``error``, retryable — Rebound caps its attempts, and a run that failed on bad luck should get
      another.

    The message is ``ExceptionType: text``, cut to the schema's ``maxLength`` if it sets one.
    """
    if isinstance(failure, RunFailure):
        return FailureReport(failure.reason, fit(str(failure) or type(failure).__name__), failure.retryable)
    reason = "timeout" if isinstance(failure, TimeoutError) else "error"
    text = str(failure)
    if isinstance(failure, SystemExit):
        text = f"exited with status {failure.code}"
    message = f"{type(failure).__name__}: {text}" if text else type(failure).__name__
    return FailureReport(reason, fit(message), True)


def fit(message: str) -> str:
    """A message as long as the contract allows (an exception's text can be pages of SQL)."""
    limit = schema_for("pipeline.processor.failed.v1").max_length("message") or _DEFAULT_MAX_MESSAGE
    return message if len(message) <= limit else message[: max(0, limit - 1)] + "…"
