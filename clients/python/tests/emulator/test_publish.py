import os
import shlex
import socket
import subprocess
import sys
import threading
import time
import unittest
import uuid

import rebound_processor as rebound
from rebound_processor import Backoff, Client, Message, PubSubRest

import emulator
from emulator import Pulled, needs, record, subscribe, unique

D = "2026-01-22"
FAST = Backoff(initial=0.05, maximum=0.2, give_up_after=60)
STARTED, HEARTBEAT = "pipeline.processor.started.v1", "pipeline.processor.heartbeat.v1"
COMPLETED, FAILED = "pipeline.processor.completed.v1", "pipeline.processor.failed.v1"


class HeldTransport:
    """A transport whose publishes wait while the test holds it (and the test waits for one in flight)."""

    def __init__(self, inner: PubSubRest) -> None:
        self.inner = inner
        self.lock = threading.Lock()

    def publish(self, message: Message) -> str:
        with self.lock:
            return self.inner.publish(message)

    def held(self) -> threading.Lock:
        return self.lock


@needs("PUBSUB_EMULATOR_HOST", "REBOUND_TEST_PROJECT")
class PublishThroughTheEmulatorTest(unittest.TestCase):
    client: Client

    @classmethod
    def setUpClass(cls) -> None:
        cls.client = Client(project_id=emulator.PROJECT, backoff=FAST)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.client.close()

    def lifecycle(self) -> tuple[Pulled, Pulled, Pulled]:
        return (Pulled(subscribe("processor-heartbeats")), Pulled(subscribe("processor-completions")),
                Pulled(subscribe("processor-failures")))

    def test_a_runs_events_reach_pubsub(self) -> None:
        beats, completions, _ = self.lifecycle()
        processor = unique("PyCompletedProcessor")
        with rebound.run(processor, D, heartbeat_interval=1, client=self.client) as run:
            run.progress(2, 8)
            beats.wait_for(lambda m: len(beats.of_type(HEARTBEAT)) >= 1)
            run.records_written = 8
        completions.wait_for(lambda m: len(m) == 1)
        self.assertEqual(completions.messages[0]["data"]["records_written"], 8)
        self.assertEqual(beats.of_type(STARTED)[0]["data"]["run_id"], run.run_id)
        self.assertEqual(beats.of_type(HEARTBEAT)[0]["data"]["progress"], {"done": 2, "total": 8})
        record("completed", {"processor": processor, "run_id": run.run_id})

    def test_a_block_that_raises_publishes_failed(self) -> None:
        _, _, failures = self.lifecycle()
        processor = unique("PyRaisingProcessor")
        with self.assertRaises(ZeroDivisionError):
            with rebound.run(processor, D, client=self.client) as run:
                run.records_written = 1 // 0
        failed = failures.wait_for(lambda m: len(m) == 1)[0]["data"]
        self.assertEqual((failed["reason"], failed["retryable"]), ("error", True))
        self.assertEqual(failed["message"], "ZeroDivisionError: integer division or modulo by zero")
        record("raised", {"processor": processor, "run_id": run.run_id, "message": failed["message"]})

    @needs("REBOUND_TEST_TRIGGER_SUBSCRIPTION")
    def test_a_trigger_sent_by_rebound_starts_a_run_in_its_trace(self) -> None:
        # pulled through REST, as a processor without a push endpoint receives its triggers
        trigger_message = Pulled(emulator.TRIGGER_SUBSCRIPTION).wait_for(lambda m: len(m) >= 1)[0]
        trigger = rebound.parse_trigger(trigger_message["raw"])
        beats, completions, _ = self.lifecycle()
        with rebound.run(trigger.processor, trigger=trigger, client=self.client) as run:
            run.records_written = 3
        completions.wait_for(lambda m: len(m) == 1)
        started = beats.wait_for(lambda m: len(m) == 1)[0]
        self.assertEqual(started["data"]["backfill_id"], trigger.backfill_id)
        self.assertEqual(started["attributes"]["correlation_id"], trigger.correlation_id)
        assert trigger.traceparent is not None
        self.assertEqual(started["attributes"]["traceparent"].split("-")[1], trigger.traceparent.split("-")[1])
        record("traced", {"processor": trigger.processor, "run_id": run.run_id, "trigger_ce_id": trigger.ce_id})

    def test_a_scraper_announces_its_files(self) -> None:
        done = Pulled(subscribe("scraper-completions"))
        scraper = unique("py-scraper-")
        ce_id = rebound.scraper_completed(scraper, D, ["gs://nba-scraped-data/espn/rosters/2026-01-22/team_POR.json"],
                                          client=self.client)
        message = done.wait_for(lambda m: len(m) == 1)[0]
        self.assertEqual((message["attributes"]["ce-id"], message["data"]["source"]), (ce_id, "scraper"))
        record("scraper", {"scraper": scraper, "ce_id": ce_id})

    def test_a_shell_job_publishes_its_run_with_the_command_line(self) -> None:
        beats, completions, _ = self.lifecycle()
        processor = unique("PyShellProcessor")
        env = dict(os.environ, PUBSUB_PROJECT_ID=emulator.PROJECT or "")
        cli = [sys.executable, "-m", "rebound_processor", "publish"]
        started = subprocess.run(cli + ["started", "--processor", processor, "--data-date", D, "--format", "env"],
                                 env=env, capture_output=True, text=True, check=True)
        for line in started.stdout.splitlines():
            key, value = shlex.split(line.removeprefix("export "))[0].split("=", 1)
            env[key] = value
        subprocess.run(cli + ["heartbeat", "--done", "1", "--total", "2"], env=env, check=True, capture_output=True)
        subprocess.run(cli + ["completed", "--records-written", "2"], env=env, check=True, capture_output=True)
        refused = subprocess.run(cli + ["completed", "--records-written", "-1"], env=env, capture_output=True,
                                 text=True, check=False)
        self.assertEqual(refused.returncode, 2)
        self.assertIn("data.records_written: must be >= 0", refused.stderr)
        completions.wait_for(lambda m: len(m) == 1)
        beats.wait_for(lambda m: len(m) == 2)
        self.assertEqual({m["data"]["run_id"] for m in beats.messages + completions.messages}, {env["REBOUND_RUN_ID"]})
        record("cli", {"processor": processor, "run_id": env["REBOUND_RUN_ID"]})

    def test_publishes_refused_because_the_topics_do_not_exist_yet_go_through_once_they_do(self) -> None:
        late = f"late-{uuid.uuid4().hex[:8]}"
        transport = HeldTransport(PubSubRest(late))
        with Client(transport=transport, backoff=FAST, start_timeout=0.5) as client:
            processor = unique("PyLateTopicsProcessor")
            before = time.monotonic()
            with rebound.run(processor, D, client=client) as run:
                # started was refused (NOT_FOUND): entering waited its start timeout, then let the work go on
                self.assertGreaterEqual(time.monotonic() - before, 0.5)
                # Pub/Sub drops a message published to a topic without subscriptions: the retried publishes wait
                # until each topic has its test subscription, so none lands in between
                with transport.held():
                    for topic in ("processor-heartbeats", "processor-completions"):
                        emulator.create_topic(topic, late)
                    beats = Pulled(subscribe("processor-heartbeats", late), late)
                    completions = Pulled(subscribe("processor-completions", late), late)
                run.records_written = 5
        beats.wait_for(lambda m: len(m) == 1)
        completions.wait_for(lambda m: len(m) == 1)
        self.assertEqual(beats.messages[0]["data"]["run_id"], run.run_id)

    def test_an_unreachable_pubsub_never_fails_the_processors_work(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            nowhere = f"127.0.0.1:{s.getsockname()[1]}"
        client = Client(project_id=emulator.PROJECT, emulator_host=nowhere, backoff=FAST, start_timeout=0.3,
                        flush_timeout=0.3)
        before = time.monotonic()
        with rebound.run(unique("PyUnreachableProcessor"), D, client=client) as run:
            rows = sum(range(5))
            run.records_written = rows
        client.close()
        self.assertEqual(rows, 10)
        self.assertLess(time.monotonic() - before, 5)


if __name__ == "__main__":
    unittest.main()
