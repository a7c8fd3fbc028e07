"""A scraper announcing its files at the source, so the processors they feed do not wait for the bridge."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from . import _events
from ._client import Client, default_client
from ._run import _date_text
from ._trace import ATTRIBUTE as TRACEPARENT
from ._trace import TraceContext

log = logging.getLogger("rebound_processor")


def scraper_completed(scraper: str, data_date: datetime.date | str, objects: Sequence[str], *,
                      source: str | None = None, client: Client | None = None) -> str:
    """Publishes ``pipeline.scraper.completed.v1`` for files that have landed (``gs://bucket/object`` paths) and
    waits up to the client's flush timeout for Pub/Sub to accept it. Returns the event's ce-id. Invalid input raises
    :class:`InvalidEvent` naming the field; a publish failure is logged and retried, never raised."""
    client = client or default_client()
    now = _events.utc_now()
    message = _events.encode(_events.SCRAPER_COMPLETED, {
        "scraper": scraper, "data_date": _date_text(data_date, "data_date"), "completed_at": _events.timestamp(now),
        "objects": list(objects), "source": "scraper"}, source=source or f"//scrapers/{scraper}", time=now,
        extensions={TRACEPARENT: TraceContext.new_root().traceparent})
    delivery = client.publish(message)
    if not delivery.wait(client.flush_timeout):
        log.error("Scraper completion of %s(%s) not published within %.1f s (%s); still retrying in the background",
                  scraper, data_date, client.flush_timeout, delivery.error or "no answer yet")
    return message.ce_id
