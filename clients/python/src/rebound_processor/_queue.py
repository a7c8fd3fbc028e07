"""The background publisher: events leave in order from one thread, a failing publish is retried with backoff, and
the processor's own work never waits longer than the timeouts it chose."""

from __future__ import annotations

import collections
import logging
import random
import threading
import time
from dataclasses import dataclass, field

from ._events import HEARTBEAT, Message
from ._transport import PublishError, Transport

log = logging.getLogger("rebound_processor")


@dataclass(frozen=True)
class Backoff:
    """The wait doubles from ``initial`` to ``maximum`` seconds (half of it random, so that many processors do not
    retry in step) until a message has been failing for ``give_up_after`` seconds."""

    initial: float = 0.25
    maximum: float = 30.0
    give_up_after: float = 600.0

    def __post_init__(self) -> None:
        if not 0 < self.initial <= self.maximum or self.give_up_after < 0:
            raise ValueError(f"backoff needs 0 < initial <= maximum and give_up_after >= 0, was {self}")

    def delay(self, retry: int) -> float:
        ceiling = min(self.initial * float(2 ** min(max(retry - 1, 0), 20)), self.maximum)
        return ceiling / 2 + random.uniform(0, ceiling / 2)


@dataclass
class Delivery:
    """One queued message; ``done`` is set once it is published, superseded or given up (then ``error`` says why)."""

    message: Message
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None

    def wait(self, timeout: float) -> bool:
        """True when it was published within ``timeout`` seconds."""
        return self.done.wait(timeout) and self.error is None


class PublishQueue:
    def __init__(self, transport: Transport, backoff: Backoff) -> None:
        self._transport = transport
        self._backoff = backoff
        self._queue: collections.deque[Delivery] = collections.deque()
        self._in_flight: Delivery | None = None
        self._closed = False
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._drain, name="rebound-publisher", daemon=True)
        self._worker.start()

    def submit(self, message: Message) -> Delivery:
        delivery = Delivery(message)
        with self._changed:
            if self._closed:
                raise RuntimeError("the Rebound client is closed")
            if message.ce_type == HEARTBEAT:
                self._supersede_queued_heartbeat(message)
            self._queue.append(delivery)
            self._changed.notify_all()
        return delivery

    def _supersede_queued_heartbeat(self, newer: Message) -> None:
        run = newer.about_run()
        for older in [d for d in self._queue if d.message.ce_type == HEARTBEAT and d.message.about_run() == run]:
            self._queue.remove(older)
            older.done.set()

    def flush(self, timeout: float) -> bool:
        """Waits until everything queued so far is published or given up; False when the timeout came first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._queue or self._in_flight is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def backlog(self) -> int:
        with self._changed:
            return len(self._queue) + (1 if self._in_flight is not None else 0)

    def _drain(self) -> None:
        while True:
            with self._changed:
                while not self._queue and not self._closed:
                    self._changed.wait()
                if not self._queue:
                    return
                delivery = self._queue.popleft()
                self._in_flight = delivery
            self._publish_with_retries(delivery)
            with self._changed:
                self._in_flight = None
                self._changed.notify_all()

    def _publish_with_retries(self, delivery: Delivery) -> None:
        message = delivery.message
        first_failure: float | None = None
        retry = 0
        while True:
            try:
                self._transport.publish(message)
                if retry:
                    log.info("Published %s after %d retries", _describe(message), retry)
                delivery.done.set()
                return
            except Exception as e:  # a transport may fail in ways of its own; each is retried or reported
                now = time.monotonic()
                first_failure = now if first_failure is None else first_failure
                retryable = not isinstance(e, PublishError) or e.retryable
                if not retryable or now - first_failure >= self._backoff.give_up_after or self._stop.is_set():
                    log.error("Gave up publishing %s: %s", _describe(message), e)
                    delivery.error = e
                    delivery.done.set()
                    return
                retry += 1
                wait = self._backoff.delay(retry)
                # the first failure and every tenth retry: an outage of minutes must not drown the processor's log
                level = logging.WARNING if retry % 10 == 1 else logging.DEBUG
                log.log(level, "Publishing %s failed (%s); retry %d in %.2f s", _describe(message), e, retry, wait)
                if self._stop.wait(wait):
                    delivery.error = e
                    delivery.done.set()
                    return

    def close(self, timeout: float) -> None:
        """Waits up to ``timeout`` seconds for the backlog, then stops; what is left is logged as lost (those runs
        will look silent, and heartbeat-tracker will declare them stuck)."""
        drained = self.flush(timeout)
        with self._changed:
            self._closed = True
            lost = len(self._queue) + (1 if self._in_flight is not None else 0)
            for delivery in self._queue:
                delivery.error = RuntimeError("client closed")
                delivery.done.set()
            self._queue.clear()
            self._changed.notify_all()
        if not drained:
            self._stop.set()
        if lost:
            log.error("Closed with %d events unpublished after waiting %.1f s", lost, timeout)


def _describe(message: Message) -> str:
    about = message.attributes.get("processor")
    where = f" of {about}({message.attributes.get('data_date')})" if about else ""
    return f"{message.ce_type}{where} [{message.ce_id}]"
