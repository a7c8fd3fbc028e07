"""W3C Trace Context (``traceparent``), as Rebound's services carry it in Pub/Sub attributes."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

ATTRIBUTE = "traceparent"
_TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})", re.ASCII)


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    span_id: str
    sampled: bool

    @staticmethod
    def parse(traceparent: str | None) -> TraceContext | None:
        """The trace of a ``traceparent`` value, or None when it is absent or malformed."""
        if not traceparent:
            return None
        m = _TRACEPARENT.fullmatch(traceparent.strip())
        if not m or m.group(1) == "0" * 32 or m.group(2) == "0" * 16:
            return None
        return TraceContext(m.group(1), m.group(2), int(m.group(3), 16) & 1 == 1)

    @staticmethod
    def new_root() -> TraceContext:
        return TraceContext(secrets.token_hex(16), secrets.token_hex(8), True)

    def child(self) -> TraceContext:
        """A new span in the same trace."""
        return TraceContext(self.trace_id, secrets.token_hex(8), self.sampled)

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{'01' if self.sampled else '00'}"
