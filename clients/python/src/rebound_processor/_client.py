"""A process's connection to Rebound: where events go, and the queue that retries them."""

from __future__ import annotations

import atexit
import logging
import threading

from ._events import Message
from ._queue import Backoff, Delivery, PublishQueue
from ._transport import PubSubRest, Transport

log = logging.getLogger("rebound_processor")


class Client:
    """Publishes contract events through a background queue.

    By default to Pub/Sub as the environment says (``PUBSUB_EMULATOR_HOST``, ``PUBSUB_PROJECT_ID`` /
    ``GOOGLE_CLOUD_PROJECT``; see :class:`PubSubRest`). ``start_timeout`` is how long starting a run waits for its
    started event to be accepted, ``flush_timeout`` how long ending a run or closing the client waits for what is
    queued; neither ever raises: a publish that keeps failing is retried in the background with ``backoff`` and, if
    the process ends first, logged as lost (the run then looks silent, and Rebound repairs it). Closed at exit.
    """

    def __init__(self, *, project_id: str | None = None, emulator_host: str | None = None,
                 api_endpoint: str | None = None, transport: Transport | None = None,
                 backoff: Backoff | None = None, start_timeout: float = 10.0, flush_timeout: float = 30.0) -> None:
        if start_timeout < 0 or flush_timeout < 0:
            raise ValueError("start_timeout and flush_timeout must be >= 0")
        self.transport: Transport = transport or PubSubRest(project_id, emulator_host=emulator_host,
                                                            api_endpoint=api_endpoint)
        self.start_timeout = start_timeout
        self.flush_timeout = flush_timeout
        self._queue = PublishQueue(self.transport, backoff or Backoff())
        self._closed = False
        atexit.register(self.close)

    def publish(self, message: Message) -> Delivery:
        """Queues an encoded (already validated) message."""
        return self._queue.submit(message)

    def flush(self, timeout: float | None = None) -> bool:
        """Waits until everything queued so far is published; False when ``timeout`` (default flush_timeout) passed."""
        return self._queue.flush(self.flush_timeout if timeout is None else timeout)

    def backlog(self) -> int:
        """Messages not yet published."""
        return self._queue.backlog()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.close(self.flush_timeout)
            atexit.unregister(self.close)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: Client | None = None
_default_lock = threading.Lock()


def default_client() -> Client:
    """The process's client, created from the environment on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Client()
        return _default


def configure(**options: object) -> Client:
    """Replaces the default client with one built from these options (those of :class:`Client`)."""
    global _default
    client = Client(**options)  # type: ignore[arg-type]
    with _default_lock:
        previous, _default = _default, client
    if previous is not None:
        previous.close()
    return client
