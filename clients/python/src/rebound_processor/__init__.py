"""Make a processor or scraper a Rebound citizen.

>>> import rebound_processor as rebound
>>> with rebound.run("PlayerGameSummaryProcessor", data_date, trigger=push_body) as run:
...     for i, game in enumerate(games):
...         load(game)
...         run.progress(i + 1, len(games))
...     run.records_written = rows

Publishes the lifecycle events of docs/events.md (started, heartbeats, completed or failed) through the Pub/Sub
REST API with the standard library alone; see docs/processors.md.
"""

from ._client import Client, configure, default_client
from ._events import InvalidEvent, Message
from ._failures import FailureReport, RunFailure, UpstreamMissing
from ._failures import report as failure_report
from ._queue import Backoff
from ._run import Run, run
from ._schema import SchemaError, Violation
from ._scraper import scraper_completed
from ._transport import ConfigurationError, PublishError, PubSubRest
from ._trigger import Trigger, parse_trigger

__all__ = [
    "Backoff", "Client", "ConfigurationError", "FailureReport", "InvalidEvent", "Message", "PubSubRest",
    "PublishError", "Run", "RunFailure", "SchemaError", "Trigger", "UpstreamMissing", "Violation", "configure",
    "default_client", "failure_report", "parse_trigger", "run", "scraper_completed",
]
