"""Reading a ``pipeline.processor.trigger.v1`` a processor received (pushed or pulled)."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any

from . import _events
from ._events import InvalidEvent
from ._trace import ATTRIBUTE as TRACEPARENT
from ._trace import TraceContext

PushBody = Mapping[str, Any] | str | bytes


@dataclass(frozen=True)
class Trigger:
    """Rebound asking a processor to run for a date, with what the run must carry on: the backfill id, the repair
    chain's ``correlation_id`` and the trace."""

    processor: str
    data_date: datetime.date
    reason: str
    backfill_id: str
    attempt: int
    requested_at: str
    ce_id: str
    correlation_id: str | None = None
    traceparent: str | None = None
    tracestate: str | None = None
    replay: bool = False
    message_id: str | None = None

    @property
    def kind(self) -> str:
        """The started event's ``trigger``: ``replay`` for a replayed trigger (attribute ``rebound_replay`` or a
        reason that says replay), ``manual`` for a reason that says manual, otherwise ``backfill``."""
        reason = self.reason.lower()
        if self.replay or "replay" in reason:
            return "replay"
        if "manual" in reason:
            return "manual"
        return "backfill"

    def is_for(self, processor: str) -> bool:
        """Whether it is addressed to ``processor`` (a shared subscription delivers every processor's)."""
        return self.processor == processor


def parse_trigger(body: PushBody) -> Trigger:
    """A trigger from a Pub/Sub push request body (``{"message": {"data", "attributes", ...}, "subscription"}``), a
    pulled message (``{"ackId", "message"}``), or a bare message (``{"data", "attributes"}``). Raises
    :class:`InvalidEvent` naming the field when it is not a valid trigger."""
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InvalidEvent.at("body", f"is not JSON: {e}") from e
    if not isinstance(body, Mapping):
        raise InvalidEvent.at("body", "must be a JSON object (a Pub/Sub push body)")
    path = "body.message"
    message = body.get("message")
    if message is None and "data" in body:
        message, path = body, "body"
    if not isinstance(message, Mapping):
        raise InvalidEvent.at("body.message", "is required (a Pub/Sub push body)")
    encoded = message.get("data")
    if not isinstance(encoded, str):
        raise InvalidEvent.at(f"{path}.data", "is required (base64)")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as e:
        raise InvalidEvent.at(f"{path}.data", "is not base64") from e
    attributes = message.get("attributes") or {}
    if not isinstance(attributes, Mapping):
        raise InvalidEvent.at(f"{path}.attributes", "must be an object")
    ce_type = attributes.get(_events.TYPE)
    if ce_type != _events.TRIGGER:
        raise InvalidEvent.at(f"attributes.{_events.TYPE}", f"is {ce_type!r}, not {_events.TRIGGER}")
    payload = _events.decode(data, attributes)
    trace = TraceContext.parse(attributes.get(TRACEPARENT))
    return Trigger(processor=payload["processor"], data_date=datetime.date.fromisoformat(payload["data_date"]),
                   reason=payload["reason"], backfill_id=payload["backfill_id"], attempt=payload["attempt"],
                   requested_at=payload["requested_at"], ce_id=attributes[_events.ID],
                   correlation_id=attributes.get(_events.CORRELATION_ID),
                   traceparent=trace.traceparent if trace else None, tracestate=attributes.get("tracestate"),
                   replay=str(attributes.get(_events.REPLAY, "")).lower() == "true",
                   message_id=message.get("messageId") or message.get("message_id"))
