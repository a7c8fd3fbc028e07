"""What the unit tests share: the repository's contract sources, and a transport that records what it is given."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from rebound_processor import Message, PublishError


def repository_root() -> Path:
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared-events").is_dir():
            return parent
    raise RuntimeError("these tests run inside the Rebound repository (shared-events/ not found above them)")


SHARED_SCHEMAS = repository_root() / "shared-events/src/main/resources/rebound/schemas/v1"
VENDORED_SCHEMAS = repository_root() / "clients/python/src/rebound_processor/schemas/v1"
TOPIC_CATALOG = repository_root() / "shared-events/src/main/resources/rebound/topic-catalog.json"
FIXTURES = repository_root() / "shared-events/src/test/resources/fixtures/v1"


class RecordingTransport:
    """Keeps every message it accepts; refuses the first ``failures`` like an unreachable Pub/Sub."""

    def __init__(self, failures: int = 0) -> None:
        self.messages: list[Message] = []
        self.attempts = 0
        self.failures_left = failures
        self._lock = threading.Lock()

    def publish(self, message: Message) -> str:
        with self._lock:
            self.attempts += 1
            if self.failures_left > 0:
                self.failures_left -= 1
                raise PublishError("HTTP 503 UNAVAILABLE")
            self.messages.append(message)
            return str(len(self.messages))

    def recover(self) -> None:
        with self._lock:
            self.failures_left = 0

    def of_type(self, ce_type: str) -> list[Message]:
        return [m for m in self.messages if m.ce_type == ce_type]

    def data(self, ce_type: str) -> list[dict[str, Any]]:
        return [json.loads(m.data) for m in self.of_type(ce_type)]


def eventually(predicate: Any, timeout: float = 10.0, what: str = "condition") -> None:
    """Waits (polling) until ``predicate()`` holds, failing after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        threading.Event().wait(0.02)
