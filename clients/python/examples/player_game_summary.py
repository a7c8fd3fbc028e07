"""An example processor that knows nothing of Rebound's services, only of the rebound_processor package.

It plays PlayerGameSummaryProcessor (a processor of the shipped NBA pipeline, so Rebound knows what to repair):
its first, scheduled run for --date hangs, fails or succeeds as --first-run says; every run Rebound triggers
afterwards succeeds. Triggers arrive by push, as on Cloud Run: this process serves POST /pubsub/push and, on the
local emulator, creates its own push subscription on processor-triggers pointed at it.

    ./rebound up --no-simulator; set -a; source .rebound/env; set +a
    PYTHONPATH=clients/python/src python3 clients/python/examples/player_game_summary.py --first-run hang

docs/processors.md walks through what happens next.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import rebound_processor as rebound

PROCESSOR = "PlayerGameSummaryProcessor"
GAMES = 8
log = logging.getLogger("player_game_summary")


def summarise_games(run: rebound.Run, behaviour: str) -> None:
    """The processor's own work: one step per game, each reported as progress (which is also a sign of life)."""
    for game in range(1, GAMES + 1):
        if game == 3 and behaviour == "hang":
            log.info("%s: waiting forever on a query that never returns (no progress from here on)", run.run_id)
            threading.Event().wait()
        if game == 3 and behaviour == "fail":
            raise ConnectionError("BigQuery: 503 backend unavailable while reading nba_raw.nbac_gamebook")
        threading.Event().wait(1.0)  # the time one game takes to summarise
        run.progress(game, GAMES)
    run.records_written = GAMES * 26


def run_once(data_date: str, behaviour: str, trigger: rebound.Trigger | None, heartbeat_interval: int) -> None:
    try:
        with rebound.run(PROCESSOR, data_date, trigger=trigger, heartbeat_interval=heartbeat_interval,
                         stall_after=2 * heartbeat_interval) as run:
            log.info("%s started (%s)", run.run_id, run.kind)
            summarise_games(run, behaviour)
        log.info("%s completed: %d records", run.run_id, run.records_written)
    except Exception as e:  # the run is reported failed already; this process keeps serving triggers
        log.info("run failed: %s", e)


class TriggerEndpoint(BaseHTTPRequestHandler):
    """Pub/Sub push: answer 2xx once the run has started, or for a message that is not ours (or not a trigger),
    so that Pub/Sub never redelivers it in a loop."""

    heartbeat_interval = 10

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            trigger = rebound.parse_trigger(body)
        except rebound.InvalidEvent as e:
            log.warning("Not a trigger, acknowledged and dropped: %s", e)
        else:
            if trigger.is_for(PROCESSOR):
                log.info("Trigger for %s(%s): %s, backfill %s, attempt %d", trigger.processor, trigger.data_date,
                         trigger.reason, trigger.backfill_id, trigger.attempt)
                threading.Thread(target=run_once, args=(trigger.data_date.isoformat(), "succeed", trigger,
                                                        self.heartbeat_interval)).start()
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


def subscribe_locally(port: int) -> None:
    """On the emulator only: the push subscription Terraform declares in production (with the filter
    attributes.processor = "PlayerGameSummaryProcessor", which the emulator ignores)."""
    host, project = os.environ["PUBSUB_EMULATOR_HOST"], os.environ.get("PUBSUB_PROJECT_ID", "rebound-local")
    name = "player-game-summary--processor-triggers"
    body = json.dumps({"topic": f"projects/{project}/topics/processor-triggers", "ackDeadlineSeconds": 60,
                       "pushConfig": {"pushEndpoint": f"http://127.0.0.1:{port}/pubsub/push"}}).encode()
    request = urllib.request.Request(f"http://{host}/v1/projects/{project}/subscriptions/{name}", data=body,
                                     method="PUT", headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=10).close()
        log.info("Push subscription %s -> http://127.0.0.1:%d/pubsub/push", name, port)
    except urllib.error.HTTPError as e:
        if e.code != 409:  # 409: it exists from an earlier start
            raise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--date", default="2026-01-22", help="data date of the scheduled run")
    parser.add_argument("--first-run", choices=["hang", "fail", "succeed"], default="hang")
    parser.add_argument("--port", type=int, default=8095, help="where Pub/Sub pushes triggers")
    parser.add_argument("--heartbeat-interval", type=int, default=10, help="seconds")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    TriggerEndpoint.heartbeat_interval = args.heartbeat_interval
    server = ThreadingHTTPServer(("127.0.0.1", args.port), TriggerEndpoint)
    if os.environ.get("PUBSUB_EMULATOR_HOST"):
        subscribe_locally(args.port)
    threading.Thread(target=run_once, args=(args.date, args.first_run, None, args.heartbeat_interval),
                     daemon=True).start()
    log.info("Serving triggers on :%d (Ctrl-C to stop)", args.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


if __name__ == "__main__":
    main()
