"""One processor run reported to Rebound: started, heartbeats while it shows life, completed or failed."""

from __future__ import annotations

import datetime
import enum
import logging
import re
import threading
import time
import uuid
from types import TracebackType
from collections.abc import Mapping
from typing import Any, Literal

from . import _events
from ._client import Client, default_client
from ._events import InvalidEvent, Message
from ._failures import FailureReport, report
from ._trace import ATTRIBUTE as TRACEPARENT
from ._trace import TraceContext
from ._trigger import PushBody, Trigger, parse_trigger

log = logging.getLogger("rebound_processor")

DEFAULT_HEARTBEAT_INTERVAL = 60
DEFAULT_STALL_AFTER = 600.0


class _State(enum.Enum):
    CREATED = "created"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


def source_name(processor: str) -> str:
    """``PlayerGameSummaryProcessor`` → ``player-game-summary``, as in ``//processors/player-game-summary``."""
    name = processor[: -len("Processor")] if len(processor) > len("Processor") and processor.endswith("Processor") \
        else processor
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    name = re.sub(r"([A-Z])([A-Z][a-z])", r"\1-\2", name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"


def _date_text(value: datetime.date | str | None, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        raise InvalidEvent.at(field, f"must be a date, not a datetime ({value.isoformat()})")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise InvalidEvent.at(field, f"must be a date or YYYY-MM-DD, was {value!r}")


class Run:
    """A context manager around a run's work; see :func:`rebound_processor.run`."""

    def __init__(self, processor: str, data_date: datetime.date | str | None = None, *,
                 trigger: Trigger | PushBody | None = None, heartbeat_interval: int = DEFAULT_HEARTBEAT_INTERVAL,
                 stall_after: float | None = DEFAULT_STALL_AFTER, run_id: str | None = None,
                 source: str | None = None, kind: str | None = None, client: Client | None = None) -> None:
        parsed = trigger if isinstance(trigger, Trigger) or trigger is None else parse_trigger(trigger)
        date_text = _date_text(data_date, "data_date")
        if parsed is not None:
            if not parsed.is_for(processor):
                raise InvalidEvent.at("trigger.processor", f"is {parsed.processor!r} but the run is for {processor!r}")
            if date_text is None:
                date_text = parsed.data_date.isoformat()
            elif date_text != parsed.data_date.isoformat():
                raise InvalidEvent.at("trigger.data_date", f"is {parsed.data_date} but the run is for {date_text}")
        if isinstance(heartbeat_interval, bool) or not isinstance(heartbeat_interval, int) or heartbeat_interval < 1:
            raise InvalidEvent.at("data.heartbeat_interval_s",
                                  f"must be a whole number of seconds >= 1, was {heartbeat_interval!r}")
        if stall_after is not None and stall_after < 0:
            raise ValueError(f"stall_after must be seconds >= 0 or None, was {stall_after!r}")
        self.processor = processor
        self.data_date = date_text
        self.trigger = parsed
        self.run_id = run_id or f"{processor}-{date_text}-{uuid.uuid4().hex[:8]}"
        self.heartbeat_interval = heartbeat_interval
        self.stall_after = stall_after
        self.kind = kind or (parsed.kind if parsed else "scheduled")
        self._source = source or f"//processors/{source_name(processor)}"
        self._client = client or default_client()
        span = TraceContext.parse(parsed.traceparent if parsed else None)
        self.traceparent = (span.child() if span else TraceContext.new_root()).traceparent
        self._extensions = {TRACEPARENT: self.traceparent}
        if parsed is not None and parsed.tracestate:
            self._extensions["tracestate"] = parsed.tracestate
        self._correlation_id = parsed.correlation_id if parsed else None
        self._records_written = 0
        self._progress: dict[str, int] | None = None
        self._state = _State.CREATED
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._last_alive = 0.0
        self._beats: threading.Thread | None = None

    @property
    def records_written(self) -> int:
        return self._records_written

    @records_written.setter
    def records_written(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidEvent.at("data.records_written", f"must be an integer >= 0, was {value!r}")
        self._records_written = value

    def progress(self, done: int, total: int) -> None:
        """Progress so far, sent with the next heartbeat; also a sign of life."""
        for name, value in (("done", done), ("total", total)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidEvent.at(f"data.progress.{name}", f"must be an integer >= 0, was {value!r}")
        with self._lock:
            self._progress = {"done": done, "total": total}
            self._last_alive = time.monotonic()

    def alive(self) -> None:
        """A sign of life without a count: call it while waiting on something long (a query, a download)."""
        with self._lock:
            self._last_alive = time.monotonic()

    def _message(self, ce_type: str, data: Mapping[str, Any], at: datetime.datetime) -> Message:
        return _events.encode(ce_type, {"processor": self.processor, "run_id": self.run_id,
                                        "data_date": self.data_date, **data},
                              source=self._source, time=at, correlation_id=self._correlation_id,
                              extensions=self._extensions)

    def __enter__(self) -> Run:
        if self._state is not _State.CREATED:
            raise RuntimeError(f"{self} has already been started")
        now = _events.utc_now()
        started = self._message(_events.STARTED, {
            "started_at": _events.timestamp(now), "heartbeat_interval_s": self.heartbeat_interval,
            "trigger": self.kind, "backfill_id": self.trigger.backfill_id if self.trigger else None}, now)
        delivery = self._client.publish(started)
        self._state = _State.RUNNING
        self._last_alive = time.monotonic()
        self._beats = threading.Thread(target=self._heartbeats, name=f"rebound-heartbeat-{self.run_id}",
                                       daemon=True)
        self._beats.start()
        if not delivery.wait(self._client.start_timeout):
            log.warning("%s: started not yet published after %.1f s; the run goes on, the event keeps retrying",
                        self, self._client.start_timeout)
        return self

    def _heartbeats(self) -> None:
        due = time.monotonic() + self.heartbeat_interval
        stall_logged = False
        while not self._stop.wait(max(0.0, due - time.monotonic())):
            with self._lock:
                if self._state is not _State.RUNNING:
                    return
                if self.stall_after is None or due - self._last_alive <= self.stall_after:
                    now = _events.utc_now()
                    try:
                        self._client.publish(self._message(_events.HEARTBEAT, {
                            "at": _events.timestamp(now), "progress": self._progress}, now))
                    except (InvalidEvent, RuntimeError) as e:
                        log.error("%s: heartbeat not sent: %s", self, e)
                    stall_logged = False
                elif not stall_logged:
                    stall_logged = True
                    log.warning("%s has shown no progress for %g s: heartbeats stop until it does, so that Rebound "
                                "sees a hung run", self, self.stall_after)
            due += self.heartbeat_interval

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
        succeeded = exc is None or (isinstance(exc, SystemExit) and exc.code in (0, None))
        now = _events.utc_now()
        with self._lock:
            self._state = _State.COMPLETED if succeeded else _State.FAILED
            self._stop.set()
        if succeeded:
            message = self._message(_events.COMPLETED, {"completed_at": _events.timestamp(now),
                                                        "records_written": self._records_written}, now)
        else:
            assert exc is not None
            failure: FailureReport = report(exc)
            message = self._message(_events.FAILED, {"failed_at": _events.timestamp(now), "reason": failure.reason,
                                                     "message": failure.message, "retryable": failure.retryable}, now)
        delivery = self._client.publish(message)
        if not delivery.wait(self._client.flush_timeout):
            log.error("%s: %s not published within %.1f s (%s); still retrying in the background",
                      self, message.ce_type, self._client.flush_timeout, delivery.error or "no answer yet")
        return False

    def __repr__(self) -> str:
        return f"{self.processor}({self.data_date}) run {self.run_id}"


def run(processor: str, data_date: datetime.date | str | None = None, *,
        trigger: Trigger | PushBody | None = None, heartbeat_interval: int = DEFAULT_HEARTBEAT_INTERVAL,
        stall_after: float | None = DEFAULT_STALL_AFTER, run_id: str | None = None, source: str | None = None,
        kind: str | None = None, client: Client | None = None) -> Run:
    """Reports the work of a ``with`` block as one run of ``processor`` for ``data_date``.

    ``started`` is published on entry (waiting up to the client's start timeout), a heartbeat every
    ``heartbeat_interval`` seconds from a background thread while the block shows life, ``completed`` with
    ``run.records_written`` when the block ends normally, ``failed`` when it raises (see
    :func:`rebound_processor.failure_report` for the mapping); the exception then goes on. ``trigger`` is the
    trigger that asked for the run — a push body, a pulled message or a :class:`Trigger` — whose backfill id,
    correlation id and trace every event of the run carries; ``data_date`` defaults to the trigger's.

    A hung block must not look alive: when it has shown no life (``run.progress``, ``run.alive``) for
    ``stall_after`` seconds (default 600; None: never), heartbeats stop until it does, so heartbeat-tracker declares
    the run stuck and Rebound repairs it. Publishing never raises into the block.
    """
    return Run(processor, data_date, trigger=trigger, heartbeat_interval=heartbeat_interval, stall_after=stall_after,
               run_id=run_id, source=source, kind=kind, client=client)
