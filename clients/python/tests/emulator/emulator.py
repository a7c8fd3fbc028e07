"""The real Pub/Sub emulator for these tests, through its REST API: the IT that runs them (PythonClientIT) starts
it, provisions the catalog's topics and passes where everything is in the environment."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import unittest
import urllib.request
import uuid
from pathlib import Path
from collections.abc import Callable
from typing import Any

HOST = os.environ.get("PUBSUB_EMULATOR_HOST")
PROJECT = os.environ.get("REBOUND_TEST_PROJECT")
TRIGGER_SUBSCRIPTION = os.environ.get("REBOUND_TEST_TRIGGER_SUBSCRIPTION")
TRACKER_URL = os.environ.get("REBOUND_TEST_TRACKER_URL")
MANIFEST = os.environ.get("REBOUND_TEST_MANIFEST")
REQUIRED = os.environ.get("REBOUND_REQUIRE_EMULATOR") == "1"
# heartbeat-tracker publishes this onto processor-heartbeats itself (docs/events.md); a processor never does
CANARY = "rebound.heartbeat.canary.v1"


def needs(*variables: str) -> Callable[[Any], Any]:
    """Skips (with what is missing) where the IT's environment is absent; under the IT, missing is a failure."""
    missing = [v for v in variables if not os.environ.get(v)]
    if missing and REQUIRED:
        raise RuntimeError(f"REBOUND_REQUIRE_EMULATOR=1 but {', '.join(missing)} not set")
    return unittest.skipIf(bool(missing), f"needs {', '.join(missing)} (run through PythonClientIT: "
                                          f"./mvnw -pl clients/python -am verify)")


def call(method: str, path: str, body: dict[str, Any] | None = None, project: str | None = None) -> Any:
    url = f"http://{HOST}/v1/projects/{project or PROJECT}/{path}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
    return json.loads(text) if text else {}


def create_topic(topic: str, project: str | None = None) -> None:
    call("PUT", f"topics/{topic}", {}, project)


def subscribe(topic: str, project: str | None = None) -> str:
    """A new pull subscription on a topic, receiving what is published from now on."""
    name = f"py-{uuid.uuid4().hex[:8]}--{topic}"
    call("PUT", f"subscriptions/{name}",
         {"topic": f"projects/{project or PROJECT}/topics/{topic}", "ackDeadlineSeconds": 30}, project)
    return name


class Pulled:
    """What a subscription received, kept once read: ``data`` (decoded JSON) and ``attributes`` per message."""

    def __init__(self, subscription: str, project: str | None = None) -> None:
        self.subscription = subscription
        self.project = project
        self.messages: list[dict[str, Any]] = []

    def pull(self) -> list[dict[str, Any]]:
        answer = call("POST", f"subscriptions/{self.subscription}:pull",
                      {"maxMessages": 100, "returnImmediately": True}, self.project)
        received = answer.get("receivedMessages", [])
        if received:
            call("POST", f"subscriptions/{self.subscription}:acknowledge",
                 {"ackIds": [r["ackId"] for r in received]}, self.project)
        for r in received:
            message = r["message"]
            if message.get("attributes", {}).get("ce-type") == CANARY:
                continue  # heartbeat-tracker's own canary through processor-heartbeats, not the client's
            self.messages.append({"raw": r, "attributes": message.get("attributes", {}),
                                  "data": json.loads(base64.b64decode(message["data"]))})
        return self.messages

    def wait_for(self, predicate: Callable[[list[dict[str, Any]]], bool],
                 timeout: float = 30.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while not predicate(self.pull()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.subscription}: not received within {timeout} s; got {self.messages}")
            threading.Event().wait(0.05)
        return self.messages

    def of_type(self, ce_type: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["attributes"].get("ce-type") == ce_type]


def unique(name: str) -> str:
    return f"{name}{uuid.uuid4().hex[:6]}"


_manifest_lock = threading.Lock()


def record(key: str, value: dict[str, Any]) -> None:
    """Tells PythonClientIT what a test did, so that it can check what arrived with the project's own codec."""
    if not MANIFEST:
        return
    with _manifest_lock:
        path = Path(MANIFEST)
        entries = json.loads(path.read_text()) if path.exists() else {}
        entries[key] = value
        path.write_text(json.dumps(entries, indent=2))
