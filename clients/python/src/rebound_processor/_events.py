"""The envelope of contract v1 (docs/events.md): CloudEvents 1.0 binary mode in Pub/Sub attributes, snake_case JSON
data validated against the vendored schemas, routing attributes ``processor`` and ``data_date``."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

from ._schema import Violation, schema_for

SPEC_VERSION = "ce-specversion"
ID = "ce-id"
SOURCE = "ce-source"
TYPE = "ce-type"
TIME = "ce-time"
CONTENT_TYPE = "content-type"
PROCESSOR = "processor"
DATA_DATE = "data_date"
CORRELATION_ID = "correlation_id"
REPLAY = "rebound_replay"

STARTED = "pipeline.processor.started.v1"
HEARTBEAT = "pipeline.processor.heartbeat.v1"
COMPLETED = "pipeline.processor.completed.v1"
FAILED = "pipeline.processor.failed.v1"
SCRAPER_COMPLETED = "pipeline.scraper.completed.v1"
TRIGGER = "pipeline.processor.trigger.v1"

# The topic of each type this client publishes or reads (shared-events' topic catalog; a test keeps them equal).
TOPICS = {
    STARTED: "processor-heartbeats",
    HEARTBEAT: "processor-heartbeats",
    COMPLETED: "processor-completions",
    FAILED: "processor-failures",
    SCRAPER_COMPLETED: "scraper-completions",
    TRIGGER: "processor-triggers",
}
# Types whose data is about one processor run: their routing attributes must repeat data.processor and data_date.
_RUN_SCOPED = frozenset({STARTED, HEARTBEAT, COMPLETED, FAILED, TRIGGER})

MAX_DATA_BYTES = 1024 * 1024  # rebound.events.max-data-bytes: the services refuse larger events


class InvalidEvent(ValueError):
    """An event that breaks the contract; ``violations`` say where (``data.run_id``) and why."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = list(violations)
        super().__init__("; ".join(str(v) for v in self.violations))

    @staticmethod
    def at(path: str, reason: str) -> InvalidEvent:
        return InvalidEvent([Violation(path, reason)])


@dataclass(frozen=True)
class Message:
    """A Pub/Sub message ready to publish: its topic, UTF-8 JSON data and string attributes."""

    topic: str
    data: bytes
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def ce_type(self) -> str:
        return self.attributes[TYPE]

    @property
    def ce_id(self) -> str:
        return self.attributes[ID]

    def about_run(self) -> tuple[str, str] | None:
        """(processor, run_id) when this is an event of one run."""
        if self.ce_type not in (STARTED, HEARTBEAT, COMPLETED, FAILED):
            return None
        run_id = json.loads(self.data).get("run_id")
        return (self.attributes[PROCESSOR], run_id)


def timestamp(moment: datetime.datetime) -> str:
    """RFC 3339 in UTC with milliseconds: ``2026-01-23T15:01:00.123Z``."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def encode(ce_type: str, data: Mapping[str, Any], *, source: str, time: datetime.datetime,
           correlation_id: str | None = None, extensions: Mapping[str, str] | None = None,
           ce_id: str | None = None) -> Message:
    """Validates an event and encodes it; raises :class:`InvalidEvent` naming every bad field."""
    if ce_type not in TOPICS:
        raise InvalidEvent.at("attributes.ce-type", f"this client does not publish '{ce_type}'")
    payload = _without_nulls(dict(data))
    violations = schema_for(ce_type).validate(payload)
    attributes: dict[str, str] = dict(extensions or {})
    attributes.update({SPEC_VERSION: "1.0", ID: ce_id or str(uuid.uuid4()), SOURCE: source, TYPE: ce_type,
                       TIME: timestamp(time), CONTENT_TYPE: "application/json"})
    if not source:
        violations.append(Violation("attributes.ce-source", "is required"))
    if ce_type in _RUN_SCOPED:
        if isinstance(payload.get("processor"), str):
            attributes[PROCESSOR] = payload["processor"]
        if isinstance(payload.get("data_date"), str):
            attributes[DATA_DATE] = payload["data_date"]
    if correlation_id:
        attributes[CORRELATION_ID] = correlation_id
    for key, value in attributes.items():
        if not isinstance(value, str):
            violations.append(Violation(f"attributes.{key}", f"must be a string, was {value!r}"))
    if violations:
        raise InvalidEvent(violations)
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if len(body) > MAX_DATA_BYTES:
        raise InvalidEvent.at("data", f"payload of {len(body)} bytes exceeds the limit of {MAX_DATA_BYTES} bytes")
    return Message(TOPICS[ce_type], body, attributes)


def decode(data: bytes, attributes: Mapping[str, str]) -> dict[str, Any]:
    """Checks a received message's envelope and validates its data; returns the data."""
    violations: list[Violation] = []
    spec_version = attributes.get(SPEC_VERSION)
    if spec_version != "1.0":
        violations.append(Violation(f"attributes.{SPEC_VERSION}", f"must be '1.0', was {spec_version!r}"))
    for required in (ID, SOURCE, TYPE, TIME):
        if not attributes.get(required):
            violations.append(Violation(f"attributes.{required}", "is required"))
    if violations:
        raise InvalidEvent(violations)
    ce_type = attributes[TYPE]
    if ce_type not in TOPICS:
        raise InvalidEvent.at(f"attributes.{TYPE}", f"unknown ce-type '{ce_type}'")
    try:
        payload = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise InvalidEvent.at("data", "is not valid UTF-8") from e
    except json.JSONDecodeError as e:
        raise InvalidEvent.at("data", f"is not JSON: {e.msg}") from e
    if not isinstance(payload, dict):
        raise InvalidEvent.at("data", "must be a JSON object")
    violations = schema_for(ce_type).validate(payload)
    if ce_type in _RUN_SCOPED and not violations:
        for attribute, key in ((PROCESSOR, "processor"), (DATA_DATE, "data_date")):
            if attributes.get(attribute) != payload[key]:
                violations.append(Violation(f"attributes.{attribute}",
                                            f"is {attributes.get(attribute)!r} but data.{key} is {payload[key]!r}"))
    if violations:
        raise InvalidEvent(violations)
    return payload
