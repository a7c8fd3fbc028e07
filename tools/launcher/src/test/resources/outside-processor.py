#!/usr/bin/env python3
"""A processor that is not Rebound's: it takes part through the event contract alone (docs/events.md), publishing
to the Pub/Sub emulator's REST API with nothing but the standard library, and stamps its events with its own
(real) clock, as every real processor does.

It publishes started, then a heartbeat every INTERVAL_S seconds until HEARTBEAT_UNTIL (epoch seconds) and at least
one however late its start was (a loaded machine can take seconds to start Python and publish), then exits without
completing: a run that goes silent. One JSON line per published event on stdout: {"type", "ce_id", "at"}.

usage: outside-processor.py EMULATOR_HOST PROJECT PROCESSOR RUN_ID DATA_DATE INTERVAL_S HEARTBEAT_UNTIL
"""
import base64
import json
import sys
import time
import urllib.request
import uuid
from datetime import datetime, timezone

TOPIC = "processor-heartbeats"


def now_rfc3339():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def publish(host, project, ce_type, processor, data_date, data):
    at = data.get("at") or data.get("started_at")
    attributes = {
        "ce-specversion": "1.0",
        "ce-id": str(uuid.uuid4()),
        "ce-source": "//processors/outside-processor",
        "ce-type": ce_type,
        "ce-time": at,
        "content-type": "application/json",
        "processor": processor,
        "data_date": data_date,
    }
    body = json.dumps({"messages": [{
        "data": base64.b64encode(json.dumps(data).encode("utf-8")).decode("ascii"),
        "attributes": attributes,
    }]}).encode("utf-8")
    request = urllib.request.Request(
        f"http://{host}/v1/projects/{project}/topics/{TOPIC}:publish", data=body,
        headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200:
            raise SystemExit(f"publish answered HTTP {response.status}")
    print(json.dumps({"type": ce_type, "ce_id": attributes["ce-id"], "at": at}), flush=True)


def main(host, project, processor, run_id, data_date, interval_s, heartbeat_until):
    interval = int(interval_s)
    until = float(heartbeat_until)
    run = {"processor": processor, "run_id": run_id, "data_date": data_date}
    publish(host, project, "pipeline.processor.started.v1", processor, data_date,
            {**run, "started_at": now_rfc3339(), "heartbeat_interval_s": interval, "trigger": "manual"})
    beats = 0
    while True:
        time.sleep(interval)
        if beats > 0 and time.time() > until:
            return
        publish(host, project, "pipeline.processor.heartbeat.v1", processor, data_date, {**run, "at": now_rfc3339()})
        beats += 1


if __name__ == "__main__":
    if len(sys.argv) != 8:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
