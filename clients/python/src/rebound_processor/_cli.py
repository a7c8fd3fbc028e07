"""``python -m rebound_processor publish ...``: the contract's events from a shell job.

A job that cannot hold a Python ``with`` block around its work publishes each event itself::

    eval "$(python -m rebound_processor publish started --processor NightlyExport --data-date 2026-01-22 \\
            --format env)"                           # exports REBOUND_RUN_ID, REBOUND_TRACEPARENT, ...
    python -m rebound_processor publish heartbeat --done 10 --total 40
    python -m rebound_processor publish completed --records-written 40

Later commands take the run from those ``REBOUND_*`` variables. Exit status: 0 published, 2 invalid use (the message
names the field), 3 not accepted by Pub/Sub within ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import sys
import uuid
from collections.abc import Sequence
from typing import Any

from . import _events
from ._client import Client
from ._events import InvalidEvent, Message
from ._run import source_name
from ._trace import ATTRIBUTE as TRACEPARENT
from ._trace import TraceContext
from ._transport import ConfigurationError
from ._trigger import parse_trigger

EXIT_INVALID = 2
EXIT_NOT_PUBLISHED = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rebound_processor",
                                     description="Publish Rebound contract events (docs/events.md).")
    commands = parser.add_subparsers(dest="command", required=True)
    publish = commands.add_parser("publish", help="publish one event")
    kinds = publish.add_subparsers(dest="event", required=True)

    def run_event(name: str, help_text: str) -> argparse.ArgumentParser:
        p = kinds.add_parser(name, help=help_text)
        p.add_argument("--processor", default=os.environ.get("REBOUND_PROCESSOR"),
                       help="processor name (default $REBOUND_PROCESSOR)")
        p.add_argument("--data-date", default=os.environ.get("REBOUND_DATA_DATE"),
                       help="YYYY-MM-DD (default $REBOUND_DATA_DATE)")
        p.add_argument("--run-id", default=os.environ.get("REBOUND_RUN_ID"), help="default $REBOUND_RUN_ID")
        p.add_argument("--traceparent", default=os.environ.get("REBOUND_TRACEPARENT"),
                       help="the run's W3C traceparent (default $REBOUND_TRACEPARENT)")
        p.add_argument("--correlation-id", default=os.environ.get("REBOUND_CORRELATION_ID"),
                       help="default $REBOUND_CORRELATION_ID")
        p.add_argument("--source", help="ce-source (default //processors/<processor in kebab case>)")
        _common(p)
        return p

    started = run_event("started", "a run started")
    started.add_argument("--heartbeat-interval", type=int, default=60, help="seconds (default 60)")
    started.add_argument("--kind", choices=["scheduled", "backfill", "replay", "manual"],
                         help="why it runs (default: the trigger's, else scheduled)")
    started.add_argument("--backfill-id", help="default: the trigger's")
    started.add_argument("--trigger", help="file with the push body of the trigger that started the run ('-': stdin)")
    started.add_argument("--format", choices=["json", "env"], default="json",
                         help="env: print export lines for the following commands")
    heartbeat = run_event("heartbeat", "the run is alive")
    heartbeat.add_argument("--done", type=int)
    heartbeat.add_argument("--total", type=int)
    completed = run_event("completed", "the run's output is written")
    completed.add_argument("--records-written", type=int, required=True)
    failed = run_event("failed", "the run failed")
    failed.add_argument("--reason", choices=["error", "upstream_missing", "timeout"], default="error")
    failed.add_argument("--message", required=True)
    failed.add_argument("--not-retryable", action="store_true", help="running it again will not help")

    scraper = kinds.add_parser("scraper-completed", help="a scraper's files have landed")
    scraper.add_argument("--scraper", required=True)
    scraper.add_argument("--data-date", required=True)
    scraper.add_argument("--object", action="append", required=True, dest="objects",
                         help="gs://bucket/object of a landed file (repeat for several)")
    scraper.add_argument("--source", help="ce-source (default //scrapers/<scraper>)")
    _common(scraper)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", help="Google Cloud project (default $PUBSUB_PROJECT_ID, $GOOGLE_CLOUD_PROJECT, ...)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for Pub/Sub (default 30)")


def _required(args: argparse.Namespace, *names: str) -> None:
    for name in names:
        if not getattr(args, name):
            raise InvalidEvent.at(f"--{name.replace('_', '-')}", "is required (or its REBOUND_* variable)")


def _run_message(args: argparse.Namespace) -> tuple[Message, dict[str, str]]:
    """The event and the run's variables (for started's --format env)."""
    _required(args, "processor", "data_date")
    now = _events.utc_now()
    base: dict[str, Any] = {"processor": args.processor, "data_date": args.data_date}
    correlation, traceparent, run_id = args.correlation_id, args.traceparent, args.run_id
    if args.event == "started":
        trigger = None
        if args.trigger:
            if args.trigger == "-":
                raw = sys.stdin.read()
            else:
                with open(args.trigger, encoding="utf-8") as body:
                    raw = body.read()
            trigger = parse_trigger(raw)
        run_id = run_id or f"{args.processor}-{args.data_date}-{uuid.uuid4().hex[:8]}"
        if trigger is not None:
            parent = TraceContext.parse(trigger.traceparent)
            traceparent = traceparent or (parent.child() if parent else TraceContext.new_root()).traceparent
            correlation = correlation or trigger.correlation_id
        traceparent = traceparent or TraceContext.new_root().traceparent
        data = {"started_at": _events.timestamp(now), "heartbeat_interval_s": args.heartbeat_interval,
                "trigger": args.kind or (trigger.kind if trigger else "scheduled"),
                "backfill_id": args.backfill_id or (trigger.backfill_id if trigger else None)}
        ce_type = _events.STARTED
    else:
        _required(args, "run_id")
        if args.event == "heartbeat":
            progress = None
            if args.done is not None or args.total is not None:
                progress = {"done": args.done, "total": args.total}
            data, ce_type = {"at": _events.timestamp(now), "progress": progress}, _events.HEARTBEAT
        elif args.event == "completed":
            data = {"completed_at": _events.timestamp(now), "records_written": args.records_written}
            ce_type = _events.COMPLETED
        else:
            data = {"failed_at": _events.timestamp(now), "reason": args.reason, "message": args.message,
                    "retryable": not args.not_retryable}
            ce_type = _events.FAILED
    extensions = {TRACEPARENT: traceparent} if traceparent else {}
    message = _events.encode(ce_type, {**base, "run_id": run_id, **data},
                             source=args.source or f"//processors/{source_name(args.processor)}", time=now,
                             correlation_id=correlation, extensions=extensions)
    variables = {"REBOUND_PROCESSOR": args.processor, "REBOUND_DATA_DATE": args.data_date, "REBOUND_RUN_ID": run_id}
    if traceparent:
        variables["REBOUND_TRACEPARENT"] = traceparent
    if correlation:
        variables["REBOUND_CORRELATION_ID"] = correlation
    return message, variables


def _scraper_message(args: argparse.Namespace) -> Message:
    now = _events.utc_now()
    return _events.encode(_events.SCRAPER_COMPLETED, {
        "scraper": args.scraper, "data_date": args.data_date, "completed_at": _events.timestamp(now),
        "objects": args.objects, "source": "scraper"}, source=args.source or f"//scrapers/{args.scraper}", time=now,
        extensions={TRACEPARENT: TraceContext.new_root().traceparent})


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    args = _parser().parse_args(argv)
    variables: dict[str, str] = {}
    try:
        if args.event == "scraper-completed":
            message = _scraper_message(args)
        else:
            message, variables = _run_message(args)
        client = Client(project_id=args.project, start_timeout=0, flush_timeout=0)
    except (InvalidEvent, ConfigurationError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INVALID
    delivery = client.publish(message)
    published = delivery.wait(args.timeout)
    client.close()
    if not published:
        print(f"error: {message.ce_type} not published within {args.timeout:.0f} s: "
              f"{delivery.error or 'no answer from Pub/Sub'}", file=sys.stderr)
        return EXIT_NOT_PUBLISHED
    if getattr(args, "format", "json") == "env":
        for key, value in variables.items():
            print(f"export {key}={shlex.quote(value)}")
    else:
        print(json.dumps({"ce_id": message.ce_id, "ce_type": message.ce_type, "topic": message.topic,
                          **{k.removeprefix("REBOUND_").lower(): v for k, v in variables.items()}}))
    return 0
