"""Triggers as backfill-orchestrator sends them (contract v1), wrapped as Pub/Sub delivers them."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

from rebound_processor import _events
from rebound_processor._trace import TraceContext

REPAIR_TRACE = TraceContext.new_root()
NOW = datetime.datetime(2026, 1, 23, 15, 0, tzinfo=datetime.timezone.utc)


def trigger_message(processor: str = "PlayerGameSummaryProcessor", data_date: str = "2026-01-22",
                    reason: str = "stuck", backfill_id: str = "plan-7", **attributes: str) -> _events.Message:
    message = _events.encode(_events.TRIGGER, {
        "processor": processor, "data_date": data_date, "reason": reason, "backfill_id": backfill_id, "attempt": 1,
        "requested_at": "2026-01-23T15:00:00Z"}, source="//rebound/backfill-orchestrator", time=NOW,
        correlation_id=f"stuck:{processor}:{data_date}", extensions={"traceparent": REPAIR_TRACE.traceparent})
    message.attributes.update(attributes)
    return message


def push_body(message: _events.Message) -> dict[str, Any]:
    return {"subscription": "projects/p/subscriptions/player-game-summary--processor-triggers",
            "message": {"data": base64.b64encode(message.data).decode("ascii"), "attributes": message.attributes,
                        "messageId": "42", "publishTime": "2026-01-23T15:00:01Z"}}


def push_json(message: _events.Message) -> bytes:
    return json.dumps(push_body(message)).encode("utf-8")
